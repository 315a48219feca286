import { describe, expect, it } from 'vitest';
import { loadCredentials, SANDBOX_CREDENTIAL_VARIABLES } from '../../../src/infrastructure/config/credentials.js';

const LIVE = { DEALBOT_API_KEY: 'live-key', DEALBOT_API_SECRET: 'live-secret' };
const SANDBOX = { DEALBOT_SANDBOX_API_KEY: 'test-key', DEALBOT_SANDBOX_API_SECRET: 'test-secret' };
/** No .env is read: the environment given is the whole story. */
const load = (env: NodeJS.ProcessEnv, network?: 'live' | 'sandbox') => loadCredentials(env, '/nonexistent/.env', network);

describe('exchange keys: the real account\'s and the test network\'s never mix', () => {
  it('live mode reads DEALBOT_API_*, whatever sandbox keys are set', () => {
    expect(load({ ...LIVE, ...SANDBOX })).toEqual({ apiKey: 'live-key', secret: 'live-secret' });
    expect(() => load(SANDBOX)).toThrow(/^live trading needs DEALBOT_API_KEY and DEALBOT_API_SECRET in the environment or \.env$/);
  });

  it('the test network reads DEALBOT_SANDBOX_API_*, with its password where set', () => {
    expect(SANDBOX_CREDENTIAL_VARIABLES).toEqual({ apiKey: 'DEALBOT_SANDBOX_API_KEY', secret: 'DEALBOT_SANDBOX_API_SECRET', password: 'DEALBOT_SANDBOX_API_PASSWORD' });
    expect(load({ ...LIVE, ...SANDBOX }, 'sandbox')).toEqual({ apiKey: 'test-key', secret: 'test-secret' });
    expect(load({ ...SANDBOX, DEALBOT_SANDBOX_API_PASSWORD: 'test-pass', DEALBOT_API_PASSWORD: 'live-pass' }, 'sandbox')).toEqual({ apiKey: 'test-key', secret: 'test-secret', password: 'test-pass' });
  });

  it('with only the live keys set, the test network refuses in one line naming its own variables', () => {
    expect(() => load(LIVE, 'sandbox')).toThrow(
      /^--sandbox needs the test network's keys in DEALBOT_SANDBOX_API_KEY and DEALBOT_SANDBOX_API_SECRET \(environment or \.env\); DEALBOT_API_KEY \/ DEALBOT_API_SECRET are the real account's and are never used on the test network$/,
    );
    expect(() => load({ DEALBOT_SANDBOX_API_KEY: 'test-key' }, 'sandbox')).toThrow(/^--sandbox needs the test network's keys in DEALBOT_SANDBOX_API_SECRET \(environment or \.env\)$/);
  });

  it('no value ever appears in a refusal', () => {
    let message = '';
    try {
      load({ ...LIVE, DEALBOT_SANDBOX_API_KEY: 'test-key' }, 'sandbox');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toMatch(/live-key|live-secret|test-key/);
    expect(message).toMatch(/DEALBOT_SANDBOX_API_SECRET/);
  });
});
