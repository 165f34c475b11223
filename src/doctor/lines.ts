import type { SettingName } from '../config.js';
import { isUserError } from '../errors.js';
import type { DoctorCheck, DoctorService } from './types.js';

/** The lines of a `doctor` report: a pass, a failure with what to do, and the failures built from an error. */

export function pass(service: DoctorService, name: string, detail: string, required = true): DoctorCheck {
  return { service, name, ok: true, required, detail, fix: null };
}

export function fail(
  service: DoctorService,
  name: string,
  required: boolean,
  detail: string,
  fix: string,
): DoctorCheck {
  return { service, name, ok: false, required, detail, fix };
}

/** A failing line from an error: a UserError's plain message and hint, or the error's own text. */
export function failed(
  service: DoctorService,
  name: string,
  required: boolean,
  err: unknown,
  fallbackFix: string | null,
): DoctorCheck {
  if (isUserError(err)) {
    const fix = err.hint ?? fallbackFix ?? 'Run doctor again; if it keeps failing, check the service status page.';
    return fail(service, name, required, err.message, fix);
  }
  const reason = err instanceof Error ? err.message : String(err);
  return fail(service, name, required, `unexpected error: ${reason}`, fallbackFix ?? 'Run doctor again.');
}

export function notChecked(service: DoctorService, name: string, missing: SettingName[]): DoctorCheck {
  const list = missing.join(' and ');
  return fail(
    service,
    name,
    true,
    `not checked: ${list} ${missing.length === 1 ? 'is' : 'are'} not set`,
    `Set ${list}.`,
  );
}
