/**
 * Joins identical work in flight in this process: the first caller of a key runs it, callers
 * that arrive before it settles get the same result (marked `joined`) instead of running it
 * again. Two identical uploads or compiles at the same moment become one piece of work, so
 * they write one record, one version and one audit event.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  async run(key: string, work: () => Promise<T>): Promise<{ value: T; joined: boolean }> {
    const inFlight = this.running.get(key);
    if (inFlight) return { value: await inFlight, joined: true };
    const started = work();
    this.running.set(key, started);
    try {
      return { value: await started, joined: false };
    } finally {
      this.running.delete(key);
    }
  }
}
