/** A resumed study whose sampler no longer proposes what it stored: the config or dealbot's sampler changed. */
export class StudyReplanError extends Error {
  override readonly name = 'StudyReplanError';

  constructor(readonly index: number) {
    super(`trial ${index} is planned with other values than the stored trial ${index}: the sampler or the search space changed since the study was created`);
  }
}
