/** The clock port: the core never calls `new Date()` itself, so tests and re-runs control time. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that always says the same time (tests, reproducible re-runs). */
export function fixedClock(at: Date | string): Clock {
  const date = new Date(at);
  return { now: () => new Date(date) };
}
