/** What the Slack simulator records, shared by the server (slack.ts) and its methods (slack-methods.ts). */

export interface SimCall {
  method: string;
  /** the arguments as sent, with JSON-valued fields (`blocks`, `attachments`, `view`, `files`, `metadata`) parsed */
  args: Record<string, unknown>;
  /** ms epoch */
  at: number;
  /** HTTP status of the reply (200, or 429 when rate limited) */
  status: number;
  ok: boolean;
  error: string | null;
}

export interface SimMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: unknown[] | null;
  /** how many times chat.update changed it */
  updates: number;
  postedAt: number;
}

export interface SimEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  messageTs: string;
}

export interface SimResponse {
  id: string;
  /** the JSON (or form) body as posted */
  body: Record<string, unknown>;
  text: string | null;
  blocks: unknown[] | null;
  responseType: string | null;
  replaceOriginal: boolean | null;
  deleteOriginal: boolean | null;
  at: number;
}

export interface SimUpload {
  fileId: string;
  filename: string;
  /** the length declared to files.getUploadURLExternal */
  declaredLength: number;
  /** bytes received at the upload URL; null until the bytes arrive */
  bytes: number | null;
  contentType: string | null;
  altText: string | null;
  /** set by files.completeUploadExternal */
  completed: boolean;
  channel: string | null;
  threadTs: string | null;
  initialComment: string | null;
  title: string | null;
}

export interface SimView {
  id: string;
  triggerId: string;
  view: Record<string, unknown>;
}
