import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/slack/constants.js';

it('manifest.yml declares the command, interactivity, Socket Mode and the scopes the bot uses', () => {
  const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
  expect(manifest).toContain(`- command: ${SLASH_COMMAND}`);
  expect(manifest).toMatch(/usage_hint: .+/);
  expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  expect(manifest).toMatch(/socket_mode_enabled: true/);
  for (const scope of ['commands', 'chat:write', 'chat:write.public', 'files:write'])
    expect(manifest).toMatch(new RegExp(`\\n\\s+- ${scope.replace('.', '\\.')}(\\s|#|$)`));
  // HTTP mode: the request URLs are documented (commented) and point at Bolt's endpoint
  expect(manifest).toMatch(/# url: https:\/\/\S+\/slack\/events/);
  expect(manifest).toMatch(/# request_url: https:\/\/\S+\/slack\/events/);
  // no tabs (YAML forbids them for indentation)
  expect(manifest).not.toMatch(/\t/);
});
