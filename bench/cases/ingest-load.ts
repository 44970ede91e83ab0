/**
 * Ingest under load, over real HTTP to `npm start`'s router in a separate server process on
 * local files: sequential uploads, 8 concurrent clients, and 200 uploads at once. Every upload
 * is a distinct report (so each parses, validates and stores); at the end the stored records
 * are counted, so "nothing lost" is checked, not assumed. Reports p50/p95 per phase, the
 * server's CPU per upload, event-loop delay and peak memory.
 *
 * `ingest-load.ts FILE...` (at least 5 + 40 + 80 + 200 files).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { report, round } from '../bench-support.ts';

const bodies = process.argv.slice(2).map((file) => readFileSync(file));
const WARMUP = 5;
const SEQUENTIAL = 40;
const CONCURRENT_CLIENTS = 8;
const CONCURRENT_UPLOADS = 80;
const BURST = 200;
if (bodies.length < WARMUP + SEQUENTIAL + CONCURRENT_UPLOADS + BURST)
  throw new Error(`need ${WARMUP + SEQUENTIAL + CONCURRENT_UPLOADS + BURST} files, got ${bodies.length}`);

const child: ChildProcess = fork('bench/cases/ingest-server.ts', [], {
  // LAINGAN_PROFILE=dir writes the server's CPU profile there (node --cpu-prof).
  execArgv: [
    '--import',
    'tsx',
    ...(process.env.LAINGAN_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LAINGAN_PROFILE}`] : []),
  ],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const replies: ((value: Record<string, unknown>) => void)[] = [];
child.on('message', (message) => replies.shift()?.(message as Record<string, unknown>));
const next = () => new Promise<Record<string, unknown>>((resolve) => replies.push(resolve));
const ask = (cmd: string) => {
  const reply = next();
  child.send({ cmd });
  return reply;
};
const { url, token } = (await next()) as { url: string; token: string };

let cursor = 0;
const statuses = new Map<number, number>();
async function uploadOne(): Promise<number> {
  const body = bodies[cursor++];
  if (!body) throw new Error('out of distinct files');
  const start = process.hrtime.bigint();
  const response = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  await response.arrayBuffer();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  if (response.status !== 201) throw new Error(`HTTP ${response.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50Ms: at(0.5), p95Ms: at(0.95), maxMs: round(sorted.at(-1) ?? 0) };
}

for (let i = 0; i < WARMUP; i++) await uploadOne();
await ask('stats');

const conditions = () => ({ loadAvg1m: round(loadavg()[0] ?? 0, 2) });

// Sequential: one client, one upload at a time.
const sequential: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await uploadOne());
const seqStats = await ask('stats');
report({
  case: 'ingest load: sequential (1 client)',
  uploads: SEQUENTIAL,
  ...percentiles(sequential),
  serverCpuMsPerUpload: round(Number(seqStats.cpuMs) / SEQUENTIAL),
  loopDelayP99Ms: seqStats.loopDelayP99Ms,
  targetP95Ms: 30,
  ...conditions(),
  peakRssMiB: seqStats.peakRssMiB,
});

// 8 clients, each uploading one report after another.
const concurrent: number[] = [];
let remaining = CONCURRENT_UPLOADS;
const started = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENT_CLIENTS }, async () => {
    while (remaining-- > 0) concurrent.push(await uploadOne());
  }),
);
const concurrentSeconds = (Date.now() - started) / 1000;
const concStats = await ask('stats');
report({
  case: 'ingest load: 8 concurrent clients',
  uploads: CONCURRENT_UPLOADS,
  ...percentiles(concurrent),
  uploadsPerSecond: round(CONCURRENT_UPLOADS / concurrentSeconds),
  serverCpuMsPerUpload: round(Number(concStats.cpuMs) / CONCURRENT_UPLOADS),
  loopDelayP99Ms: concStats.loopDelayP99Ms,
  targetP95Ms: 100,
  ...conditions(),
  peakRssMiB: concStats.peakRssMiB,
});

// 200 uploads at once.
const before = await ask('stats');
const burstStart = Date.now();
const burst = await Promise.all(Array.from({ length: BURST }, () => uploadOne()));
const burstSeconds = (Date.now() - burstStart) / 1000;
const burstStats = await ask('stats');
const { records } = (await ask('count')) as { records: number };
const expected = WARMUP + SEQUENTIAL + CONCURRENT_UPLOADS + BURST;
report({
  case: 'ingest load: 200 concurrent uploads',
  uploads: BURST,
  answered201: burst.length,
  ...percentiles(burst),
  allDoneSeconds: round(burstSeconds),
  serverCpuMsPerUpload: round(Number(burstStats.cpuMs) / BURST),
  loopDelayMaxMs: burstStats.loopDelayMaxMs,
  serverRssBeforeMiB: before.rssMiB,
  recordsStored: records,
  recordsExpected: expected,
  nothingLost: records === expected && [...statuses.keys()].every((s) => s === 201),
  ...conditions(),
  peakRssMiB: burstStats.peakRssMiB,
});
child.send({ cmd: 'stop' });
