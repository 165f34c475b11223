import { describe, expect, it } from 'vitest';
import { parseVideoReference } from '../../src/creators/links.js';

const ID = '7496499484705246507';

describe('parseVideoReference', () => {
  it('extracts the item id from a full video URL', () => {
    expect(parseVideoReference(`https://www.tiktok.com/@ava.makes/video/${ID}`)).toEqual({
      kind: 'item_id',
      itemId: ID,
    });
    expect(
      parseVideoReference(`https://www.tiktok.com/@ava.makes/video/${ID}?is_from_webapp=1&sender_device=pc`),
    ).toEqual({
      kind: 'item_id',
      itemId: ID,
    });
    expect(parseVideoReference(`https://m.tiktok.com/v/${ID}.html`)).toEqual({ kind: 'item_id', itemId: ID });
    expect(parseVideoReference(`https://www.tiktok.com/embed/v2/${ID}`)).toEqual({ kind: 'item_id', itemId: ID });
    expect(parseVideoReference(`www.tiktok.com/@ava/video/${ID}`)).toEqual({ kind: 'item_id', itemId: ID });
    expect(parseVideoReference(`http://tiktok.com/@ava/video/${ID}/`)).toEqual({ kind: 'item_id', itemId: ID });
  });

  it('keeps short links as share URLs', () => {
    expect(parseVideoReference('https://vm.tiktok.com/ZMabc123/')).toEqual({
      kind: 'share_url',
      url: 'https://vm.tiktok.com/ZMabc123/',
    });
    expect(parseVideoReference('https://vt.tiktok.com/ZSxyz789')).toEqual({
      kind: 'share_url',
      url: 'https://vt.tiktok.com/ZSxyz789/',
    });
    expect(parseVideoReference('vm.tiktok.com/ZMabc123/')).toEqual({
      kind: 'share_url',
      url: 'https://vm.tiktok.com/ZMabc123/',
    });
    expect(parseVideoReference('https://www.tiktok.com/t/ZTRabc12/')).toEqual({
      kind: 'share_url',
      url: 'https://www.tiktok.com/t/ZTRabc12/',
    });
  });

  it('accepts video:<digits>', () => {
    expect(parseVideoReference(`video:${ID}`)).toEqual({ kind: 'item_id', itemId: ID });
    expect(parseVideoReference(`  video:${ID}  `)).toEqual({ kind: 'item_id', itemId: ID });
    expect(parseVideoReference('video:12ab')).toBeNull();
  });

  it('unwraps Slack angle brackets and |labels', () => {
    expect(parseVideoReference('<https://vm.tiktok.com/ZMabc123/>')).toEqual({
      kind: 'share_url',
      url: 'https://vm.tiktok.com/ZMabc123/',
    });
    expect(parseVideoReference(`<https://www.tiktok.com/@ava/video/${ID}|tiktok.com/@ava/video/${ID}>`)).toEqual({
      kind: 'item_id',
      itemId: ID,
    });
    expect(parseVideoReference('score <https://vt.tiktok.com/ZSxyz789/|vt.tiktok.com/ZSxyz789> please')).toEqual({
      kind: 'share_url',
      url: 'https://vt.tiktok.com/ZSxyz789/',
    });
  });

  it('rejects other hosts and non-video pages', () => {
    expect(parseVideoReference(`https://www.youtube.com/watch?v=${ID}`)).toBeNull();
    expect(parseVideoReference(`https://tiktok.com.evil.example/@a/video/${ID}`)).toBeNull();
    expect(parseVideoReference(`https://eviltiktok.com/@a/video/${ID}`)).toBeNull();
    expect(parseVideoReference('<https://example.com/vm.tiktok.com/ZMabc123/|vm.tiktok.com>')).toBeNull();
    expect(parseVideoReference('https://www.tiktok.com/@ava.makes')).toBeNull();
    expect(parseVideoReference(`https://www.tiktok.com/@ava/photo/${ID}`)).toBeNull();
    expect(parseVideoReference('https://vm.tiktok.com/')).toBeNull();
    expect(parseVideoReference(`ftp://www.tiktok.com/@a/video/${ID}`)).toBeNull();
    expect(parseVideoReference(ID)).toBeNull();
    expect(parseVideoReference('')).toBeNull();
    expect(parseVideoReference('hello world')).toBeNull();
  });
});
