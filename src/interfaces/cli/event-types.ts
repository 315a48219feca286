import { InvalidArgumentError } from 'commander';
import { DOMAIN_EVENT_TYPES } from '../../domain/events.js';

/** The event types `--type` accepts: every domain event type. */
export const EVENT_TYPES: readonly string[] = DOMAIN_EVENT_TYPES;

/**
 * `--type`, repeatable and comma-separated: the types so far with these added. An unknown type
 * is refused with the list of known ones (exit code 2).
 */
export function eventTypeList(value: string, previous: readonly string[] = []): string[] {
  const named = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (named.length === 0) throw new InvalidArgumentError(`--type: name an event type, one of ${EVENT_TYPES.join(', ')}`);
  const unknown = named.find((type) => !EVENT_TYPES.includes(type));
  if (unknown !== undefined) throw new InvalidArgumentError(`--type: "${unknown}" is not an event type; known: ${EVENT_TYPES.join(', ')}`);
  return [...new Set([...previous, ...named])];
}
