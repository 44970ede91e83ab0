import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { catalogue, unit } from '../support/fixtures.ts';

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
      ['Instructions', 'visible'],
      ['Cover', 'visible'],
      ['Activities', 'visible'],
      ['_lists', 'hidden'],
      ['_meta', 'hidden'],
    ]);
    const province = await template('LA-XE');
    expect(province.workbook.worksheets.map((w) => w.name)).toEqual([
      'Instructions',
      'Cover',
      'Activities',
      'Cases',
      'Assistance',
      'Awareness',
      '_lists',
      '_meta',
    ]);
  });

  it('keeps field keys in hidden row 1 and a bilingual header in row 2', async () => {
    const { workbook } = await template('MPS');
    for (const table of TEMPLATE_SPEC.tables) {
      const sheet = workbook.getWorksheet(table.sheetName);
      expect(sheet?.getRow(1).hidden, table.sheetName).toBe(true);
      table.fields.forEach((field, index) => {
        expect(sheet?.getCell(1, index + 1).value).toBe(field.key);
        expect(String(sheet?.getCell(2, index + 1).value)).toContain(field.label.lo);
        expect(String(sheet?.getCell(2, index + 1).value)).toContain(field.label.en);
      });
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(sheet?.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    }
  });

  it('pre-fills and locks the unit’s activities', async () => {
    const { workbook } = await template('MOJ');
    const sheet = workbook.getWorksheet('Activities');
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
    const cover = workbook.getWorksheet('Cover');
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
        const sqref = `${column}3:${column}${2 + table.maxRows}`;
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
    expect(workbook.getWorksheet('Activities')?.getCell('D3').font?.name).toBe('Phetsarath OT');
  });

  it('can be generated for every unit', async () => {
    for (const u of catalogue.units) {
      const bytes = await writeXlsxTemplate({ unit: u, period: '2025-06' }, catalogue);
      expect(bytes.byteLength, u.code).toBeGreaterThan(5000);
    }
  });
});
