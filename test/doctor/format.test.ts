import { describe, expect, it } from 'vitest';
import { checkStatus, formatDoctorTable } from '../../src/doctor/format.js';
import type { DoctorCheck, DoctorReport } from '../../src/doctor/types.js';
import { buildDoctorMessage } from '../../src/slack/blocks/doctor.js';
import { LIMITS, validateBlocks } from '../../src/slack/blocks/limits.js';

function check(overrides: Partial<DoctorCheck> = {}): DoctorCheck {
  return { service: 'Slack', name: 'auth.test', ok: true, required: true, detail: 'fine', fix: null, ...overrides };
}

function reportOf(checks: DoctorCheck[]): DoctorReport {
  return { checks, ok: checks.every((c) => c.ok || !c.required) };
}

const MIXED = reportOf([
  check({ service: 'Settings', name: 'environment', detail: 'every setting is valid' }),
  check({ detail: 'team Acme (T1) · bot @creative-score (U1)' }),
  check({
    name: 'scope chat:write.public',
    ok: false,
    detail: 'missing — needed for posting in public channels',
    fix: 'Add chat:write.public under OAuth & Permissions → Bot Token Scopes and reinstall the app.',
  }),
  check({ service: 'TikOmni', name: 'API key', ok: false, required: false, detail: 'rejected', fix: 'Check it.' }),
]);

describe('formatDoctorTable', () => {
  it('prints one aligned line per check, an indented fix under each problem and a summary', () => {
    const table = formatDoctorTable(MIXED);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^Service\s+Check\s+Status\s+Detail$/);
    expect(lines).toContain('Slack     auth.test                OK      team Acme (T1) · bot @creative-score (U1)');
    const failAt = lines.findIndex((l) => l.startsWith('Slack     scope chat:write.public  FAIL'));
    expect(lines[failAt + 1]).toBe(
      `${' '.repeat(43)}→ Add chat:write.public under OAuth & Permissions → Bot Token Scopes and reinstall the app.`,
    );
    expect(table).toMatch(/^TikOmni\s+API key\s+WARN\s+rejected$/m);
    expect(lines.at(-1)).toBe('1 required check failed (Slack scope chat:write.public). 1 optional check failed.');
  });

  it('keeps every check on one line and says when all passed', () => {
    const table = formatDoctorTable(reportOf([check({ detail: 'line one\nline two' })]));
    expect(table).toContain('line one line two');
    expect(table.split('\n').at(-1)).toBe('All required checks passed.');
  });

  it('status: OK, FAIL for required, WARN for optional', () => {
    expect(checkStatus(check())).toBe('OK');
    expect(checkStatus(check({ ok: false }))).toBe('FAIL');
    expect(checkStatus(check({ ok: false, required: false }))).toBe('WARN');
  });
});

describe('buildDoctorMessage', () => {
  it('builds valid Block Kit with a section per service, in a fixed order', () => {
    const message = buildDoctorMessage(MIXED);
    expect(validateBlocks(message.blocks)).toEqual([]);
    const texts = message.blocks.map((b) => ('text' in b && typeof b.text === 'object' ? b.text.text : ''));
    expect(texts[0]).toBe('Creative Score — doctor');
    expect(texts[1]).toContain(':x: 1 required check failed');
    expect(texts[2]).toMatch(/^\*Settings\*\n:white_check_mark: \*environment\*/);
    expect(texts[3]).toContain(':x: *scope chat:write.public* — missing');
    expect(texts[3]).toContain('→ Add chat:write.public under OAuth &amp; Permissions');
    expect(texts[4]).toContain(':warning: *API key* — rejected');
    expect(message.text).toContain('Creative Score doctor: 1 required check failed');
  });

  it('escapes untrusted text so it cannot ping or fake a link', () => {
    const message = buildDoctorMessage(
      reportOf([check({ ok: false, detail: 'Slack said <!channel> <https://evil|click>', fix: 'a & b' })]),
    );
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('a &amp; b');
  });

  it('stays within the limits however long the details are', () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      check({ service: 'Settings', name: `SETTING_${i}`, ok: false, detail: 'x'.repeat(400), fix: 'y'.repeat(300) }),
    );
    const message = buildDoctorMessage(reportOf(many));
    expect(validateBlocks(message.blocks)).toEqual([]);
    for (const block of message.blocks) {
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  });
});
