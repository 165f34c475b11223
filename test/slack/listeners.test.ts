import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS, SLASH_COMMAND } from '../../src/slack/constants.js';
import type { BotContext } from '../../src/slack/context.js';
import { registerListeners } from '../../src/slack/listeners/index.js';
import { memoryLogger } from '../support/logger.js';

/** An App that only records what is registered on it (registration touches nothing else). */
function recordingApp() {
  const registered: { kind: string; id: unknown }[] = [];
  const record =
    (kind: string) =>
    (id: unknown, ...handlers: unknown[]) => {
      expect(handlers.length, `${kind} ${String(id)} has a handler`).toBeGreaterThan(0);
      expect(handlers.every((h) => typeof h === 'function')).toBe(true);
      registered.push({ kind, id });
    };
  const app = {
    command: record('command'),
    action: record('action'),
    view: record('view'),
    shortcut: record('shortcut'),
    event: record('event'),
    message: record('message'),
    options: record('options'),
  };
  return { app: app as unknown as App, registered };
}

const count = (registered: { kind: string; id: unknown }[], kind: string, id: string) =>
  registered.filter((r) => r.kind === kind && r.id === id).length;

describe('registerListeners (every entry point of the Slack door)', () => {
  const { app, registered } = recordingApp();
  const logger = memoryLogger();
  // Registration only builds the handlers; nothing reads the context until Slack calls one.
  registerListeners(app, { logger } as unknown as BotContext);

  it('registers the slash command once', () => {
    expect(count(registered, 'command', SLASH_COMMAND)).toBe(1);
  });

  it.each(Object.entries(ACTION_IDS))('registers the %s button (%s) exactly once', (_name, actionId) => {
    expect(count(registered, 'action', actionId)).toBe(1);
  });

  it.each(Object.entries(CALLBACK_IDS))('registers the %s modal (%s) exactly once', (_name, callbackId) => {
    expect(count(registered, 'view', callbackId)).toBe(1);
  });

  it('registers nothing the bot does not own', () => {
    const owned = new Set<unknown>([SLASH_COMMAND, ...Object.values(ACTION_IDS), ...Object.values(CALLBACK_IDS)]);
    expect(registered.filter((r) => !owned.has(r.id))).toEqual([]);
    expect(registered).toHaveLength(owned.size);
  });
});
