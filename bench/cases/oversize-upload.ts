/**
 * Oversize uploads refused early, in little memory, by the validate CLI and by the ingest
 * server alike: a 100,000-row sheet (77 MB of XML, like the one in issue 15), a 1,000,000-row
 * sheet, and two zip bombs (one honest about its size, one whose directory lies).
 *
 * Each measurement is its own process, so peak RSS is the refusal's own. "Above idle" is:
 * - CLI: peak RSS of `scripts/validate.ts` on the oversize file minus its peak on a typical
 *   report (same imports, same code path, small data);
 * - server: the ingest server's peak RSS (VmHWM) after refusing the file minus its peak after
 *   three typical uploads, one fresh server per file, with the upload limit raised to 100 MB
 *   so that the reader (not the 413 on body size) does the refusing.
 *
 * `npx tsx bench/cases/oversize-upload.ts` writes bench/results/oversize-uploads.{json,md};
 * `npm run bench` runs it too (its BENCH lines).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { isSpecSheet } from '../../shared/spec/sheet-naming.ts';
import { SHEET_NAMES } from '../../shared/spec/template-spec.ts';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { round } from '../bench-support.ts';

const MiB = 1024 * 1024;

if (process.argv[2] === 'serve') await serve();
else await main();

/** Child mode: the real ingest function on 127.0.0.1, local storage; prints url and token. */
async function serve(): Promise<void> {
  const { buildAppContext, setAppContext } = await import('../../functions/app-context.ts');
  const { startLocalServer } = await import('../../functions/local-server.ts');
  const { StorageTokenStore } = await import('../../shared/auth/tokens.ts');
  const context = await buildAppContext({
    STORAGE_URL: `file:${mkdtempSync(join(tmpdir(), 'laingan-bench-oversize-'))}`,
    UPLOAD_LIMIT_MB: '100',
  });
  setAppContext(context);
  const token = await new StorageTokenStore(context.store.storage).issue(
    { kind: 'unit', unitCode: 'MPS' },
    'bench',
    new Date(),
  );
  const { url } = await startLocalServer(0);
  process.stdout.write(`${JSON.stringify({ url, token })}\n`);
}

/** Rows appended to the Activities sheet of a real sample; each row as a writer would save it. */
function withExtraRows(sample: Uint8Array, rows: number, row: (r: number) => string): Uint8Array {
  const parts = unzipSync(sample);
  const workbook = strFromU8(parts['xl/workbook.xml'] ?? new Uint8Array());
  const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1] ?? '');
  const part = `xl/worksheets/sheet${names.findIndex((name) => isSpecSheet(SHEET_NAMES.activities, name)) + 1}.xml`;
  const xml = strFromU8(parts[part] ?? new Uint8Array());
  const [head, tail] = xml.split('</sheetData>') as [string, string];
  const start = Math.max(...[...head.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
  const body: string[] = [];
  for (let r = start; r < start + rows; r++) body.push(row(r));
  parts[part] = strToU8(`${head}${body.join('')}</sheetData>${tail}`);
  return zipSync(parts, { level: 6 });
}

/** The 13 columns of an activity row, with text as inline strings. */
function activityRow(r: number): string {
  const text = (col: string, value: string) => `<c r="${col}${r}" t="inlineStr"><is><t>${value}</t></is></c>`;
  const num = (col: string, value: number) => `<c r="${col}${r}"><v>${value}</v></c>`;
  return `<row r="${r}">${text('A', `P1.1.${r % 9}`)}${text('B', 'ກິດຈະກຳ ທົດລອງ')}${text('C', 'Trial activity')}${text('D', 'ກຳລັງດຳເນີນ / In progress')}${num('E', r % 100)}${num('F', 1_000_000 + r)}${num('G', 500_000 + r)}${text('H', 'ງົບປະມານລັດ / Government budget')}${text('I', 'ຝຶກອົບຮົມ ແລະ ໂຄສະນາ ໃນ ແຂວງ')}${num('J', r % 50)}${num('K', r % 40)}${text('L', 'ບໍ່ມີ')}${text('M', 'ສືບຕໍ່')}</row>`;
}

/** A zip whose only sheet is one repeated row; optionally every size field says 1 KiB. */
function zipBomb(unpackedBytes: number, lie: boolean): Uint8Array {
  const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  const sheet = new Uint8Array(unpackedBytes);
  const unit = strToU8(row);
  for (let at = 0; at + unit.length <= unpackedBytes; at += unit.length) sheet.set(unit, at);
  const bytes = zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(
      '<workbook xmlns:r="r"><sheets><sheet name="Activities" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': sheet,
  });
  if (lie) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 4 <= bytes.byteLength; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x04034b50) view.setUint32(i + 22, 1024, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 1024, true);
    }
  }
  return bytes;
}

/** Peak RSS (MiB), wall time and verdict of one CLI run, via GNU time. */
function runCli(file: string): { peakMiB: number; seconds: number; code: string; exit: number } {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %M %e', process.execPath, '--import', 'tsx', 'scripts/validate.ts', file, '--json'],
    { encoding: 'utf8', maxBuffer: 64 * MiB },
  );
  const timing = /TIME (\d+) ([\d.]+)/.exec(run.stderr) ?? [];
  const issues = (JSON.parse(run.stdout) as { issues: { code: string }[] }).issues;
  return {
    peakMiB: round(Number(timing[1]) / 1024),
    seconds: Number(timing[2]),
    code: issues.length === 1 ? (issues[0]?.code ?? '') : `${issues.length} issues`,
    exit: run.status ?? -1,
  };
}

function highWaterMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024);
}

/** One fresh server: warm it with typical uploads, then send the oversize file. */
async function runServer(typical: Uint8Array, body: Uint8Array) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cases/oversize-upload.ts', 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0] as string));
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const post = (bytes: Uint8Array, query = '') =>
      fetch(`${url}/ingest${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
    for (let i = 0; i < 3; i++) await (await post(typical)).text();
    const idle = highWaterMiB(child.pid as number);
    const start = process.hrtime.bigint();
    const response = await post(body);
    const answer = (await response.json()) as { issues?: { code: string }[]; error?: { code: string } };
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peak = highWaterMiB(child.pid as number);
    return {
      idleMiB: idle,
      peakMiB: peak,
      aboveIdleMiB: round(peak - idle),
      seconds: round(seconds, 2),
      status: response.status,
      code: answer.issues?.[0]?.code ?? answer.error?.code ?? JSON.stringify(answer).slice(0, 80),
    };
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'laingan-bench-oversize-'));
  const catalogue = defaultCatalogue();
  const unit = catalogue.unitByCode.get('MPS');
  if (!unit) throw new Error('unit MPS missing');
  const { bytes: typical } = await writeSampleXlsx({ unit, period: '2025-06', seed: 1 }, catalogue);
  const inputs: { label: string; bytes: Uint8Array; unpackedMiB: number }[] = [
    { label: 'typical report (idle baseline)', bytes: typical, unpackedMiB: 0 },
    {
      label: '100,000-row sheet (13 columns)',
      bytes: withExtraRows(typical, 100_000, activityRow),
      unpackedMiB: 0,
    },
    {
      label: '1,000,000-row sheet (2 columns)',
      bytes: withExtraRows(
        typical,
        1_000_000,
        (r) =>
          `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>P1.1.1</t></is></c><c r="E${r}"><v>5</v></c></row>`,
      ),
      unpackedMiB: 0,
    },
    { label: 'zip bomb, 512 MiB, sizes declared', bytes: zipBomb(512 * MiB, false), unpackedMiB: 512 },
    { label: 'zip bomb, 512 MiB, sizes lie (1 KiB)', bytes: zipBomb(512 * MiB, true), unpackedMiB: 512 },
  ];
  for (const input of inputs) {
    if (!input.unpackedMiB) {
      let total = 0;
      unzipSync(input.bytes, {
        filter: (f) => {
          total += f.originalSize;
          return false;
        },
      });
      input.unpackedMiB = round(total / MiB);
    }
  }
  const results: Record<string, unknown>[] = [];
  const cliIdle = runCli(writeInput(work, 'typical.xlsx', typical)).peakMiB;
  const serverIdle = await runServer(typical, typical);
  for (const input of inputs.slice(1)) {
    const file = writeInput(work, `${results.length}.xlsx`, input.bytes);
    const cli = runCli(file);
    const server = await runServer(typical, input.bytes);
    const result = {
      case: `oversize upload refused: ${input.label}`,
      fileMiB: round(input.bytes.byteLength / MiB),
      unpackedMiB: input.unpackedMiB,
      cliExit: cli.exit,
      cliIssue: cli.code,
      cliSeconds: cli.seconds,
      cliPeakMiB: cli.peakMiB,
      cliAboveIdleMiB: round(cli.peakMiB - cliIdle),
      serverStatus: server.status,
      serverIssue: server.code,
      serverSeconds: server.seconds,
      serverAboveIdleMiB: server.aboveIdleMiB,
      within128MiB: cli.peakMiB - cliIdle <= 128 && server.aboveIdleMiB <= 128,
    };
    results.push(result);
    process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
  }
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const summary = {
    machine,
    at: new Date().toISOString(),
    cliIdleMiB: cliIdle,
    serverIdleMiB: serverIdle.idleMiB,
    results,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/oversize-uploads.json', `${JSON.stringify(summary, null, 2)}\n`);
  const keys = Object.keys(results[0] ?? {});
  writeFileSync(
    'bench/results/oversize-uploads.md',
    [
      '# Oversize uploads refused early\n',
      `Machine: ${machine}. Run: \`npx tsx bench/cases/oversize-upload.ts\`.`,
      `Idle: validate CLI peak ${cliIdle} MiB on a typical report; ingest server peak ${serverIdle.idleMiB} MiB after three typical uploads (upload limit raised to 100 MB so the reader, not the body-size 413, refuses).\n`,
      `| ${keys.join(' | ')} |`,
      `| ${keys.map(() => '---').join(' | ')} |`,
      ...results.map((r) => `| ${keys.map((k) => String(r[k] ?? '')).join(' | ')} |`),
      '',
    ].join('\n'),
  );
}

function writeInput(dir: string, name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
