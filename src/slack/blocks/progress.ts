import type { ProgressEvent } from '../../analysis/types.js';
import { inline, mrkdwn, plain, subjectLabel } from './escape.js';
import { duration, megabytes } from './format.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

export interface ProgressState {
  adId: string;
  adName?: string | null;
  event: ProgressEvent;
  /** ms epoch when the request started */
  startedAt: number;
  /** ms epoch of this update */
  now: number;
}

const BAR_CELLS = 10;

/** `▰▰▰▰▱▱▱▱▱▱ 40 %` for a fraction in [0, 1]. */
export function progressBar(fraction: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * BAR_CELLS);
  return `${'▰'.repeat(filled)}${'▱'.repeat(BAR_CELLS - filled)} ${Math.floor(f * 100)} %`;
}

function transfer(label: string, bytes: number, totalBytes: number | null): { line: string; fraction: number | null } {
  if (totalBytes !== null && totalBytes > 0) {
    return {
      line: `${label} · ${megabytes(bytes)} of ${megabytes(totalBytes)} MB`,
      fraction: bytes / totalBytes,
    };
  }
  return { line: `${label} · ${megabytes(bytes)} MB so far`, fraction: null };
}

/** One line (plain, unescaped) saying what is happening now, and how far along it is when that is known. */
export function describeProgress(event: ProgressEvent): { line: string; fraction: number | null } {
  switch (event.stage) {
    case 'resolving':
      return { line: event.message.trim() || 'Resolving ad …', fraction: null };
    case 'queued':
      return { line: event.message.trim() || 'Waiting for a free slot …', fraction: null };
    case 'downloading':
      return transfer('Downloading video', event.bytes, event.totalBytes);
    case 'uploading': {
      if (event.totalBytes !== null && event.totalBytes > 0) {
        const fraction = event.bytes / event.totalBytes;
        return { line: `Uploading to Mavera · ${Math.floor(Math.min(1, fraction) * 100)} %`, fraction };
      }
      return transfer('Uploading to Mavera', event.bytes, null);
    }
    case 'analysing': {
      const parts = ['Analysing'];
      let fraction: number | null = null;
      if (event.processedChunks !== null && event.totalChunks !== null && event.totalChunks > 0) {
        parts.push(`${event.processedChunks}/${event.totalChunks} chunks`);
        fraction = event.processedChunks / event.totalChunks;
      }
      parts.push(`${duration(event.elapsedMs)} elapsed`);
      return { line: parts.join(' · '), fraction };
    }
    case 'done':
      return { line: 'Done — posting the scorecard …', fraction: 1 };
  }
}

/** The message that stands in for a scorecard while it is being made; updated in place as events arrive. */
export function buildProgressMessage(state: ProgressState): SlackMessage {
  const name = state.adName?.trim() ? state.adName : null;
  const title = name
    ? `:hourglass_flowing_sand: *Scoring ${inline(name, 200)}* (${inline(subjectLabel(state.adId), 120)})`
    : `:hourglass_flowing_sand: *Scoring ${inline(subjectLabel(state.adId), 120)}*`;
  const { line, fraction } = describeProgress(state.event);
  const lines = [title, inline(line, 500)];
  if (fraction !== null) lines.push(`\`${progressBar(fraction)}\``);
  const elapsed = duration(state.now - state.startedAt);
  return {
    text: plain(`Scoring ${name ?? state.adId}: ${line}`, LIMITS.messageText),
    blocks: [
      { type: 'section', text: mrkdwn(lines.join('\n'), LIMITS.sectionText) },
      {
        type: 'context',
        elements: [mrkdwn(`Requested ${elapsed} ago · this message updates as the work goes on`)],
      },
    ],
  };
}
