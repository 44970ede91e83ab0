/**
 * The streaming workbook writer as deployed: bundled with the functions' esbuild options, where
 * exceljs no longer sits under node_modules. There Node reports the deprecated `Buffer()` of
 * exceljs's own archiver, which the writer replaces: the first workbook of every process paid
 * for a printed deprecation warning (a stack trace, console set-up). The bundle writes a
 * workbook and prints nothing on stderr. archiver itself is not in the bundle (a placeholder
 * stands in for the one exceljs's constructor builds), and a writer opened around
 * openStreamingWorkbook is refused with a message saying so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_BUNDLE_OPTIONS } from '../../scripts/node-bundle-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'laingan-bundled-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled streaming workbook writer', () => {
  it('writes a workbook without a deprecation warning', async () => {
    const writer = resolve('shared/grid/exceljs-workbook.ts');
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { Writable } from 'node:stream';
import { openStreamingWorkbook } from ${JSON.stringify(writer)};
let bytes = 0;
const output = new Writable({ write(chunk, _encoding, callback) { bytes += chunk.length; callback(); } });
const workbook = await openStreamingWorkbook(output, { useStyles: true, useSharedStrings: false });
const sheet = workbook.addWorksheet('One');
sheet.addRow(['ລາຍງານ', 1]).commit();
sheet.commit();
await workbook.commit();
console.log(bytes);
`,
    );
    await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: { main: entry }, outdir: dir, logLevel: 'error' });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const run = spawnSync(process.execPath, [join(dir, 'main.js')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(Number(run.stdout)).toBeGreaterThan(1_000);
    const bundled = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('\n');
    expect(bundled).toContain('archiver-placeholder');
    expect(bundled).not.toContain('node_modules/archiver/');
  });

  it('refuses a streaming writer opened without openStreamingWorkbook', async () => {
    const entry = join(dir, 'direct.ts');
    writeFileSync(
      entry,
      `import WorkbookWriter from ${JSON.stringify(resolve('node_modules/exceljs/lib/stream/xlsx/workbook-writer.js'))};
const workbook = new WorkbookWriter({});
workbook.addWorksheet('One').commit();
await workbook.commit();
`,
    );
    await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: { direct: entry }, outdir: dir, logLevel: 'error' });
    const run = spawnSync(process.execPath, [join(dir, 'direct.js')], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('open streaming workbooks with openStreamingWorkbook');
  });
});
