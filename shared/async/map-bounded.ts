/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight. A compile of the whole
 * plan reads thousands of small objects: all at once, every buffer, string and parsed copy is
 * alive together and peak memory grows with the span; a bounded pool keeps enough requests
 * in flight to hide S3 latency and holds only `limit` of them at a time. Results keep the
 * order of `items`; the first failure rejects (calls already started still finish).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
