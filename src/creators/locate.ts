import type { VideoLocation } from '../analysis/download.js';
import type { TikOmniClient } from './client.js';

/**
 * Where an organic video can be downloaded now: a fresh play URL from TikOmni (the engine's `locate.organic` for
 * resumed jobs and expired links; the creator leaderboard for videos listed without one).
 */
export function organicVideoLocator(
  client: Pick<TikOmniClient, 'fetchVideo'>,
): (itemId: string) => Promise<VideoLocation> {
  return async (itemId) => {
    const video = await client.fetchVideo(itemId);
    return { url: video.playUrl, sizeBytes: null, md5: null };
  };
}
