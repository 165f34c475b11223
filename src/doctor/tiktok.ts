import type { SettingName } from '../config.js';
import { isUserError } from '../errors.js';
import type { Clients } from '../services.js';
import { failed, notChecked, pass } from './lines.js';
import { timedOut, within } from './timeout.js';
import type { DoctorCheck, DoctorInput } from './types.js';

/** `doctor`'s TikTok lines: the access token, and the ad account it opens (name, time zone, currency). */

export async function tiktokChecks(
  input: DoctorInput,
  clients: Pick<Clients, 'tiktok'>,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const { tiktok } = input.config;
  if (!input.tiktok && (!tiktok.accessToken || !tiktok.advertiserId)) {
    const missing: SettingName[] = [];
    if (!tiktok.accessToken) missing.push('TIKTOK_ACCESS_TOKEN');
    if (!tiktok.advertiserId) missing.push('TIKTOK_ADVERTISER_ID');
    return [notChecked('TikTok', 'ad account', missing)];
  }
  const client = input.tiktok ?? clients.tiktok;
  const token = pass('TikTok', 'access token', 'accepted by TikTok');
  try {
    const info = await within(timeoutMs, client.getAdvertiserInfo(), () =>
      timedOut('TikTok', timeoutMs, 'TIKTOK_API_BASE_URL'),
    );
    const zone = `time zone ${info.timezone}${tiktok.timezone ? ' (TIKTOK_TIMEZONE)' : ''}`;
    return [
      token,
      pass(
        'TikTok',
        'ad account',
        `${info.name ?? 'unnamed'} (${info.advertiserId}) · ${zone} · currency ${info.currency ?? 'not given'}`,
      ),
    ];
  } catch (err) {
    const code = isUserError(err) ? err.code : null;
    if (code === 'tiktok_auth') return [failed('TikTok', 'access token', true, err, null)];
    const accountProblem = code === 'tiktok_advertiser' || code === 'tiktok_permission';
    return [...(accountProblem ? [token] : []), failed('TikTok', 'ad account', true, err, null)];
  }
}
