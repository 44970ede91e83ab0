/**
 * How a compile keeps its heap from growing with the span it covers. Measured on a five-year
 * compile (1,980 submissions) against a one-month one (33): what is still alive at the end of
 * the month loop differs by a few MiB, yet the five-year peak RSS was 35 MiB higher. The gap was
 * V8's sizing, not data:
 *
 * - the young generation doubles whenever more bytes have survived scavenges than it holds,
 *   so any compile longer than a few months grows it to its 2 x 16 MiB maximum, where a
 *   one-month compile stops at 2 x 8 MiB ({@link COMPILE_NODE_FLAGS} caps it there);
 * - each month's short-lived objects that happen to survive two scavenges (a month's parsed
 *   submissions, its lake files while they are written) move to the old generation and sit
 *   there, with the buffers they hold, until a full collection, which a heap this small
 *   rarely triggers ({@link compactHeap} collects them between long phases).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Node options of the processes that compile (the compile and scheduled functions, the scale
 * benchmark's children): semi-spaces of at most 8 MiB, which a one-month compile reaches
 * anyway. `serverless.yml` sets the same in those functions' NODE_OPTIONS
 * (`.ci/package-check.sh` checks the packaged configuration).
 */
export const COMPILE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/** Months after which a long compile collects its old generation (see compactHeap). */
export const MONTHS_BETWEEN_COMPACTIONS = 12;

let fullCollection: (() => void) | null | undefined;

/**
 * Runs a full, synchronous garbage collection: a few milliseconds on a compile's heap. V8 only
 * exposes it behind `--expose-gc`, which can be switched on in a running process: the
 * function is then found in a fresh context. Returns false (and does nothing) where that is
 * not possible.
 */
export function compactHeap(): boolean {
  if (fullCollection === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      fullCollection = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      fullCollection = null;
    }
  }
  fullCollection?.();
  return fullCollection !== null;
}
