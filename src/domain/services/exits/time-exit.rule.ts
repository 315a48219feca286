/** Time exit: a deal created at `createdAt` is closed at market from this time on. */
export function timeExitDeadline(createdAt: number, timeExitMs: number | null): number {
  return timeExitMs === null ? Number.POSITIVE_INFINITY : createdAt + timeExitMs;
}
