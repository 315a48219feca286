import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import type {
  DuplicateOrderError} from '../../../../src/domain/ports/exchange.errors.js';
import {
  FatalExchangeError,
  OrderOutcomeUnknownError,
  OrderRefusedError,
  TemporaryExchangeError,
} from '../../../../src/domain/ports/exchange.errors.js';
import { capabilitiesFor } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import { translateError, type Operation } from '../../../../src/infrastructure/exchange/ccxt/ccxt-errors.js';
import { SecretRedactor } from '../../../../src/infrastructure/exchange/ccxt/secret-redactor.js';
import { DUMMY } from './ccxt.fixtures.js';

const redactor = new SecretRedactor(DUMMY);

function translate(error: unknown, operation: Operation, exchangeId = 'binance') {
  const out = translateError(error, { exchangeId, operation, action: 'test', clientOrderId: 'dlb-1-b1', capabilities: capabilitiesFor(exchangeId), redactor });
  return [out.constructor.name, out instanceof OrderRefusedError ? out.reason : null];
}

describe('translateError: ccxt errors into the domain kinds', () => {
  it.each([
    [new ccxt.RequestTimeout('t'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.NetworkError('reset'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.ExchangeNotAvailable('503'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.RateLimitExceeded('429'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.OnMaintenance('maint'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.InvalidNonce('-1021'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.RequestTimeout('t'), 'create', 'OrderOutcomeUnknownError', null],
    [new ccxt.NetworkError('reset'), 'create', 'OrderOutcomeUnknownError', null],
    [new ccxt.ExchangeNotAvailable('503'), 'cancel', 'OrderOutcomeUnknownError', null],
    [new ccxt.RateLimitExceeded('429'), 'create', 'TemporaryExchangeError', null],
    [new ccxt.InsufficientFunds('f'), 'create', 'OrderRefusedError', 'insufficient_funds'],
    [new ccxt.InvalidOrder('i'), 'create', 'OrderRefusedError', 'invalid_order'],
    [new ccxt.BadRequest('-1013 Filter failure: NOTIONAL'), 'create', 'OrderRefusedError', 'invalid_order'],
    [new ccxt.BadSymbol('s'), 'create', 'OrderRefusedError', 'bad_symbol'],
    [new ccxt.OrderNotFound('n'), 'read', 'OrderRefusedError', 'order_not_found'],
    [new ccxt.OrderNotFound('n'), 'cancel', 'OrderRefusedError', 'order_not_found'],
    [new ccxt.DuplicateOrderId('d'), 'create', 'DuplicateOrderError', null],
    [new ccxt.InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}'), 'create', 'DuplicateOrderError', null],
    [new ccxt.AuthenticationError('a'), 'read', 'FatalExchangeError', null],
    [new ccxt.PermissionDenied('p'), 'create', 'FatalExchangeError', null],
    [new ccxt.AccountSuspended('s'), 'read', 'FatalExchangeError', null],
    [new ccxt.NotSupported('n'), 'read', 'FatalExchangeError', null],
    [new ccxt.ExchangeError('other'), 'read', 'TemporaryExchangeError', null],
    [new ccxt.ExchangeError('other'), 'create', 'OrderRefusedError', 'invalid_order'],
    [new TypeError('bug'), 'create', 'OrderOutcomeUnknownError', null],
  ] as const)('%s on %s -> %s %s', (error, operation, kind, reason) => {
    expect(translate(error, operation)).toEqual([kind, reason]);
  });

  it('"Duplicate order sent" is a duplicate only where the capabilities say so', () => {
    const answer = new ccxt.InvalidOrder('{"code":-2010,"msg":"Duplicate order sent."}');
    expect(translate(answer, 'create', 'kraken')).toEqual(['OrderRefusedError', 'invalid_order']);
  });

  it('keeps the domain kinds as they are and names the clientOrderId of a duplicate', () => {
    const own = new TemporaryExchangeError('x', 5);
    expect(translateError(own, { exchangeId: 'binance', operation: 'read', action: 'a', capabilities: capabilitiesFor('binance'), redactor })).toBe(own);
    const dup = translateError(new ccxt.DuplicateOrderId('d'), { exchangeId: 'binance', operation: 'create', action: 'a', clientOrderId: 'dlb-9-b1', capabilities: capabilitiesFor('binance'), redactor });
    expect((dup as DuplicateOrderError).clientOrderId).toBe('dlb-9-b1');
    expect([FatalExchangeError, OrderOutcomeUnknownError].some((k) => dup instanceof k)).toBe(false);
  });
});

describe('secrets never leave the adapter', () => {
  it('strips key, secret, password and URL query strings (signatures) from messages', () => {
    const leaky = new ccxt.AuthenticationError(
      `binance GET http://127.0.0.1:1/api/v3/account?timestamp=1&signature=abcdef key=${DUMMY.apiKey} secret=${DUMMY.secret} pw=${DUMMY.password}`,
    );
    const out = translateError(leaky, { exchangeId: 'binance', operation: 'read', action: 'fetchBalance', capabilities: capabilitiesFor('binance'), redactor });
    for (const secret of Object.values(DUMMY)) expect(out.message).not.toContain(secret);
    expect(out.message).not.toContain('signature=');
    expect(out.message).toContain('http://127.0.0.1:1/api/v3/account?[query]');
    expect(JSON.stringify(out)).not.toContain(DUMMY.secret);
  });

  it('redacts nested log records', () => {
    const lines: unknown[] = [];
    const log = redactor.logger({ debug: (d, m) => lines.push([d, m]), info: () => undefined, warn: () => undefined, error: () => undefined });
    log.debug({ nested: { list: [`x${DUMMY.secret}y`] }, error: new Error(DUMMY.apiKey) }, `msg ${DUMMY.password}`);
    const text = JSON.stringify(lines);
    for (const secret of Object.values(DUMMY)) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
