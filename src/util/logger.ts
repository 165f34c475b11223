/** A small levelled logger that never prints registered secrets. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type LogSink = (level: LogLevel, line: string) => void;

const secrets = new Set<string>();

/** Registers a value (token, key, cookie) that must never appear in a log line. Short values are ignored. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  // Generic token shapes, in case something unregistered slips through.
  return out
    .replace(/xox[abpe]-[A-Za-z0-9-]{6,}/g, 'xox?-[redacted]')
    .replace(/xapp-[A-Za-z0-9-]{6,}/g, 'xapp-[redacted]')
    .replace(/(Access-Token|Authorization|Bearer|cookie)(["':=\s]+)[^\s"',;]{6,}/gi, '$1$2[redacted]');
}

function format(args: unknown[]): string {
  return args
    .map((a) => {
      if (a instanceof Error) return a.stack ?? `${a.name}: ${a.message}`;
      if (typeof a === 'string') return a;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

const stderrSink: LogSink = (level, line) => {
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${line}\n`);
};

export function createLogger(options: { level?: LogLevel; sink?: LogSink; name?: string } = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? stderrSink;
  const prefix = options.name ? `[${options.name}] ` : '';
  const log =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      if (ORDER[level] < min) return;
      sink(level, redact(prefix + format(args)));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
