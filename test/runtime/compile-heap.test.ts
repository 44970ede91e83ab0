/**
 * The compile's full collection really collects: an array in large-object space (which only a
 * full collection frees) is gone right after compactHeap, and the flags are what the
 * functions are deployed with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPILE_NODE_FLAGS, compactHeap } from '../../shared/runtime/compile-heap.ts';

describe('compile heap', () => {
  it('compactHeap frees an unreachable large object at once', async () => {
    let large: number[] | undefined = Array.from({ length: 1_000_000 }, (_, i) => i);
    const watched = new WeakRef(large);
    large = undefined;
    // A WeakRef keeps its target until the end of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(watched.deref()).toBeDefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(compactHeap()).toBe(true);
    expect(watched.deref()).toBeUndefined();
  });

  it('the compiling functions are deployed with the flags the benchmark uses, and every other option', () => {
    const config = readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8');
    const optionsIn = (block: string) => (/NODE_OPTIONS: (.*)/.exec(block)?.[1] ?? '').split(' ');
    // A function's NODE_OPTIONS replaces the provider's: it must repeat them.
    const provider = optionsIn(config.slice(config.indexOf('\nprovider:'), config.indexOf('\nfunctions:')));
    expect(provider.length).toBeGreaterThan(0);
    for (const handler of ['compile', 'compileScheduled']) {
      const block = config.split(/\n {2}(?=\w+:\n)/).find((part) => part.startsWith(`${handler}:\n`)) ?? '';
      const options = optionsIn(block);
      for (const flag of [...provider, ...COMPILE_NODE_FLAGS]) expect(options, handler).toContain(flag);
    }
  });
});
