/**
 * Background work the caller goes on without waiting for, a bounded number at a time, whose
 * failures are not lost. A compile hands each month's lake files to this and reads the next
 * month while they are written: the writes (file-system or S3 round trips) overlap the next
 * month's reading and encoding instead of stalling the loop, and at most `limit` months of
 * encoded bytes wait in memory, so the peak stays flat in the span.
 *
 * A failure is kept, not thrown where it happened (nobody awaits that promise yet, and an
 * unhandled rejection would end the process): the next {@link WritesInFlight.add} or
 * {@link WritesInFlight.drain} lets everything still running settle, then throws it, so a caller
 * never returns an error while some of its writes are still landing.
 */
export class WritesInFlight {
  private readonly running = new Set<Promise<void>>();
  private failure: { readonly error: unknown } | undefined;

  /** @param limit Most tasks running at once (at least 1). */
  constructor(private readonly limit: number) {}

  /**
   * Waits until fewer than `limit` tasks run, then starts `task` and returns without waiting
   * for it. Throws (after every running task settled) if an earlier task failed; `task` is
   * then not started.
   */
  async add(task: () => Promise<unknown>): Promise<void> {
    while (this.running.size >= this.limit && !this.failure) await Promise.race(this.running);
    if (this.failure) await this.drain();
    const tracked: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Waits for every task; throws the first failure, if any. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every task, success or not (for a caller already failing for another reason). */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }
}

/**
 * `Promise.all` that waits for every promise before failing: rejects with the first failure
 * only once all have settled, so no write of the group is still running when the caller hears
 * of it (`Promise.all` rejects at the first failure and leaves the others running).
 */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
