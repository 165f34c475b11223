import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/slack/blocks/limits.js';

/**
 * The bot's Block Kit limits pinned to Slack's documented numbers, written here as literals (docs.slack.dev, Block Kit
 * reference): a wrong limit in LIMITS cannot pass both this test and a simulator that would reuse it.
 */
describe('LIMITS are Slack’s documented numbers', () => {
  it.each([
    ['blocks', 50],
    ['sectionText', 3000],
    ['fields', 10],
    ['fieldText', 2000],
    ['headerText', 150],
    ['buttonText', 75],
    ['buttonValue', 2000],
    ['actionId', 255],
  ] as const)('%s is %i', (name, documented) => {
    expect(LIMITS[name]).toBe(documented);
  });
});
