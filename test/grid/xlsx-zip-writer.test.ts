/**
 * The zip writer that replaces exceljs's archiver (XlsxZipWriter, via openStreamingWorkbook):
 * the same parts in the same order as exceljs's own writer makes, CRCs an independent reader
 * (Python's zipfile) accepts, exceljs reads it back, the same workbook gives the same bytes,
 * and a sheet queued behind another waits for it (needDrain) without losing data.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, crc32InJavaScript } from '../../shared/grid/crc32.ts';
import {
  loadStreamingWorkbookWriter,
  loadWorkbook,
  openStreamingWorkbook,
  type StreamingWorkbook,
  sheetXmlTaken,
} from '../../shared/grid/exceljs-workbook.ts';
import { XlsxZipWriter } from '../../shared/grid/xlsx-zip-writer.ts';

function collector(): { sink: Writable; bytes: () => Uint8Array } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}

/** Two sheets of Lao and numbers (one long enough to pause for the zip), styles, a merge. */
async function fill(workbook: StreamingWorkbook): Promise<void> {
  workbook.created = workbook.modified = new Date(Date.UTC(2021, 0, 1));
  const list = workbook.addWorksheet('ລາຍການ List');
  list.getColumn(2).width = 40;
  for (let row = 1; row <= 3000; row++) {
    const cells = list.getRow(row);
    cells.getCell(1).value = row;
    cells.getCell(2).value = `ກິດຈະກຳ ${row} / activity ${row}`;
    cells.getCell(2).font = { name: 'Phetsarath OT', bold: row % 7 === 0 };
    cells.commit();
    if (row % 256 === 0) await sheetXmlTaken(list);
  }
  list.commit();
  const notes = workbook.addWorksheet('Notes');
  notes.getCell('A1').value = 'merged title';
  notes.mergeCells('A1:C1');
  notes.getRow(1).commit();
  notes.commit();
  await workbook.commit();
}

async function ours(): Promise<Uint8Array> {
  const { sink, bytes } = collector();
  await fill(await openStreamingWorkbook(sink, { useStyles: true, useSharedStrings: false }));
  return bytes();
}

async function exceljsOwn(): Promise<Uint8Array> {
  const { sink, bytes } = collector();
  const WorkbookWriter = await loadStreamingWorkbookWriter();
  await fill(new WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false }));
  return bytes();
}

const names = (zip: Uint8Array) => Object.keys(unzipSync(zip));

describe('XlsxZipWriter', () => {
  it("holds exceljs's parts in exceljs's order, part for part", async () => {
    const [mine, theirs] = [await ours(), await exceljsOwn()];
    expect(names(mine)).toEqual(names(theirs));
    const [a, b] = [unzipSync(mine), unzipSync(theirs)];
    for (const name of Object.keys(b))
      expect(strFromU8(a[name] as Uint8Array), name).toBe(strFromU8(b[name] as Uint8Array));
    expect(names(mine)).toContain('xl/worksheets/sheet1.xml');
    expect(names(mine).some((name) => name.startsWith('/'))).toBe(false);
  });

  it('is read back by exceljs and passes Python zipfile CRC checks', async () => {
    const bytes = await ours();
    const workbook = await loadWorkbook(bytes);
    const list = workbook.getWorksheet('ລາຍການ List');
    expect(list?.getCell('B3000').value).toBe('ກິດຈະກຳ 3000 / activity 3000');
    expect(list?.getCell('B7').font?.bold).toBe(true);
    expect(workbook.getWorksheet('Notes')?.getCell('A1').isMerged).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'laingan-zip-')), 'book.xlsx');
    writeFileSync(file, bytes);
    try {
      const checked = execFileSync(
        'python3',
        [
          '-c',
          'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))',
          file,
        ],
        { encoding: 'utf8' },
      );
      expect(checked.trim()).toBe(`None ${names(bytes).length}`);
    } catch (error) {
      if (process.env.CI || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  });

  it('writes the same bytes for the same workbook (no clock in the package)', async () => {
    expect(Buffer.from(await ours()).equals(Buffer.from(await ours()))).toBe(true);
  });

  it('checksums as Node does, in JavaScript too', () => {
    const bytes = randomBytes(100_003);
    expect(crc32InJavaScript(bytes)).toBe(crc32(bytes));
    expect(crc32InJavaScript(bytes.subarray(5000), crc32InJavaScript(bytes.subarray(0, 5000)))).toBe(
      crc32(bytes),
    );
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('reports a part that fails before finalize at finalize, not as an unhandled error', async () => {
    const { sink, bytes } = collector();
    const zip = new XlsxZipWriter(sink);
    // A sheet's stream: the zip pipes it into its entry's deflating sink, which then fails.
    let entrySink: Writable | undefined;
    const part = {
      pipe<T extends NodeJS.WritableStream>(destination: T): T {
        entrySink = destination as unknown as Writable;
        return destination;
      },
    };
    zip.append('<a/>', { name: 'first.xml' });
    zip.append(part, { name: 'xl/worksheets/sheet1.xml' });
    zip.append('<b/>', { name: 'after.xml' });
    // No 'error' listener yet, as with exceljs before it finalizes: emitting now would throw.
    entrySink?.destroy(new Error('disk went away'));
    await new Promise((resolve) => setImmediate(resolve));
    const heard = new Promise<unknown>((resolve) => zip.once('error', resolve));
    zip.finalize();
    expect(String(await heard)).toContain('disk went away');
    // Nothing after the failed part was written, and the package was not ended as if whole.
    expect(Buffer.from(bytes()).includes(Buffer.from('after.xml'))).toBe(false);
  });
});
