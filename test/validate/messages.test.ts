/**
 * Messages read as a focal point needs them: grouped numbers, examples that fit the field,
 * units by name, the nearest codes from the unit's own list, what to do with an inserted
 * row, and the menu path to .xlsx from LibreOffice and Excel.
 */
import { describe, expect, it } from 'vitest';
import { nearestCodes } from '../../shared/validate/check-rules.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import {
  catalogue,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
  TAB,
  toBytes,
  validateWorkbook,
} from '../support/fixtures.ts';
import { convertWithLibreOffice, skipReason } from '../support/other-writers.ts';

async function issuesAfter(
  change: (wb: Awaited<ReturnType<typeof sampleWorkbook>>['workbook']) => void,
  unit = 'MPS',
) {
  const { workbook } = await sampleWorkbook(unit);
  change(workbook);
  return (await validateWorkbook(workbook)).issues;
}

describe('messages', () => {
  it('group numbers in thousands', async () => {
    const issues = await issuesAfter((wb) => {
      setTableCell(wb, TAB.activities, 0, 'budget_planned_lak', 213_800_000);
      setTableCell(wb, TAB.activities, 0, 'budget_spent_lak', 250_000_000);
    });
    const above = issues.find((i) => i.code === 'row/above-limit');
    expect(above?.message.en).toContain('(250,000,000)');
    expect(above?.message.en).toContain('(213,800,000)');
    expect(above?.message.lo).toContain('213,800,000');
    // A percent cell stores 15 with a % format for a typed 1500 (or 1500%): read as 1,500 %.
    const range = await issuesAfter((wb) => setTableCell(wb, TAB.activities, 0, 'percent_complete', 15));
    expect(range.find((i) => i.code === 'cell/range')?.message.en).toMatch(/1,500 is out of range/);
  });

  it('give examples that fit the field', async () => {
    const issues = await issuesAfter((wb) => {
      setTableCell(wb, TAB.activities, 0, 'percent_complete', 'about half');
      setTableCell(wb, TAB.activities, 1, 'budget_spent_lak', 'lots');
    });
    const percent = issues.find((i) => i.field === 'percent_complete' && i.code === 'cell/type');
    const example = Number(/e\.g\. ([\d,]+)/.exec(percent?.message.en ?? '')?.[1]?.replace(/,/g, ''));
    expect(example).toBeGreaterThanOrEqual(0);
    expect(example).toBeLessThanOrEqual(100);
    const money = issues.find((i) => i.field === 'budget_spent_lak' && i.code === 'cell/type');
    expect(money?.message.en).toMatch(/e\.g\. 1,500,000/);
  });

  it('name a wrong unit by its name as well as its code', async () => {
    const issues = await issuesAfter((wb) => setCoverCell(wb, 'unit_code', 'MOJ'));
    const mismatch = issues.find((i) => i.code === 'cover/unit-mismatch');
    const moj = catalogue.unitByCode.get('MOJ');
    const mps = catalogue.unitByCode.get('MPS');
    expect(mismatch?.message.en).toContain(`${moj?.name.en} (MOJ)`);
    expect(mismatch?.message.en).toContain(`${mps?.name.en} (MPS)`);
    expect(mismatch?.message.lo).toContain(`${mps?.name.lo} (MPS)`);
  });

  it('suggest the nearest codes from the unit’s own list, and accept a lower-case code', async () => {
    const own = catalogue.activitiesOf('MPS').map((a) => a.code);
    const first = own[0] as string;
    const typo = `${first}9`;
    const issues = await issuesAfter((wb) => setTableCell(wb, TAB.activities, 0, 'activity_code', typo));
    const unknown = issues.find((i) => i.code === 'row/activity-unknown');
    const suggested = /nearest codes in your list: ([^.]+(?:\.\d+)*(?:, [^,]+)*)\.$/.exec(
      unknown?.message.en ?? '',
    )?.[1];
    const codes = suggested?.split(', ') ?? [];
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(own).toContain(code);
    expect(codes).toContain(first);
    expect(nearestCodes('p1.1.2', ['P1.1.1', 'P1.1.2', 'P4.2.1'])[0]).toBe('P1.1.2');

    const lower = await issuesAfter((wb) =>
      setTableCell(wb, TAB.activities, 0, 'activity_code', ` ${first.toLowerCase()} `),
    );
    expect(lower.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('tell an inserted row where extra activities go', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const sheet = workbook.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no Activities sheet');
    // An inserted row: figures typed in a row that has no activity code.
    sheet.spliceRows(4, 0, []);
    sheet.getCell('D4').value = 'ກຳລັງດຳເນີນ / In progress';
    sheet.getCell('E4').value = 40;
    const report = await validateXlsx(await toBytes(workbook), catalogue);
    const inserted = report.issues.filter((i) => i.cell === 'A4');
    expect(inserted.map((i) => i.code)).toEqual(['cell/required']);
    expect(inserted[0]?.message.en).toMatch(/rows cannot be added/);
    expect(inserted[0]?.message.en).toMatch(/Outputs this period/);
    expect(inserted[0]?.message.lo).toMatch(/ຢ່າເພີ່ມແຖວ/);
  });
});

describe.skipIf(skipReason('soffice'))('files that are not .xlsx', () => {
  it('get the menu path to .xlsx in LibreOffice and in Excel (.ods and .xls made by LibreOffice)', async () => {
    const bytes = await toBytes((await sampleWorkbook('MPS')).workbook);
    for (const format of ['ods', 'xls'] as const) {
      const report = await validateXlsx(convertWithLibreOffice(bytes, format), catalogue);
      expect(report.unreadable).toBe(true);
      const [issue] = report.issues;
      expect(issue?.code).toBe(format === 'ods' ? 'file/not-xlsx' : 'file/old-xls');
      expect(issue?.message.en).toMatch(
        /In LibreOffice: File > Save As\.\.\., choose the file type "Excel 2007-365 \(\.xlsx\)"/,
      );
      expect(issue?.message.en).toMatch(/In Excel: File > Save As > Excel Workbook \(\.xlsx\)/);
      expect(issue?.message.lo).toMatch(/LibreOffice/);
    }
  }, 120_000);
});
