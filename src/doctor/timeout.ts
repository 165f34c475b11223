import type { SettingName } from '../config.js';
import { UserError, type UserErrorCode } from '../errors.js';
import type { DoctorService } from './types.js';

/** Each `doctor` call to a service is given a short time-out, so one that does not answer fails its line quickly. */

const TIMEOUT_CODES: Record<Exclude<DoctorService, 'Settings'>, UserErrorCode> = {
  Slack: 'config',
  TikTok: 'tiktok_unavailable',
  Mavera: 'mavera_unavailable',
  TikOmni: 'tikomni_error',
};

export function timedOut(service: Exclude<DoctorService, 'Settings'>, ms: number, urlSetting: SettingName): UserError {
  return new UserError(
    TIMEOUT_CODES[service],
    `${service} did not answer within ${Math.round(ms / 100) / 10} s.`,
    `Check the network and ${urlSetting}, then run doctor again.`,
  );
}

/** `work`, or the time-out error once `ms` have passed (the late answer is ignored). */
export async function within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
