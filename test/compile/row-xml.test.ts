/**
 * The table sheets' row writer (RowXmlWriter) writes the XML exceljs's own streaming row
 * writer writes for the same rows, byte for byte, and the same styles table: every reader
 * (Excel, LibreOffice, openpyxl, our own) sees the same workbook as before it existed. The
 * oracle is exceljs itself (getRow, getCell, cell.style, row.commit) on an identical sheet.
 */
import { Writable } from 'node:stream';
import type { Style } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  escapeXmlText,
  MERGED,
  RowXmlWriter,
  SHARED_TEXT_BUDGET,
  type SharedStyle,
  type SheetValue,
} from '../../shared/compile/sheets/row-xml.ts';
import { loadStreamingWorkbookWriter } from '../../shared/grid/exceljs-workbook.ts';

const BODY = { name: 'Phetsarath OT', size: 10 };
const BOLD = { ...BODY, bold: true };
const HEADER: Partial<Style> = {
  font: BOLD,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' },
};

interface Row {
  readonly number: number;
  readonly values: readonly SheetValue[];
  /** Style per cell, from a small set shared across rows (as the table kit shares them). */
  readonly styles: readonly number[];
  readonly height?: number;
  readonly hidden?: boolean;
  /** Columns (0-based, inclusive) merged into the first: it holds the value. */
  readonly merge?: readonly [number, number];
  /** Columns with no cell at all (not even an empty one). */
  readonly absent?: readonly number[];
}

/** A column's style plus overrides, the way the table kit builds cell styles. */
const STYLES: readonly Partial<Style>[] = [
  { font: BODY, alignment: { vertical: 'top' } },
  { font: BODY, alignment: { vertical: 'top', wrapText: true } },
  { font: BODY, alignment: { vertical: 'top' }, numFmt: '#,##0' },
  { font: BODY, alignment: { vertical: 'top' }, numFmt: 'yyyy-mm-dd hh:mm' },
  HEADER,
  { font: BOLD, alignment: { vertical: 'top' }, numFmt: '+#,##0;-#,##0;0' },
  {},
];

const LAO = 'ກິດຈະກຳ ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ ໃຫ້ແກ່ພະນັກງານ ແລະ ປະຊາຊົນ';
const ROWS: readonly Row[] = [
  { number: 1, values: ['key_a', 'key_b', 'key_c', 'key_d', 'key_e'], styles: [0, 1, 2, 3, 6], hidden: true },
  {
    number: 2,
    values: ['ລະຫັດ\nCode', 'ຊື່\nName', 'ລວມ\nTotal', 'ວັນທີ\nDate', 'x'],
    styles: [4, 4, 4, 4, 4],
    height: 42,
  },
  {
    number: 3,
    values: ['A-1', LAO, 1234567, new Date(Date.UTC(2025, 5, 30, 14, 5)), true],
    styles: [0, 1, 2, 3, 6],
  },
  { number: 4, values: [null, `${LAO}\n${LAO}`, 0, null, false], styles: [0, 1, 2, 3, 6], height: 60.5 },
  // Escapes, control characters exceljs drops, tab, CR and LF kept, an empty string, decimals.
  {
    number: 5,
    values: [
      '<a & "b"> \'c\'',
      'bell\u0007 tab\t cr\r lf\n del\u007f',
      -12.125,
      new Date(Date.UTC(1999, 0, 1)),
      '',
    ],
    styles: [0, 1, 5, 3, 6],
  },
  // A row of nothing but nulls: exceljs leaves it out.
  { number: 6, values: [null, null, null], styles: [0, 1, 2] },
  // A null in a default-styled cell is left out, but the span still counts it.
  { number: 7, values: ['only', null], styles: [6, 6] },
  // Nulls with a height: written, cells kept where styled.
  { number: 9, values: [null, null], styles: [0, 6], height: 20 },
  { number: 10, values: [], styles: [], height: 8 },
  { number: 11, values: [1e21, 1 / 3, Number.MAX_SAFE_INTEGER, 0.1 + 0.2], styles: [2, 2, 5, 6] },
  // A front-page row: no cell in A, B:D merged (covered cells styled as B), then E.
  {
    number: 12,
    values: [null, 'merged title', null, null, 5],
    styles: [0, 4, 4, 4, 2],
    merge: [1, 3],
    absent: [0],
    height: 30,
  },
  // A merge of default-styled cells.
  { number: 13, values: ['wide', null, null], styles: [6, 6, 6], merge: [0, 2] },
];

/** A stream a workbook is written to, and the package's parts as text once it is done. */
function packageSink(): { sink: Writable; parts(): Record<string, string> } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const parts = () => {
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
  };
  return { sink, parts };
}

/** Writes the rows into a fresh streaming workbook, with exceljs's rows or with ours; returns its parts. */
async function workbookParts(useRowXml: boolean, useSharedStrings = false): Promise<Record<string, string>> {
  const WorkbookWriter = await loadStreamingWorkbookWriter();
  const { sink, parts } = packageSink();
  const workbook = new WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings });
  workbook.created = workbook.modified = new Date(Date.UTC(2021, 0, 1));
  for (const name of ['One', 'Two']) {
    const sheet = workbook.addWorksheet(name);
    [11, 50, 14, 18, 8].forEach((width, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = width;
      column.font = BODY;
    });
    // One style object per sheet and kind, as the row writer keeps them.
    const shared: SharedStyle[] = STYLES.map((style) => ({ style: { ...style } }));
    const writer = new RowXmlWriter(sheet);
    for (const row of ROWS) {
      const styles = row.styles.map((index, column) =>
        row.absent?.includes(column) ? undefined : (shared[index] as SharedStyle),
      );
      const [first, last] = row.merge ?? [-1, -1];
      if (useRowXml) {
        const values = row.values.map((value, column) => (column > first && column <= last ? MERGED : value));
        writer.writeRow(row.number, values, styles, { height: row.height, hidden: row.hidden });
        if (row.merge) writer.merge(row.number, first, last);
        continue;
      }
      const excelRow = sheet.getRow(row.number);
      row.values.forEach((value, index) => {
        const style = styles[index];
        if (!style) return;
        const cell = excelRow.getCell(index + 1);
        if (value !== null && value !== undefined) cell.value = value;
        cell.style = style.style;
      });
      if (row.merge) sheet.mergeCells(row.number, first + 1, row.number, last + 1);
      if (row.height) excelRow.height = row.height;
      if (row.hidden) excelRow.hidden = true;
      excelRow.commit();
    }
    if (useRowXml) writer.commit();
    else sheet.commit();
  }
  await workbook.commit();
  return parts();
}

describe('RowXmlWriter', () => {
  it('writes the same sheet XML and styles table as exceljs, part for part', async () => {
    const [theirs, ours] = await Promise.all([workbookParts(false), workbookParts(true)]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const [name, xml] of Object.entries(theirs)) expect(ours[name], name).toBe(xml);
    // The comparison covers what it should: dates, escapes, a hidden row, a row left out.
    const sheet = ours['xl/worksheets/sheet1.xml'] ?? '';
    expect(sheet).toContain('&lt;a &amp; &quot;b&quot;&gt; &apos;c&apos;');
    expect(sheet).toContain('<row r="1" hidden="1"');
    expect(sheet).not.toContain('<row r="6"');
    expect(sheet).toContain('t="b"><v>1</v>');
    expect(sheet).toContain(`<v>${25569 + Date.UTC(2025, 5, 30, 14, 5) / 86_400_000}</v>`);
    expect(sheet).toContain('<row r="12" ht="30" customHeight="1" spans="2:5"');
    expect(sheet).toContain('<mergeCell ref="B12:D12"/>');
  });

  it('writes the same sheet XML, shared strings and styles as exceljs when the workbook shares strings', async () => {
    const [theirs, ours] = await Promise.all([workbookParts(false, true), workbookParts(true, true)]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const [name, xml] of Object.entries(theirs)) expect(ours[name], name).toBe(xml);
    const sheet = ours['xl/worksheets/sheet2.xml'] ?? '';
    expect(sheet).toContain('t="s"><v>');
    expect(sheet).not.toContain('t="str"');
    // Both sheets' texts once each: the second sheet repeats the first's indexes.
    expect(ours['xl/sharedStrings.xml']).toContain('&lt;a &amp; &quot;b&quot;&gt; &apos;c&apos;');
    expect(ours['xl/worksheets/sheet1.xml']?.match(/t="s"><v>(\d+)</g)).toEqual(
      sheet.match(/t="s"><v>(\d+)</g),
    );
  });

  it('stops sharing new texts once the shared strings hold their budget, and keeps sharing those held', async () => {
    const WorkbookWriter = await loadStreamingWorkbookWriter();
    const { sink, parts } = packageSink();
    const workbook = new WorkbookWriter({ stream: sink, useSharedStrings: true });
    const writer = new RowXmlWriter(workbook.addWorksheet('S'));
    const style = [{ style: {} }];
    const long = 'ກ'.repeat(SHARED_TEXT_BUDGET - 3);
    writer.writeRow(1, ['abc'], style);
    writer.writeRow(2, [long], style);
    writer.writeRow(3, ['new'], style);
    writer.writeRow(4, ['abc'], style);
    writer.writeRow(5, [long], style);
    writer.commit();
    await workbook.commit();
    const files = parts();
    const sheet = files['xl/worksheets/sheet1.xml'] ?? '';
    const cells = [...sheet.matchAll(/<c r="A\d+"( t="\w+")?><v>([^<]{0,10})/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(cells).toEqual([' t="s" 0', ' t="s" 1', ' t="str" new', ' t="s" 0', ' t="s" 1']);
    const strings = files['xl/sharedStrings.xml'] ?? '';
    expect(strings.match(/<si>/g)).toHaveLength(2);
  });

  it('escapes text as exceljs does', () => {
    expect(escapeXmlText('plain ລາວ')).toBe('plain ລາວ');
    expect(escapeXmlText('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(escapeXmlText('\u0000x\u0008\t\n\u000b\u000c\r\u001f\u007f')).toBe('x\t\n\r');
  });

  it('refuses to write rows after a row it already wrote', async () => {
    const WorkbookWriter = await loadStreamingWorkbookWriter();
    const workbook = new WorkbookWriter({ stream: new Writable({ write: (_c, _e, cb) => cb() }) });
    const sheet = workbook.addWorksheet('S');
    const writer = new RowXmlWriter(sheet);
    writer.writeRow(2, ['x'], [{ style: {} }]);
    expect(() => writer.writeRow(2, ['y'], [{ style: {} }])).toThrow(/row 2/);
    // exceljs's own rows cannot go back above it either.
    expect(() => sheet.getRow(1)).toThrow(/Out of bounds/);
  });
});
