/** `npm run validate`: exit codes, JSON output, and the annotated copy. */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { ANNOTATION_FILLS } from '../../shared/report/annotate-workbook.ts';
import { sheetReference } from '../../shared/spec/sheet-naming.ts';
import { ISSUES_SHEET } from '../../shared/spec/template-spec.ts';
import { sampleWorkbook, setTableCell, TAB, toBytes } from '../support/fixtures.ts';

function validate(...args: string[]): { code: number; stdout: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, stdout: e.stdout };
  }
}

describe('validate CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laingan-cli-'));

  it('exits 0 with {accepted, unit, period, issues} for a valid sample', async () => {
    const file = join(dir, 'ok.xlsx');
    writeFileSync(file, await toBytes((await sampleWorkbook('LA-LP')).workbook));
    const { code, stdout } = validate(file, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      accepted: true,
      unit: 'LA-LP',
      period: '2025-06',
      issues: [],
    });
  });

  it('exits 1 for a rejected file and writes an annotated copy marking the cell', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const errorCell = setTableCell(workbook, TAB.activities, 1, 'percent_complete', 180);
    const warningCell = setTableCell(workbook, TAB.activities, 2, 'outputs', "[;o6lk;_ 8hv' mk;=]");
    const file = join(dir, 'bad.xlsx');
    const annotated = join(dir, 'bad-annotated.xlsx');
    const original = await toBytes(workbook);
    writeFileSync(file, original);
    const { code, stdout } = validate(file, '--annotate', annotated);
    expect(code).toBe(1);
    expect(stdout).toContain(sheetReference(TAB.activities, errorCell));
    expect(stdout).toMatch(/ບໍ່ຮັບ \/ REJECTED/);
    const copy = await loadWorkbook(readFileSync(annotated), true);
    const sheet = copy.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no Activities sheet');
    expect((sheet.getCell(errorCell).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(
      ANNOTATION_FILLS.error,
    );
    expect((sheet.getCell(warningCell).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe(
      ANNOTATION_FILLS.warning,
    );
    expect(JSON.stringify(sheet.getCell(errorCell).note)).toMatch(/0 to 100/);
    const issues = copy.getWorksheet(ISSUES_SHEET.sheetName);
    const links: string[] = [];
    issues?.eachRow((row) => {
      const value = row.getCell(3).value as { hyperlink?: string } | null;
      if (value && typeof value === 'object' && value.hyperlink) links.push(value.hyperlink);
    });
    expect(links).toContain(`#${sheetReference(TAB.activities, errorCell)}`);
    // The original is untouched.
    expect(readFileSync(file).equals(Buffer.from(original))).toBe(true);
  }, 60_000);

  it('exits 2 with one bilingual issue for an unreadable file, never a stack trace', () => {
    const file = join(dir, 'empty.xlsx');
    writeFileSync(file, '');
    const { code, stdout } = validate(file, '--json');
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0].code).toBe('file/empty');
    expect(stdout).not.toMatch(/at .*\.ts:\d+/);
  });
});
