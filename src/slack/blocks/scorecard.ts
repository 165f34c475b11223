import type { types } from '@slack/bolt';
import type { Performance, PublicStats, ScoreResult } from '../../analysis/types.js';
import type { MetricGroup } from '../../mavera/types.js';
import { fmtCount, fmtPct } from '../../scoring/format.js';
import { ACTION_IDS, BLOCK_IDS, SLASH_COMMAND } from '../constants.js';
import { encodeActionValue } from '../payloads.js';
import { type DecisionTarget, decisionButton, decisionLine, type LoggedDecision } from './decision.js';
import { inline, mrkdwn, plain, plainText, slackDate } from './escape.js';
import { behavioural, money, score } from './format.js';
import { isFetchableImageUrl, LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

export interface ScorecardOptions {
  /** when set, the Scale / Kill buttons give way to a "Kill logged by …" line */
  decision?: LoggedDecision | null;
  /** ms epoch; reserved for relative wording, kept so snapshots stay deterministic */
  now: number;
}

function plainButton(actionId: string, label: string, value: string, confirm?: types.ConfirmationDialog): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plainText(label, LIMITS.buttonText),
    value,
    ...(confirm ? { confirm } : {}),
  };
}

function seconds(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(1)} s`;
}

function groupLine(label: string, group: MetricGroup | null): string | null {
  if (group === null) return null;
  const parts: string[] = [];
  if (group.score !== null) parts.push(`${score(group.score)}/100`);
  if (group.summary) parts.push(inline(group.summary));
  if (parts.length === 0) return null;
  return `*${label}:* ${parts.join(' — ')}`;
}

function analysisSection(result: ScoreResult): types.SectionBlock {
  const a = result.analysis;
  const hook = `*Hook score:* ${score(a.hookScore)}/100${a.hookAssessment ? ` — ${inline(a.hookAssessment, 1000)}` : ''}`;
  const peak = a.emotionalArc.peakEmotion
    ? `*Emotional peak:* ${inline(a.emotionalArc.peakEmotion, 100)} at ${seconds(a.emotionalArc.peakTimestampS)}`
    : '*Emotional peak:* —';
  const load = `*Avg cognitive load:* ${score(a.cognitiveLoad.average)}/10`;
  const lines = [hook, peak, load, groupLine('Pacing', a.pacing), groupLine('Visual complexity', a.visualComplexity)];
  const section: types.SectionBlock = {
    type: 'section',
    text: mrkdwn(lines.filter((l): l is string => l !== null).join('\n'), LIMITS.sectionText),
  };
  // Slack fetches the cover when it checks the message and refuses the whole message when it cannot.
  if (result.coverUrl && isFetchableImageUrl(result.coverUrl)) {
    section.accessory = {
      type: 'image',
      image_url: result.coverUrl,
      alt_text: plain(`Cover of ${result.adName}`, LIMITS.imageAltText),
    };
  }
  return section;
}

function field(label: string, value: string): types.MrkdwnElement {
  return mrkdwn(`*${label}*\n${value}`, LIMITS.fieldText);
}

function performanceBlocks(perf: Performance): types.KnownBlock[] {
  const f = perf.funnel;
  const m = perf.metrics;
  const fields = [
    field('Spend', money(m.spend, perf.currency)),
    field('Impressions', fmtCount(m.impressions)),
    field('CTR', fmtPct(f.ctr)),
    field('CVR', fmtPct(f.cvr)),
    field('CPA', money(f.cpa, perf.currency)),
    field('Hook rate', fmtPct(f.hookRate)),
    field('Hold rate', fmtPct(f.holdRate)),
  ].slice(0, LIMITS.fields);
  return [
    { type: 'section', text: mrkdwn('*Performance*'), fields },
    {
      type: 'context',
      elements: [
        mrkdwn(`${inline(perf.startDate, 20)} – ${inline(perf.endDate, 20)} (account time zone)`),
        mrkdwn(
          'CTR = clicks ÷ impressions · CVR = conversions ÷ clicks · CPA = spend ÷ conversions · ' +
            'Hook rate = 2-second views ÷ impressions · Hold rate = 6-second views ÷ 2-second views',
        ),
      ],
    },
  ];
}

function publicStatsBlocks(stats: PublicStats): types.KnownBlock[] {
  const fields = [
    field('Plays', fmtCount(stats.plays)),
    field('Likes', fmtCount(stats.likes)),
    field('Comments', fmtCount(stats.comments)),
    field('Shares', fmtCount(stats.shares)),
    field('Saves', fmtCount(stats.saves)),
    field('Engagement rate', fmtPct(stats.engagementRate)),
  ];
  const about: string[] = ['Public stats'];
  if (stats.authorHandle) about.push(`@${inline(stats.authorHandle.replace(/^@/, ''), 100)}`);
  if (stats.createdAt !== null) about.push(`posted ${slackDate(stats.createdAt, '{date_short_pretty}')}`);
  return [
    { type: 'section', text: mrkdwn('*Public stats*'), fields },
    {
      type: 'context',
      elements: [mrkdwn(about.join(' · ')), mrkdwn('Engagement rate = (likes + comments + shares + saves) ÷ plays')],
    },
  ];
}

function creditsLine(credits: ScoreResult['credits']): string {
  const budget = credits.budget === null ? '' : ` of ${fmtCount(credits.budget)} budget`;
  return `≈${fmtCount(credits.estimated)} credits · ${fmtCount(credits.usedThisMonth)} used this month${budget}`;
}

function analysedLine(result: ScoreResult): string {
  const parts: string[] = [];
  if (result.source === 'organic') {
    parts.push(`TikTok video \`${inline(result.videoId, 100)}\``);
  } else {
    parts.push(`Ad \`${inline(result.adId, 100)}\``, `video \`${inline(result.videoId, 100)}\``);
  }
  let analysed = `analysed ${slackDate(result.analysedAt)}`;
  if (result.cached) {
    analysed += ` (cached — \`${SLASH_COMMAND} ${inline(result.adId, 100)} --refresh\` to re-analyse)`;
  }
  parts.push(analysed);
  return parts.join(' · ');
}

function actionButtons(result: ScoreResult, decision: LoggedDecision | null): types.Button[] {
  const target: DecisionTarget = { adId: result.adId, adName: result.adName, videoId: result.videoId };
  const value = encodeActionValue(target);
  if (value === null) return [];
  const buttons: types.Button[] = [];
  if (decision === null) {
    for (const kind of ['SCALE', 'KILL'] as const) {
      const button = decisionButton(kind, target);
      if (button) buttons.push(button);
    }
  }
  buttons.push(
    plainButton(ACTION_IDS.reanalyse, 'Re-analyse', value, {
      title: plainText('Re-analyse this video?', LIMITS.confirmTitle),
      text: plainText(
        `Runs a new Mavera analysis of “${result.adName}” (≈${fmtCount(result.credits.estimated)} credits) instead of using the cached one.`,
        LIMITS.confirmText,
      ),
      confirm: plainText('Re-analyse', LIMITS.confirmButton),
      deny: plainText('Cancel', LIMITS.confirmButton),
    }),
  );
  if (result.source === 'organic') buttons.push(plainButton(ACTION_IDS.audience, 'Audience', value));
  return buttons.slice(0, LIMITS.actionsElements);
}

/**
 * The scorecard for one ad or organic video: what it scored, how it performed, the verdict, and the
 * Scale / Kill / Re-analyse buttons (or the logged decision once someone pressed one).
 */
export function buildScorecardMessage(result: ScoreResult, options: ScorecardOptions): SlackMessage {
  const decision = options.decision ?? null;
  const name = result.adName.trim() === '' ? result.adId : result.adName;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plainText(name, LIMITS.headerText) },
    { type: 'context', elements: [mrkdwn(analysedLine(result))] },
    analysisSection(result),
  ];

  if (result.performance) {
    blocks.push(...performanceBlocks(result.performance));
  } else if (result.source === 'ad') {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn('No delivery in the last 7 days, so no performance data: the verdict rests on the video alone.'),
      ],
    });
  }
  if (result.publicStats) blocks.push(...publicStatsBlocks(result.publicStats));

  const s = result.score;
  blocks.push(
    { type: 'divider' },
    {
      type: 'section',
      text: mrkdwn(`*Behavioural score:* ${behavioural(s.behavioural)} → *${s.verdict}*\n${inline(s.reason, 1500)}`),
    },
    { type: 'context', elements: [mrkdwn(creditsLine(result.credits))] },
  );

  if (decision) blocks.push({ type: 'context', elements: [mrkdwn(decisionLine(decision))] });
  const buttons = actionButtons(result, decision);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: BLOCK_IDS.scorecardActions, elements: buttons });

  const text = plain(
    `${name} (${result.adId}): hook ${score(result.analysis.hookScore)}/100, behavioural ${behavioural(s.behavioural)} → ${s.verdict}`,
    LIMITS.messageText,
  );
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}
