/**
 * Recognises a TikTok video reference in what a user typed or pasted into Slack.
 *
 * - `https://www.tiktok.com/@handle/video/7496499484705246507` (also `m.`, no scheme, query strings): the item id is in
 *   the URL, so no lookup is needed → `item_id`.
 * - `https://vm.tiktok.com/ZMabc123/`, `https://vt.tiktok.com/…` and `https://www.tiktok.com/t/…` short links: only
 *   TikTok knows the item behind them → `share_url` (resolved by TikOmni's fetch_one_video_by_share_url).
 * - `video:7496499484705246507`: the bare id form the bot itself prints for organic videos → `item_id`.
 *
 * Slack wraps links as `<https://…>` or `<https://…|label>`; both are unwrapped. Any other host is rejected.
 */
export type VideoReference = { kind: 'share_url'; url: string } | { kind: 'item_id'; itemId: string };

/** TikTok item ids are 64-bit integers printed in decimal (19 digits today). */
const ITEM_ID = /^\d{6,25}$/;
const SHORT_LINK_HOSTS = new Set(['vm.tiktok.com', 'vt.tiktok.com']);
const SHORT_CODE = /^[A-Za-z0-9_-]{4,40}$/;

export function parseVideoReference(text: string): VideoReference | null {
  for (const candidate of candidates(text)) {
    const ref = parseCandidate(candidate);
    if (ref) return ref;
  }
  return null;
}

/** The pieces of `text` that might be a reference: Slack `<…>` links first, then whitespace-separated words. */
function candidates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<([^<>]+)>/g)) out.push(unwrapSlack(m[1] ?? ''));
  const rest = text.replace(/<[^<>]*>/g, ' ');
  for (const word of rest.split(/\s+/)) if (word) out.push(unwrapSlack(word));
  return out;
}

function unwrapSlack(value: string): string {
  let v = value.trim();
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1);
  const bar = v.indexOf('|');
  if (bar >= 0) v = v.slice(0, bar);
  return v.trim();
}

function parseCandidate(raw: string): VideoReference | null {
  const bare = /^video:(\d+)$/i.exec(raw);
  if (bare) return ITEM_ID.test(bare[1] ?? '') ? { kind: 'item_id', itemId: bare[1] as string } : null;

  const url = toUrl(raw);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  if (host !== 'tiktok.com' && !host.endsWith('.tiktok.com')) return null;
  const segments = url.pathname.split('/').filter(Boolean);

  if (SHORT_LINK_HOSTS.has(host)) {
    const code = segments[0];
    if (segments.length !== 1 || !code || !SHORT_CODE.test(code)) return null;
    return { kind: 'share_url', url: `https://${host}/${code}/` };
  }
  // www.tiktok.com/t/ZTabc123/ is the short-link form used by the TikTok web share button.
  if (segments[0] === 't' && segments.length === 2 && SHORT_CODE.test(segments[1] ?? '')) {
    return { kind: 'share_url', url: `https://www.tiktok.com/t/${segments[1]}/` };
  }
  const itemId = itemIdFromPath(segments);
  return itemId ? { kind: 'item_id', itemId } : null;
}

function toUrl(raw: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/^([a-z0-9-]+\.)*tiktok\.com\//i.test(raw)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Item id from a long TikTok URL path: `/@handle/video/<id>`, `/v/<id>.html` (old mobile links),
 * `/embed/<id>`, `/embed/v2/<id>`, `/player/v1/<id>`. Photo posts (`/@handle/photo/<id>`) are not videos.
 */
function itemIdFromPath(segments: string[]): string | null {
  const [first, second, third] = segments;
  if (first?.startsWith('@') && second === 'video' && third && ITEM_ID.test(third)) return third;
  if (first === 'v' && second) {
    const id = second.replace(/\.html$/, '');
    return ITEM_ID.test(id) ? id : null;
  }
  if (first === 'embed') {
    const id = second === 'v2' ? third : second;
    return id && ITEM_ID.test(id) ? id : null;
  }
  if (first === 'player' && second === 'v1' && third && ITEM_ID.test(third)) return third;
  return null;
}
