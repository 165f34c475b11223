import type { z } from 'zod';

/** JSON read back from a table did not have the shape the code expects (an old row, a hand edit, a bug). */
export class StoredJsonError extends Error {
  override readonly name = 'StoredJsonError';
  constructor(
    readonly where: string,
    problem: string,
  ) {
    super(`stored JSON in ${where} is not readable: ${problem}`);
  }
}

/**
 * Parses JSON read from the store and checks it against `schema`, so the rest of the code trusts its types.
 * `where` names the table, key and column (e.g. `analyses[ad:123].analysis_json`); a bad value raises a
 * StoredJsonError naming it and the first field that is wrong.
 */
export function readJson<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new StoredJsonError(where, err instanceof Error ? err.message : String(err));
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `field "${issue.path.join('.')}" ` : '';
  throw new StoredJsonError(where, `${field}${issue?.message ?? 'unexpected shape'}`);
}

/** The row a statement just wrote (by its id); an Error when it is not there, which would be a bug. */
export function written<T>(row: T | undefined, where: string): T {
  if (row === undefined) throw new Error(`the row just written to ${where} cannot be read back`);
  return row;
}
