import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { firstDataRowMetaKey, groupDepth, tableRows } from '../../shared/spec/table-layout.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { INPUT_FILL_RGB } from '../../templates/workbook-style.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { catalogue, TAB, unit } from '../support/fixtures.ts';

async function template(code: string, period = '2025-06') {
  const bytes = await writeXlsxTemplate({ unit: unit(code), period }, catalogue);
  const workbook = await loadWorkbook(bytes);
  const parts = unzipSync(bytes);
  const sheetXml = (name: string) => {
    const index = workbook.worksheets.findIndex((w) => w.name === name);
    return strFromU8(parts[`xl/worksheets/sheet${index + 1}.xml`] ?? new Uint8Array());
  };
  return { bytes, workbook, sheetXml };
}

describe('generated template', () => {
  it('has instructions, cover, only the unit’s sections and the hidden contract sheets', async () => {
    const mpi = await template('MPI');
    expect(mpi.workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
      [TAB.instructions, 'visible'],
      [TAB.cover, 'visible'],
      [TAB.activities, 'visible'],
      ['_lists', 'hidden'],
      ['_meta', 'hidden'],
    ]);
    const province = await template('LA-XE');
    expect(province.workbook.worksheets.map((w) => w.name)).toEqual([
      TAB.instructions,
      TAB.cover,
      TAB.activities,
      TAB.cases,
      TAB.assistance,
      TAB.awareness,
      '_lists',
      '_meta',
    ]);
  });

  it('keeps field keys in hidden row 1 and a bilingual header above the data', async () => {
    const { workbook } = await template('MPS');
    for (const table of TEMPLATE_SPEC.tables) {
      const rows = tableRows(table);
      const sheet = workbook.getWorksheet(table.sheetName);
      expect(sheet?.getRow(1).hidden, table.sheetName).toBe(true);
      table.fields.forEach((field, index) => {
        expect(sheet?.getCell(1, index + 1).value).toBe(field.key);
        // An ungrouped column's header sits in the top cell of its vertical merge.
        const header = String(
          sheet?.getCell(field.group?.length ? rows.headerRow : rows.firstHeaderRow, index + 1).value,
        );
        expect(header).toContain((field.shortLabel ?? field.label).lo);
        expect(header).toContain((field.shortLabel ?? field.label).en);
      });
      // Headers frozen, and the row's key column (code, province, type, date).
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: rows.headerRow, xSplit: 1 });
      expect(sheet?.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        printTitlesRow: `${rows.firstHeaderRow}:${rows.headerRow}`,
      });
    }
  });

  it('groups the Cases headers by dimension in merged cells, and says where data starts', async () => {
    const { workbook, sheetXml } = await template('LA-XE');
    const cases = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases');
    if (!cases) throw new Error('no cases table');
    const rows = tableRows(cases);
    expect(rows.firstDataRow).toBeGreaterThan(3);
    const sheet = workbook.getWorksheet(TAB.cases);
    const merges = [...sheetXml(TAB.cases).matchAll(/<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"\/>/g)];
    // One merge per group at each level (sex; age within each; nationality within each).
    expect(groupDepth(cases)).toBeGreaterThanOrEqual(1);
    for (let level = 0; level < groupDepth(cases); level++) {
      const row = rows.firstHeaderRow + level;
      const across = merges.filter((m) => Number(m[2]) === row && Number(m[4]) === row);
      const groups = new Map<string, number>();
      for (const field of cases.fields)
        if ((field.group?.length ?? 0) > level) {
          const key = JSON.stringify(field.group?.slice(0, level + 1));
          groups.set(key, (groups.get(key) ?? 0) + 1);
        }
      const wide = [...groups.values()].filter((columns) => columns > 1).length;
      expect(wide, `level ${level}`).toBeGreaterThanOrEqual(3);
      expect(across.length, `level ${level}`).toBe(wide);
      for (const merge of across) {
        const label = String(sheet?.getCell(`${merge[1]}${row}`).value);
        expect(label).toMatch(/[\u0E80-\u0EFF][\s\S]*\n[A-Za-z]/);
      }
    }
    // Ungrouped columns (province, cases, total) span every header row.
    expect(
      merges.some(
        (m) => m[1] === 'A' && Number(m[2]) === rows.firstHeaderRow && Number(m[4]) === rows.headerRow,
      ),
    ).toBe(true);
    const meta = workbook.getWorksheet('_meta');
    const declared = new Map<string, unknown>();
    meta?.eachRow((row) => {
      declared.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(declared.get(firstDataRowMetaKey(TAB.cases))).toBe(String(rows.firstDataRow));
    expect(declared.get(firstDataRowMetaKey(TAB.activities))).toBe('3');
  });

  it('names every dimension in the prompt of every disaggregated column', async () => {
    const { sheetXml } = await template('LA-XE');
    const cases = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases');
    const decode = (text: string) =>
      text
        .replace(/&#10;|&#xA;/gi, '\n')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<');
    const prompts = [...sheetXml(TAB.cases).matchAll(/\bprompt="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
    for (const field of cases?.fields.filter((f) => f.group?.length) ?? []) {
      const mine = prompts.find((p) => p.startsWith(`${field.label.lo}\n`));
      expect(mine, field.key).toBeDefined();
      for (const part of field.label.en.split(', ')) expect(mine).toContain(part);
      for (const part of field.label.lo.split(', ')) expect(mine).toContain(part);
    }
  });

  it('colours input columns on every table sheet and gives Lao titles room', async () => {
    const { workbook } = await template('LA-XE');
    for (const table of TEMPLATE_SPEC.tables) {
      const sheet = workbook.getWorksheet(table.sheetName);
      table.fields.forEach((field, index) => {
        const fill = sheet?.getColumn(index + 1).fill as { fgColor?: { argb?: string } } | undefined;
        if (!field.prefill)
          expect(fill?.fgColor?.argb, `${table.sheetName}.${field.key}`).toBe(`FF${INPUT_FILL_RGB}`);
      });
    }
    const activities = workbook.getWorksheet(TAB.activities);
    const titles = catalogue.activitiesOf('LA-XE');
    titles.forEach((activity, index) => {
      const height = activities?.getRow(3 + index).height ?? 0;
      // Two lines of Lao at least for a title longer than the column.
      if (activity.title.lo.length > 40) expect(height, activity.code).toBeGreaterThanOrEqual(34);
    });
  });

  it('pre-fills and locks the unit’s activities', async () => {
    const { workbook } = await template('MOJ');
    const sheet = workbook.getWorksheet(TAB.activities);
    const activities = catalogue.activitiesOf('MOJ');
    activities.forEach((activity, index) => {
      expect(sheet?.getCell(3 + index, 1).value).toBe(activity.code);
      expect(sheet?.getCell(3 + index, 2).value).toBe(activity.title.lo);
      // Excel's default for a cell is locked: no protection element means locked.
      expect(sheet?.getCell(3 + index, 1).protection?.locked ?? true).toBe(true);
      expect(sheet?.getCell(3 + index, 4).protection?.locked).toBe(false);
    });
    expect(sheet?.getCell(3 + activities.length, 1).value).toBeNull();
  });

  it('keeps cover keys in hidden column A and writes the _meta contract', async () => {
    const { workbook } = await template('LA-VT', '2025-11');
    const cover = workbook.getWorksheet(TAB.cover);
    expect(cover?.getColumn(1).hidden).toBe(true);
    expect(TEMPLATE_SPEC.cover.fields.map((_, i) => cover?.getCell(3 + i, 1).value)).toEqual(
      TEMPLATE_SPEC.cover.fields.map((f) => f.key),
    );
    const meta = workbook.getWorksheet('_meta');
    expect([1, 2, 3, 4].map((r) => [meta?.getCell(r, 1).value, meta?.getCell(r, 2).value])).toEqual([
      ['template_id', 'laingan-monthly-report'],
      ['template_version', '2'],
      ['unit_code', 'LA-VT'],
      ['period', '2025-11'],
    ]);
  });

  it('puts a dropdown on every choice column and typed validations with bilingual prompts elsewhere', async () => {
    const { sheetXml } = await template('MPS');
    for (const table of TEMPLATE_SPEC.tables) {
      const xml = sheetXml(table.sheetName);
      table.fields.forEach((field, index) => {
        if (field.prefill) return;
        const letters = String.fromCharCode(64 + ((index % 26) + 1));
        const column = index < 26 ? letters : `${String.fromCharCode(64 + Math.floor(index / 26))}${letters}`;
        const { firstDataRow } = tableRows(table);
        const sqref = `${column}${firstDataRow}:${column}${firstDataRow + table.maxRows - 1}`;
        const match = new RegExp(`<dataValidation [^>]*sqref="${sqref}"[^>]*>`).exec(xml);
        expect(match, `${table.sheetName}.${field.key}`).not.toBeNull();
        const expectedType = {
          choice: 'list',
          count: 'whole',
          money: 'whole',
          percent: 'decimal',
          date: 'date',
        }[field.type as string];
        if (expectedType) expect(match?.[0]).toContain(`type="${expectedType}"`);
        expect(match?.[0]).toMatch(/prompt="[^"]*[\u0E80-\u0EFF][^"]*"/);
        expect(match?.[0]).toContain('showErrorMessage="1"');
      });
      expect(xml).toMatch(/<sheetProtection [^>]*sheet="1"/);
      expect(xml).not.toMatch(/hashValue|password=/);
    }
  });

  it('names the Lao government font', async () => {
    const { workbook } = await template('MPS');
    expect(workbook.getWorksheet(TAB.activities)?.getCell('D3').font?.name).toBe('Phetsarath OT');
  });

  it('can be generated for every unit', async () => {
    for (const u of catalogue.units) {
      const bytes = await writeXlsxTemplate({ unit: u, period: '2025-06' }, catalogue);
      expect(bytes.byteLength, u.code).toBeGreaterThan(5000);
    }
  });
});
