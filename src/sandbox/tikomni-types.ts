/** Types shared by the TikOmni simulator's modules (the server in tikomni.ts, its API answers and CDN). */

/** How the simulator tells a client that TikTok refused a creator's cookie. */
export type ExpiredCookieShape =
  /** HTTP 200, envelope `code` 200, `data: { code: 10001, message: "Login required…", data: null }` (the default) */
  | 'inner_code'
  /** HTTP 200, envelope `code` 200, `data: { status_code: 8, status_msg: "User not logged in" }` (TikTok web style) */
  | 'status_code'
  /** HTTP 400 `{ detail: { code: 400, message: "Request failed. Upstream TikTok returned: login required…" } }` */
  | 'http_400';

export interface TikOmniSimulatorStats {
  requests: number;
  charged: number;
  byPath: Record<string, number>;
  cdnRequests: number;
  cdnBytes: number;
}
