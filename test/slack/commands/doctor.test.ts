import type { SlashCommand } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackSimulator } from '../../../src/sandbox/slack.js';
import { validateBlocks } from '../../../src/slack/blocks/limits.js';
import { BackgroundTasks, type BotContext } from '../../../src/slack/context.js';
import { doctorCommand } from '../../../src/slack/listeners/commands/doctor.js';
import type { CommandArgs } from '../../../src/slack/listeners/commands/types.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../../support/harness.js';

const APPROVER = 'UAPPROVER1';
const OTHER = 'UOTHER0001';

let h: Harness;
let slack: SlackSimulator;

beforeAll(async () => {
  h = await startHarness({ slack: { scopes: ['commands', 'chat:write', 'chat:write.public', 'files:write'] } });
  slack = h.slack as SlackSimulator;
});

afterAll(async () => {
  await h?.close();
});

/** Arguments as Bolt would pass them; `respond` posts to the simulator's response_url like Bolt's does. */
function buildArguments(userId: string, responseId: string) {
  const acks: unknown[] = [];
  const services = h.services({ DECISION_APPROVERS: APPROVER });
  const ctx: BotContext = { services, logger: h.logger, background: new BackgroundTasks(h.logger) };
  const args = {
    ack: async (response?: unknown) => {
      acks.push(response);
    },
    command: { user_id: userId, channel_id: 'C0SIMCHAN1', text: 'doctor' } as SlashCommand,
    client: {},
    respond: async (message: unknown) => {
      const res = await fetch(slack.responseUrl(responseId), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      });
      if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    },
    request: { kind: 'doctor' },
    ctx,
  } as unknown as CommandArgs<'doctor'>;
  return { args, acks, ctx };
}

describe('/creative-score doctor', () => {
  it('acks at once, then answers the approver with an ephemeral report', async () => {
    const { args, acks, ctx } = buildArguments(APPROVER, 'doctor-ok');
    await doctorCommand(args);
    expect(acks).toEqual([{ response_type: 'ephemeral', text: expect.stringContaining('Running checks…') }]);
    await ctx.background.idle();
    const [response] = slack.responsesTo('doctor-ok');
    expect(response?.responseType).toBe('ephemeral');
    expect(validateBlocks(response?.blocks)).toEqual([]);
    const body = JSON.stringify(response?.body);
    expect(body).toContain('All required checks passed.');
    expect(body).toContain('Simulated Team');
    for (const secret of [slack.botToken, SIGNING_SECRET, h.tiktok.accessToken, h.mavera.apiKey]) {
      expect(body).not.toContain(secret);
    }
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses anyone who is not an approver, ephemerally, without running checks', async () => {
    const { args, acks, ctx } = buildArguments(OTHER, 'doctor-refused');
    const authCalls = slack.callsTo('auth.test').length;
    await doctorCommand(args);
    expect(acks).toEqual([{ response_type: 'ephemeral', text: expect.stringContaining('Only decision approvers') }]);
    expect(ctx.background.size).toBe(0);
    expect(slack.responsesTo('doctor-refused')).toEqual([]);
    expect(slack.callsTo('auth.test').length).toBe(authCalls);
  });

  it('reports a failing check to the approver (wrong Mavera key)', async () => {
    const { args, ctx } = buildArguments(APPROVER, 'doctor-fail');
    (ctx.services.config.mavera as { apiKey: string | null }).apiKey = 'mvra_live_wrong-key-1234';
    await doctorCommand(args);
    await ctx.background.idle();
    const body = JSON.stringify(slack.responsesTo('doctor-fail')[0]?.body);
    expect(body).toContain('1 required check failed (Mavera API key)');
    expect(body).not.toContain('mvra_live_wrong-key-1234');
  });
});
