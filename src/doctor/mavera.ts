import { isUserError } from '../errors.js';
import { CREDIT_BANDS } from '../mavera/credits.js';
import type { MaveraAccess, MaveraShape } from '../mavera/types.js';
import type { Clients } from '../services.js';
import { monthOf } from '../store/usage.js';
import { fail, failed, notChecked, pass } from './lines.js';
import { timedOut, within } from './timeout.js';
import type { DoctorCheck, DoctorInput } from './types.js';

/**
 * `doctor`'s Mavera lines: the API key, the API shape and workspace, the credits left, and this month's estimated
 * use against MAVERA_MONTHLY_CREDIT_BUDGET. Only read-only calls: no credits are spent.
 */

const SHAPE_ROUTES: Record<MaveraShape, string> = {
  reference: '/files + /video-analyses',
  recipes: '/assets + /video-analysis',
};

export async function maveraChecks(
  input: DoctorInput,
  clients: Pick<Clients, 'mavera'>,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const { mavera } = input.config;
  const access =
    !input.mavera && !mavera.apiKey
      ? [notChecked('Mavera', 'API key', ['MAVERA_API_KEY'])]
      : await maveraAccessChecks(input, input.mavera ?? clients.mavera, timeoutMs);
  return [...access, budgetCheck(input)];
}

async function maveraAccessChecks(
  input: DoctorInput,
  client: NonNullable<DoctorInput['mavera']>,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const m = input.config.mavera;
  const key = pass('Mavera', 'API key', 'accepted by Mavera');
  let access: MaveraAccess;
  try {
    access = await within(timeoutMs, client.checkAccess(), () => timedOut('Mavera', timeoutMs, 'MAVERA_API_BASE_URL'));
  } catch (err) {
    const code = isUserError(err) ? err.code : null;
    if (code === 'mavera_auth') return [failed('Mavera', 'API key', true, err, null)];
    if (code === 'config') return [key, failed('Mavera', 'workspace', true, err, null)];
    if (code === 'mavera_credits') return [key, failed('Mavera', 'credits', true, err, null)];
    return [failed('Mavera', 'API', true, err, 'Check MAVERA_API_BASE_URL and MAVERA_API_KEY, then run doctor again.')];
  }
  const how = m.shape === 'auto' ? 'detected with read-only calls' : 'set by MAVERA_API_SHAPE';
  const lines = [key, pass('Mavera', 'API shape', `${access.shape} (${SHAPE_ROUTES[access.shape]}), ${how}`)];
  if (access.shape === 'reference') lines.push(pass('Mavera', 'workspace', `${m.workspaceId ?? '?'} (its files list)`));
  else lines.push(pass('Mavera', 'workspace', m.workspaceId ?? 'not set (the recipes API does not need one)'));
  lines.push(creditsCheck(access.creditsRemaining));
  return lines;
}

const CHEAPEST_ANALYSIS = CREDIT_BANDS[0]?.credits ?? 150;

function creditsCheck(remaining: number | null): DoctorCheck {
  if (remaining === null) {
    return pass('Mavera', 'credits', 'Mavera did not say how many are left (see app.mavera.io/settings/usage)');
  }
  if (remaining < CHEAPEST_ANALYSIS) {
    return fail(
      'Mavera',
      'credits',
      true,
      `${remaining} credits left — not enough for one video analysis (about 100–500 credits each)`,
      'Add credits or renew the subscription in Mavera (app.mavera.io/settings/usage).',
    );
  }
  return pass('Mavera', 'credits', `${remaining} left`);
}

function budgetCheck(input: DoctorInput): DoctorCheck {
  const now = input.now ?? Date.now();
  const usage = input.store?.usage.month(now) ?? null;
  const month = usage?.month ?? monthOf(now);
  const used = usage?.creditsUsed ?? 0;
  const analyses = usage?.analyses ?? 0;
  const budget = input.config.mavera.monthlyCreditBudget;
  const spent = `≈ ${used} credits estimated for ${analyses} ${analyses === 1 ? 'analysis' : 'analyses'} in ${month}`;
  if (budget === null) return pass('Mavera', 'monthly budget', `none set (MAVERA_MONTHLY_CREDIT_BUDGET) · ${spent}`);
  const left = Math.max(0, budget - used);
  const detail = `${spent} of a ${budget}-credit budget (${left} left)`;
  if (left >= CHEAPEST_ANALYSIS) return pass('Mavera', 'monthly budget', detail);
  return fail(
    'Mavera',
    'monthly budget',
    false,
    `${detail}: new analyses are refused until next month`,
    'Raise MAVERA_MONTHLY_CREDIT_BUDGET to allow more this month (usage restarts on the 1st, UTC).',
  );
}
