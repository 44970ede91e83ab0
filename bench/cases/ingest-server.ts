/**
 * The ingest server of the load benchmark, in its own process (as deployed: the clients'
 * CPU is not the server's). Started by ingest-load.ts with an IPC channel: it answers
 * `{ cmd: 'stats' }` with its CPU time, memory and event-loop delay since the last call,
 * and `{ cmd: 'count' }` with the number of records stored.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildAppContext, setAppContext } from '../../functions/app-context.ts';
import { startLocalServer } from '../../functions/local-server.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { PlanStore } from '../../shared/plan/plan-store.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { benchCatalogue } from '../bench-fixtures.ts';
import { round } from '../bench-support.ts';

const built = await buildAppContext({
  STORAGE_URL: `file:${mkdtempSync(join(tmpdir(), 'laingan-bench-load-'))}`,
});
// The typical report covers all 121 activities: MPS is given all of them (bench catalogue).
const catalogue = benchCatalogue();
const store = new SubmissionStore(built.store.storage, catalogue);
// The plan store must know the bench plan too, or its templates' plan version is refused.
setAppContext({ ...built, catalogue, store, plans: new PlanStore(store, catalogue) });
const token = await new StorageTokenStore(store.storage).issue(
  { kind: 'unit', unitCode: 'MPS' },
  'bench',
  new Date(),
);
const { server, url } = await startLocalServer(0);

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let cpu = process.cpuUsage();
const mib = (bytes: number) => round(bytes / 1024 / 1024);

process.on('message', async (message: { cmd: string }) => {
  if (message.cmd === 'stats') {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send?.({
      cpuMs: round((used.user + used.system) / 1000),
      rssMiB: mib(process.memoryUsage().rss),
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
      loopDelayP99Ms: round(loop.percentile(99) / 1e6),
      loopDelayMaxMs: round(loop.max / 1e6),
    });
    loop.reset();
  } else if (message.cmd === 'count') {
    process.send?.({ records: (await store.listRecords('2025-06')).length });
  } else if (message.cmd === 'stop') {
    server.close();
    process.exit(0);
  }
});
process.send?.({ url, token });
