import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../shared/async/map-bounded.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapBounded', () => {
  it('keeps the order of the items and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6, 2], 3, async (n, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await pause(n * 3);
      inFlight--;
      return `${index}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6', '7:2']);
    expect(most).toBe(3);
  });

  it('rejects with the first failure, and handles no items', async () => {
    await expect(
      mapBounded([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
