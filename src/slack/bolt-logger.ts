import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../util/logger.js';

/** Bolt's logger interface on top of ours (so Bolt's lines get the same redaction). */
export function boltLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'bolt';
  return {
    debug: (...m) => logger.debug(`[${name}]`, ...m),
    info: (...m) => logger.info(`[${name}]`, ...m),
    warn: (...m) => logger.warn(`[${name}]`, ...m),
    error: (...m) => logger.error(`[${name}]`, ...m),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}
