import { createLogger, type Logger } from '../../src/util/logger.js';

/** A logger that keeps every line (debug included) as `"<level> <line>"` for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (level, line) => lines.push(`${level} ${line}`) });
  return Object.assign(logger, { lines });
}
