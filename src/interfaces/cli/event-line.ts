import type { DomainEvent } from '../../domain/events.js';
import { eventText } from '../../infrastructure/events/event-text.js';

/** One readable line per event the run's console shows, or null for those an operator need not see (buys placed and filled, cancelled orders). */
export function formatEvent(event: DomainEvent): string | null {
  if (event.type === 'OrderCancelled') return null;
  if ((event.type === 'OrderPlaced' || event.type === 'OrderFilled') && event.side === 'buy') return null;
  return eventText(event, true);
}
