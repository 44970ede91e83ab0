/**
 * Retries a call that Google answered with 429 or 5xx (or a dropped connection), with
 * exponential backoff and full jitter, and never past the deadline: a function has a fixed
 * time, and a retry that would end after it is pointless.
 */

/** How to retry. Time and randomness are injectable so tests do not wait. */
export interface RetryPolicy {
  /** Epoch ms after which no new attempt starts. */
  readonly deadline: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** A policy ending `budgetMs` from now. */
export function retryWithin(budgetMs: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const now = overrides.now ?? Date.now;
  return {
    deadline: now() + budgetMs,
    baseDelayMs: 500,
    maxDelayMs: 16_000,
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    ...overrides,
  };
}

/** What a failed attempt says about retrying. */
export interface RetryVerdict {
  readonly retry: boolean;
  /** The server's Retry-After, in ms, when it gave one. */
  readonly afterMs?: number;
}

/**
 * Runs `attempt` until it succeeds, `classify` says the failure is final, or the next wait
 * would pass the deadline; then the last error is thrown.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  policy: RetryPolicy,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** failures);
      // Full jitter: units pulled in parallel do not retry in lock-step.
      const delay = Math.max(verdict.afterMs ?? 0, Math.round(policy.random() * ceiling));
      if (policy.now() + delay >= policy.deadline) throw error;
      await policy.sleep(delay);
    }
  }
}
