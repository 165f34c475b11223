/**
 * A response_url that refused a post. `data.error` carries Slack's reason (`invalid_blocks`, `used_url`,
 * `expired_url` …) the way a Web API error does, so `slackErrorCode` reads both.
 */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  readonly data: { error: string };
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`response_url answered HTTP ${status} (${reason})`);
    this.data = { error: reason };
  }
}

/** Posts to a response_url; gives up after `timeoutMs`, so a hung answer never holds a message's queue forever. */
export async function postJson(url: string, body: unknown, timeoutMs = 15_000): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.ok) return;
  const answer = (await res.text().catch(() => '')).trim();
  throw new ResponseUrlError(res.status, /^[a-z_]{1,64}$/.test(answer) ? answer : `http_${res.status}`);
}
