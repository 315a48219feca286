import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/infrastructure/events/redact-secrets.js';

describe('redactSecrets', () => {
  it('cuts URLs to scheme and host: user info, paths (webhook secrets) and queries go', () => {
    expect(redactSecrets('connect ECONNREFUSED amqp://dealbot:s3cret@10.0.0.5:5672/prod')).toBe('connect ECONNREFUSED amqp://***@10.0.0.5:5672/***');
    expect(redactSecrets('POST https://hooks.slack.com/services/T0/B0/XyZsecret answered 404')).toBe('POST https://hooks.slack.com/*** answered 404');
    expect(redactSecrets('nats://127.0.0.1:4222 refused')).toBe('nats://127.0.0.1:4222 refused');
    expect(redactSecrets('https://x.example/hook?token=abc')).toBe('https://x.example/***');
  });

  it('masks password-like assignments outside URLs', () => {
    expect(redactSecrets('auth failed: password=hunter2, user=bot')).toBe('auth failed: password=***, user=bot');
    expect(redactSecrets('token: abc123')).toBe('token: ***');
  });

  it('leaves plain text alone', () => {
    expect(redactSecrets('503 Service Unavailable')).toBe('503 Service Unavailable');
  });
});
