/**
 * Why a runtime pair change was refused, grouped by how the API answers. Bad settings are the
 * domain's ValidationError (it names the field).
 */

/** The pair is not traded by this bot (unknown, or removed): the API answers 404. */
export class PairNotFoundError extends RangeError {
  override readonly name = 'PairNotFoundError';

  constructor(readonly symbol: string) {
    super(`pair ${symbol} is not traded by this bot`);
  }
}

/** The change cannot be made now (already traded, working deals, another pair depends on it): the API answers 409. */
export class PairConflictError extends RangeError {
  override readonly name = 'PairConflictError';

  constructor(
    readonly symbol: string,
    message: string,
  ) {
    super(message);
  }
}
