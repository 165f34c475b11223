import { mrkdwn } from '../../blocks/escape.js';
import type { Handler } from './types.js';

/** `/creative-score usage`: this month's Mavera analyses, credits, cache hits and credits saved. */
export const usageCommand: Handler<'usage'> = async ({ ack, ctx }) => {
  const { store, clock, config } = ctx.services;
  const u = store.usage.month(clock.now());
  const budget = config.mavera.monthlyCreditBudget;
  const lines = [
    `*Mavera usage for ${u.month}*`,
    `• New analyses: *${u.analyses}* · ≈ *${u.creditsUsed}* credits${budget ? ` of a ${budget}-credit monthly budget (${Math.max(0, budget - u.creditsUsed)} left)` : ''}`,
    `• Answered from the cache: *${u.cacheHits}* · ≈ *${u.creditsSaved}* credits saved`,
    'Credits are estimated from video length (Mavera: <30 s ≈ 150, 30–60 s ≈ 250, 1–3 min ≈ 400, longer ≈ 500).',
  ];
  const text = lines.join('\n');
  await ack({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: mrkdwn(text) }] });
};
