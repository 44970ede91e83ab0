import type { Workbook } from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import { readXlsxGrid } from '../../shared/grid/read-xlsx-grid.ts';
import { PLAN_SHEETS } from '../../shared/plan/plan-sheets.ts';
import { readPlanWorkbook } from '../../shared/plan/read-plan-workbook.ts';
import { writePlanWorkbook } from '../../shared/plan/write-plan-workbook.ts';
import { contentOf, defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { containsLao } from '../../shared/text/lao-text.ts';
import type { ValidationIssue } from '../../shared/validate/issue.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { resaveWithOpenpyxl, skipReason } from '../support/other-writers.ts';

const catalogue = defaultCatalogue();
const sheetName = (key: string) => PLAN_SHEETS.tables.find((t) => t.key === key)?.name as string;
let exported: Uint8Array;

beforeAll(async () => {
  exported = await writePlanWorkbook(contentOf(catalogue));
});

async function edited(edit: (workbook: Workbook) => void): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(exported) as unknown as ArrayBuffer);
  edit(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Sets a cell of a sheet by A1 address. */
const set = (workbook: Workbook, key: string, address: string, value: string | number) => {
  const sheet = workbook.getWorksheet(sheetName(key));
  if (!sheet) throw new Error(`no sheet ${key}`);
  (sheet.getCell(address) as { value: unknown }).value = value;
};

const importBytes = (bytes: Uint8Array) => readPlanWorkbook(readXlsxGrid(bytes));
const only = (issues: readonly ValidationIssue[], code: string) => issues.filter((i) => i.code === code);

describe('plan workbook round trip', () => {
  it('exports the shipped plan and imports it back to the same content hash', () => {
    const report = importBytes(exported);
    expect(report.issues).toEqual([]);
    expect(report.accepted).toBe(true);
    expect(report.version).toBe(catalogue.version);
    expect(report.basedOn).toBe(catalogue.version);
    expect(report.content?.plan).toEqual(catalogue.plan);
    expect(report.content?.units).toEqual(catalogue.unitsFile);
    expect(report.content?.indicators).toEqual(catalogue.indicators);
    expect(report.content?.sources).toEqual(catalogue.sourcesOfRecordFile);
  });

  it('has one sheet per level, bilingual headers and dropdowns for parents and codes', async () => {
    const ExcelJS = await loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported) as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    for (const key of [
      'goals',
      'programmes',
      'projects',
      'activities',
      'assignments',
      'indicators',
      'indicators.targets',
      'units',
      'provinces',
    ])
      expect(names).toContain(sheetName(key));
    const projects = workbook.getWorksheet(sheetName('projects'));
    expect(String(projects?.getCell('B2').value)).toMatch(/ແຜນງານ\nProgramme/);
    // The programme column of Projects picks from the codes on the Programmes sheet.
    const validation = (
      projects as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }
    ).dataValidations.model;
    const formula = Object.entries(validation).find(([range]) => range.startsWith('B3'))?.[1].formulae[0];
    expect(formula).toContain(`'${sheetName('programmes')}'!$A$3:$A$`);
    const assignments = workbook.getWorksheet(sheetName('assignments'));
    expect(assignments?.getCell('A3').value).toBe('P1.1.1');
    expect(assignments?.getCell('C3').value).toBe('lead');
  });

  it.skipIf(skipReason('openpyxl'))(
    'survives a re-save by another writer (openpyxl) with the same hash',
    () => {
      // Re-saved by openpyxl: its own shared strings and styles; then a title edited as a person would.
      const resaved = resaveWithOpenpyxl(exported);
      const goals = JSON.stringify(sheetName('goals'));
      const edited = resaveWithOpenpyxl(
        exported,
        `ws = wb[${goals}]\nws['C3'] = ws['C3'].value + ' (revised)'`,
      );
      expect(importBytes(resaved).version).toBe(catalogue.version);
      const revised = importBytes(edited);
      expect(revised.accepted).toBe(true);
      expect(revised.version).not.toBe(catalogue.version);
      expect(revised.content?.plan.goals[0]?.title.en).toMatch(/\(revised\)$/);
    },
  );
});

describe('plan import issues point at cells, in Lao and English', () => {
  it('a duplicate code', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'activities', 'A4', 'P1.1.1')));
    expect(report.accepted).toBe(false);
    const [issue] = only(report.issues, 'plan/duplicate-code');
    expect(issue).toMatchObject({ sheet: sheetName('activities'), cell: 'A4', field: 'code' });
    expect(issue?.message.en).toContain(`${sheetName('activities')}!A3`);
    expect(containsLao(issue?.message.lo ?? '')).toBe(true);
  });

  it('an orphan: a project whose programme is not on the Programmes sheet', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'projects', 'B3', 'P9')));
    const [issue] = only(report.issues, 'plan/orphan');
    expect(issue).toMatchObject({ sheet: sheetName('projects'), cell: 'B3', field: 'programme' });
    expect(issue?.message.en).toContain('"P9"');
  });

  it('an orphan: an activity under a goal that does not exist', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'activities', 'C5', 'G42')));
    expect(only(report.issues, 'plan/orphan')).toMatchObject([{ cell: 'C5', field: 'goal' }]);
  });

  it('an activity without a lead unit', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'assignments', 'C3', 'support')));
    const [issue] = only(report.issues, 'plan/no-lead');
    expect(issue).toMatchObject({ sheet: sheetName('activities'), cell: 'A3', field: 'code' });
    expect(issue?.message.en).toContain('P1.1.1');
  });

  it('a unit code that is not on the Units sheet', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'assignments', 'B3', 'MXX')));
    expect(only(report.issues, 'plan/unit-unknown')).toMatchObject([
      { sheet: sheetName('assignments'), cell: 'B3', field: 'unit' },
    ]);
  });

  it('a province code that is not in ISO 3166-2:LA', async () => {
    const units = catalogue.unitsFile.units;
    const row = 3 + units.findIndex((u) => u.code === 'LA-VT');
    const report = importBytes(await edited((wb) => set(wb, 'units', `A${row}`, 'LA-ZZ')));
    const issues = only(report.issues, 'plan/unit-unknown');
    expect(issues.map((i) => `${i.sheet}!${i.cell}`)).toContain(`${sheetName('units')}!A${row}`);
    expect(issues[0]?.message.en).toContain('ISO 3166-2:LA');
  });

  it('a target without a span', async () => {
    const targets = PLAN_SHEETS.tables.find((t) => t.key === 'indicators.targets');
    expect(targets?.columns.map((c) => c.key)).toEqual(['indicator', 'span', 'value']);
    const report = importBytes(
      await edited((wb) => {
        (wb.getWorksheet(targets?.name as string)?.getCell('B4') as { value: unknown }).value = null;
      }),
    );
    const [issue] = only(report.issues, 'plan/target-no-span');
    expect(issue).toMatchObject({ sheet: targets?.name, cell: 'B4', field: 'span' });
    const first = catalogue.indicators.indicators[0];
    expect(issue?.message.en).toContain(`${first?.code} = ${first?.targets[1]?.value}`);
    expect(containsLao(issue?.message.lo ?? '')).toBe(true);
  });

  it('an orphan: a target of an indicator that does not exist, and an indicator of an unknown goal', async () => {
    const targets = PLAN_SHEETS.tables.find((t) => t.key === 'indicators.targets')?.name as string;
    const report = importBytes(
      await edited((wb) => {
        (wb.getWorksheet(targets)?.getCell('A3') as { value: unknown }).value = 'IND-NONE';
        set(wb, 'indicators', 'B3', 'G99');
      }),
    );
    expect(only(report.issues, 'plan/orphan').map((i) => `${i.sheet}!${i.cell}`)).toEqual([
      `${sheetName('indicators')}!B3`,
      `${targets}!A3`,
    ]);
  });

  it('a target outside the plan span, from the cross-checks, at its cell', async () => {
    const targets = PLAN_SHEETS.tables.find((t) => t.key === 'indicators.targets')?.name as string;
    const report = importBytes(
      await edited((wb) => {
        (wb.getWorksheet(targets)?.getCell('B3') as { value: unknown }).value = '2031';
      }),
    );
    expect(report.issues.find((i) => i.code === 'plan/invalid')).toMatchObject({
      sheet: targets,
      cell: 'B3',
    });
  });

  it('a value the schema refuses, mapped to its cell', async () => {
    const report = importBytes(await edited((wb) => set(wb, 'goals', 'A3', 'Goal one')));
    expect(report.issues.find((i) => i.code === 'plan/invalid')).toMatchObject({
      sheet: sheetName('goals'),
      cell: 'A3',
    });
  });

  it('a workbook that is not a plan workbook', async () => {
    const template = await writeXlsxTemplate(
      { unit: catalogue.unitByCode.get('MPS') as never, period: '2025-06' },
      catalogue,
    );
    const report = importBytes(template);
    expect(report.issues).toMatchObject([{ code: 'plan/not-plan-workbook' }]);
  });
});
