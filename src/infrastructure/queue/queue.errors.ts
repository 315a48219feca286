// The queue's errors in their own file: recognising one must not load BullMQ.

/** The queue's Redis cannot be reached: one line naming it. */
export class QueueConnectError extends Error {
  override readonly name = 'QueueConnectError';
}

/** A queued trial that ended without a stored result (its worker failed, or stores elsewhere): the study stops with why. */
export class QueueTrialError extends Error {
  override readonly name = 'QueueTrialError';
}
