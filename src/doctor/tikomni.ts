import type { Clients } from '../services.js';
import { fail, failed, pass } from './lines.js';
import { timedOut, within } from './timeout.js';
import type { DoctorCheck, DoctorInput } from './types.js';

/** `doctor`'s TikOmni lines (optional: creator mode): the API key and its balance, and the creators' cookie key. */

export async function tikomniChecks(
  input: DoctorInput,
  clients: Pick<Clients, 'tikomni'>,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const t = input.config.tikomni;
  // The client exists only when TIKOMNI_API_KEY is set.
  const client = input.tikomni ?? clients.tikomni;
  if (!client) return [pass('TikOmni', 'creator mode', 'not configured — creator mode off', false)];
  const lines: DoctorCheck[] = [];
  try {
    const info = await within(timeoutMs, client.getUserInfo(), () =>
      timedOut('TikOmni', timeoutMs, 'TIKOMNI_API_BASE_URL'),
    );
    const money = (n: number | null) => (n === null ? 'not reported' : `$${n.toFixed(2)}`);
    const detail = `accepted · balance ${money(info.balance)} · free credit ${money(info.freeCredit)}`;
    const empty = info.balance !== null && info.balance <= 0 && (info.freeCredit ?? 0) <= 0;
    lines.push(
      empty
        ? fail('TikOmni', 'API key', false, `${detail}: calls will fail`, 'Top up the TikOmni account balance.')
        : pass('TikOmni', 'API key', detail, false),
    );
  } catch (err) {
    lines.push(failed('TikOmni', 'API key', false, err, 'Check TIKOMNI_API_KEY and TIKOMNI_API_BASE_URL.'));
  }
  const creators = input.store?.creators.list().length ?? 0;
  if (t.cookieKey) lines.push(pass('TikOmni', 'cookie key', 'CREATOR_COOKIE_KEY is set', false));
  else if (creators > 0)
    lines.push(
      fail(
        'TikOmni',
        'cookie key',
        false,
        `${creators} Shop ${creators === 1 ? 'creator is' : 'creators are'} registered but CREATOR_COOKIE_KEY is not set, so their cookies cannot be read`,
        'Set CREATOR_COOKIE_KEY to the key used when they were added (or set a new one from `openssl rand -hex 32` and add them again).',
      ),
    );
  else lines.push(pass('TikOmni', 'cookie key', 'not set (only needed for TikTok Shop creators)', false));
  return lines;
}
