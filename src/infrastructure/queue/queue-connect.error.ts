/** The queue's Redis cannot be reached: one line naming it (its own file: recognising it must not load BullMQ). */
export class QueueConnectError extends Error {
  override readonly name = 'QueueConnectError';
}
