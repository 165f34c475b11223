import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS } from '../src/config.js';

function problems(env: Record<string, string>, require: Parameters<typeof loadConfig>[1]): string {
  try {
    loadConfig(env, require);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
}

describe('config', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.tiktok.baseUrl).toBe('https://business-api.tiktok.com/open_api/v1.3');
    expect(c.mavera.baseUrl).toBe('https://app.mavera.io/api/v1');
    expect(c.mavera.shape).toBe('auto');
    expect(c.databasePath).toBe('./data/creative-score.db');
    expect(c.slack.port).toBe(3000);
    expect(c.leaderboard).toMatchObject({
      cron: '0 9 * * 1',
      tz: 'UTC',
      minImpressions: 500,
      maxNewAnalyses: 15,
      catchUp: true,
    });
    expect(c.mavera.concurrency).toBe(4);
    expect(c.scoring.verdictCtr).toBe('shrunk');
  });

  it('lists every missing or invalid setting in one message, with what each is for', () => {
    const message = problems({ TIKTOK_MAX_QPS: 'fast', DECISION_APPROVERS: 'bob' }, ['slack', 'tiktok', 'mavera']);
    for (const name of [
      'TIKTOK_ACCESS_TOKEN',
      'TIKTOK_ADVERTISER_ID',
      'MAVERA_API_KEY',
      'SLACK_BOT_TOKEN',
      'TIKTOK_MAX_QPS',
      'DECISION_APPROVERS',
    ])
      expect(message).toContain(name);
    expect(message).toMatch(/Mavera API key/);
  });

  it('asks for a signing secret in HTTP mode but not in Socket Mode', () => {
    const base = {
      TIKTOK_ACCESS_TOKEN: 't0ken-value',
      TIKTOK_ADVERTISER_ID: '7000000000000000000',
      MAVERA_API_KEY: 'mvra_live_x',
      SLACK_BOT_TOKEN: 'xoxb-test',
    };
    expect(problems(base, ['slack', 'tiktok', 'mavera'])).toMatch(/SLACK_SIGNING_SECRET/);
    expect(problems({ ...base, SLACK_APP_TOKEN: 'xapp-test' }, ['slack', 'tiktok', 'mavera'])).toBe('');
  });

  it('never echoes a secret value', () => {
    const secret = 'not-a-valid-key-but-secret-0123456789';
    const message = problems({ CREATOR_COOKIE_KEY: secret }, []);
    expect(message).toContain('CREATOR_COOKIE_KEY');
    expect(message).not.toContain(secret);
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({
      DECISION_APPROVERS: 'U012AB, U034CD',
      LEADERBOARD_CATCH_UP: 'no',
      MAVERA_MONTHLY_CREDIT_BUDGET: '900',
    });
    expect(c.slack.decisionApprovers).toEqual(['U012AB', 'U034CD']);
    expect(c.leaderboard.catchUp).toBe(false);
    expect(c.mavera.monthlyCreditBudget).toBe(900);
  });

  it('documents every setting in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(SETTINGS)) expect(readme, name).toContain(`\`${name}\``);
  });
});
