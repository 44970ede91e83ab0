/**
 * Property tests (fast-check): whatever grid or bytes arrive, the parser and the validator
 * answer with a report, never an exception, and every issue that names a cell names a real
 * one: a sheet the workbook has and an address inside Excel's grid.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellGrid, GridSheet, GridValue } from '../../shared/grid/cell-grid.ts';
import { readXlsxGrid } from '../../shared/grid/read-xlsx-grid.ts';
import { type ValidationReport, validateGrid, validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, toBytes } from '../support/fixtures.ts';

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

function columnNumber(letters: string): number {
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

/** Every issue with a cell names a sheet of the workbook and an address inside Excel's grid. */
function expectIssuesPointAtRealCells(report: ValidationReport, sheets: readonly string[] | null) {
  expect(typeof report.accepted).toBe('boolean');
  for (const issue of report.issues) {
    expect(issue.message.lo.length).toBeGreaterThan(0);
    expect(issue.message.en.length).toBeGreaterThan(0);
    if (issue.cell === null) continue;
    const match = /^([A-Z]{1,3})([1-9]\d*)$/.exec(issue.cell);
    expect(match, `${issue.code} at ${issue.cell}`).not.toBeNull();
    expect(Number(match?.[2])).toBeLessThanOrEqual(MAX_ROW);
    expect(columnNumber(match?.[1] ?? '')).toBeLessThanOrEqual(MAX_COLUMN);
    expect(issue.sheet, `${issue.code} at ${issue.cell} has no sheet`).not.toBeNull();
    if (sheets) expect(sheets, `${issue.code} on ${issue.sheet}`).toContain(issue.sheet);
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'ລາຍງານ',
    '໒໕',
    '50%',
    '1,234',
    'TRUE',
    '=SUM(A1)',
    '#N/A',
    '2025-06',
    '31/02/2025',
    'x'.repeat(400),
  ),
);
const gridValue: fc.Arbitrary<GridValue> = fc.oneof(
  text.map((t) => ({ kind: 'text' as const, text: t })),
  fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 0.5, 1e308, -0, 45866)).map((n) => ({
    kind: 'number' as const,
    number: n,
  })),
  fc.boolean().map((b) => ({ kind: 'boolean' as const, boolean: b })),
  fc
    .date({
      min: new Date('1899-12-30T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => ({ kind: 'date' as const, date: d.toISOString().slice(0, 10) })),
  fc.constantFrom('#DIV/0!', '#REF!', '#VALUE!', '#N/A').map((e) => ({ kind: 'error' as const, error: e })),
);

/** An edit of a grid: set, clear, or rename a sheet. */
const edit = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    sheet: fc.nat(),
    row: fc.integer({ min: 1, max: 200 }),
    column: fc.integer({ min: 1, max: 40 }),
    value: gridValue,
  }),
  fc.record({
    kind: fc.constant('clear' as const),
    sheet: fc.nat(),
    row: fc.integer({ min: 1, max: 200 }),
    column: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('rename' as const), sheet: fc.nat(), name: fc.string({ maxLength: 31 }) }),
  fc.record({ kind: fc.constant('drop' as const), sheet: fc.nat() }),
);

function applyEdits(grid: CellGrid, edits: readonly EditValue[]): CellGrid {
  const sheets = grid.sheets.map((s) => ({
    name: s.name,
    hidden: s.hidden,
    rows: s.rows.map((row) => (row ? [...row] : row)),
  }));
  for (const e of edits) {
    if (sheets.length === 0) break;
    const target = sheets[e.sheet % sheets.length];
    if (!target) continue;
    if (e.kind === 'set') {
      target.rows[e.row] ??= [];
      (target.rows[e.row] as (GridValue | undefined)[])[e.column] = e.value;
    } else if (e.kind === 'clear') {
      const row = target.rows[e.row];
      if (row) row[e.column] = undefined;
    } else if (e.kind === 'rename') target.name = e.name;
    else sheets.splice(e.sheet % sheets.length, 1);
  }
  return { sheets: sheets as GridSheet[] };
}
type EditValue = typeof edit extends fc.Arbitrary<infer T> ? T : never;

describe('parser and validator properties', () => {
  let sampleBytes: Uint8Array;
  let sampleGrid: CellGrid;

  beforeAll(async () => {
    sampleBytes = await toBytes((await sampleWorkbook('LA-VT', '2025-06', 5)).workbook);
    sampleGrid = readXlsxGrid(sampleBytes);
  });

  it('never throws on a real report with random edits, and every issue points at a real cell', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 30 }), (edits) => {
        const grid = applyEdits(sampleGrid, edits);
        const report = validateGrid(grid, catalogue);
        expectIssuesPointAtRealCells(
          report,
          grid.sheets.map((s) => s.name),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on random grids', () => {
    const sheet = fc.record({
      name: fc.oneof(
        fc.constantFrom('Cover', 'Activities', 'Cases', '_meta', 'Awareness'),
        fc.string({ maxLength: 31 }),
      ),
      hidden: fc.boolean(),
      cells: fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 30 }), gridValue), {
        maxLength: 80,
      }),
    });
    fc.assert(
      fc.property(fc.array(sheet, { maxLength: 8 }), (sheets) => {
        const grid: CellGrid = {
          sheets: sheets.map((s) => {
            const rows: (GridValue | undefined)[][] = [];
            for (const [r, c, v] of s.cells) {
              const row = rows[r] ?? [];
              row[c] = v;
              rows[r] = row;
            }
            return { name: s.name, hidden: s.hidden, rows };
          }),
        };
        expectIssuesPointAtRealCells(
          validateGrid(grid, catalogue),
          grid.sheets.map((s) => s.name),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random bytes, or on a real report with random bytes overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expectIssuesPointAtRealCells(await validateXlsx(bytes, catalogue), null);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        async (patches) => {
          const bytes = sampleBytes.slice();
          for (const [at, value] of patches) bytes[at % bytes.length] = value;
          expectIssuesPointAtRealCells(await validateXlsx(bytes, catalogue), null);
        },
      ),
      { numRuns: 150 },
    );
  });
});
