/**
 * Bilingual tab names: every visible sheet of the template is named Lao then English within
 * Excel's limits, older English-only names still find their sheet, and references to a cell
 * quote a name as Excel and the Sheets API need.
 */
import { describe, expect, it } from 'vitest';
import {
  findSpecSheet,
  isSpecSheet,
  MAX_TAB_NAME_LENGTH,
  sheetReference,
  specSheets,
  tabNameProblem,
} from '../../shared/spec/sheet-naming.ts';
import { SHEET_NAMES, TEMPLATE_SPEC, TEMPLATE_SPECS } from '../../shared/spec/template-spec.ts';

const LAO = /[\u0E80-\u0EFF]/;

describe('tab names', () => {
  it.each(Object.entries(SHEET_NAMES))('%s is Lao then its English name, and Excel takes it', (_, naming) => {
    expect(tabNameProblem(naming.sheetName)).toBeUndefined();
    expect(naming.sheetName.length).toBeLessThanOrEqual(MAX_TAB_NAME_LENGTH);
    expect(naming.sheetName).toMatch(LAO);
    expect(LAO.test(naming.sheetName.slice(0, 1))).toBe(true);
    const english = naming.legacySheetNames[0] ?? '';
    expect(naming.sheetName.endsWith(` ${english}`)).toBe(true);
  });

  it('every template version names its sheets from the one table', () => {
    for (const spec of Object.values(TEMPLATE_SPECS))
      for (const sheet of specSheets(spec))
        expect(Object.values(SHEET_NAMES).map((n) => n.sheetName)).toContain(sheet.sheetName);
    const names = specSheets(TEMPLATE_SPEC).map((s) => s.sheetName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses what Excel refuses', () => {
    expect(tabNameProblem('ກ'.repeat(32))).toMatch(/32 characters/);
    expect(tabNameProblem('Cases: 2025')).toMatch(/contains/);
    expect(tabNameProblem('a/b')).toMatch(/contains/);
    expect(tabNameProblem("'quoted'")).toMatch(/starts or ends/);
    expect(tabNameProblem('  ')).toBe('empty');
  });
});

describe('finding a sheet', () => {
  const activities = SHEET_NAMES.activities;

  it('under the bilingual name, the English name of before, any letter case', () => {
    expect(isSpecSheet(activities, activities.sheetName)).toBe(true);
    expect(isSpecSheet(activities, 'Activities')).toBe(true);
    expect(isSpecSheet(activities, 'ACTIVITIES')).toBe(true);
    expect(isSpecSheet(activities, 'Cases')).toBe(false);
    expect(isSpecSheet(activities, 'ກິດຈະກຳ')).toBe(false);
  });

  it('prefers the current name when a file somehow holds both', () => {
    const sheets = [{ name: 'Activities' }, { name: activities.sheetName }];
    expect(findSpecSheet(sheets, activities)?.name).toBe(activities.sheetName);
    expect(findSpecSheet([{ name: 'activities' }], activities)?.name).toBe('activities');
    expect(findSpecSheet([{ title: 'Activities' }], activities, (s) => s.title)?.title).toBe('Activities');
    expect(findSpecSheet([{ name: 'Summary' }], activities)).toBeUndefined();
  });
});

describe('cell references', () => {
  it.each([
    ['Activities', 'K39', 'Activities!K39'],
    [SHEET_NAMES.activities.sheetName, 'K39', `'${SHEET_NAMES.activities.sheetName}'!K39`],
    ["Bob's sheet", 'A1:B2', "'Bob''s sheet'!A1:B2"],
    ['A1', 'C3', "'A1'!C3"],
    ['2025', 'C3', "'2025'!C3"],
  ])('%s + %s -> %s', (sheet, cells, expected) => {
    expect(sheetReference(sheet, cells)).toBe(expected);
  });
});
