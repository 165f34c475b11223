import type { types } from '@slack/bolt';

/**
 * Slack downloads every `image_url` when a message is posted or updated, and refuses the whole message
 * (`invalid_blocks`, "downloading image failed") when it cannot: a TikTok cover link that has expired, or one its
 * CDN will not serve to Slack. These let a sender retry the same message without its images.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isImage = (v: unknown): boolean => isObj(v) && v.type === 'image';

/** True when any block is an image, has an image accessory, or has an image in its elements. */
export function hasImages(blocks: readonly unknown[]): boolean {
  return blocks.some(
    (b) =>
      isImage(b) || (isObj(b) && (isImage(b.accessory) || (Array.isArray(b.elements) && b.elements.some(isImage)))),
  );
}

/** The blocks without image blocks, image accessories and image context elements (a context left empty goes). */
export function withoutImages(blocks: readonly types.KnownBlock[]): types.KnownBlock[] {
  const out: types.KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'image') continue;
    if (block.type === 'section' && isImage(block.accessory)) {
      const { accessory: _image, ...rest } = block;
      out.push(rest);
    } else if (block.type === 'context' && block.elements.some(isImage)) {
      const elements = block.elements.filter((e) => !isImage(e));
      if (elements.length > 0) out.push({ ...block, elements });
    } else {
      out.push(block);
    }
  }
  return out;
}
