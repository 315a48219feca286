/**
 * Errors grouped by how the bot reacts to them.
 * - InvalidTransitionError: a programming or data error; the entity is left unchanged.
 * - ValidationError: bad input (config, API, CLI); refuse it and name the field.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class InvalidTransitionError extends DomainError {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly entity: string,
    readonly entityId: string,
    readonly status: string,
    readonly transition: string,
  ) {
    super(`${entity} ${entityId} in status "${status}" cannot take transition "${transition}"`, 'INVALID_TRANSITION');
  }
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`, 'VALIDATION');
  }
}
