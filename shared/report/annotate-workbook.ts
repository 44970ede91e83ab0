/**
 * Writes a copy of a submission with every issue marked where it is: only the flagged cells
 * change (each gets a style of its own, red for an error, amber for a warning, and a comment
 * with the messages in Lao then English), plus an Issues sheet, Lao first, linking each row
 * to its cell. When the original cannot be restyled (a writer's quirk exceljs cannot read),
 * the copy is the original with the Issues sheet added and the reason written at its top.
 */
import type { Borders, Cell, Fill, Workbook, Worksheet } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { A4_LANDSCAPE, BODY_FONT } from '../../templates/workbook-style.ts';
import { loadExcelJs } from '../grid/exceljs-workbook.ts';
import { findSpecSheet, sheetReference } from '../spec/sheet-naming.ts';
import { ISSUES_SHEET } from '../spec/template-spec.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { ValidationIssue } from '../validate/issue.ts';
import { issueLocation } from './format-report.ts';
import { appendPlainSheet, normalizeForExcelJs, type PlainRow } from './xlsx-package-edit.ts';

/** Fill colours of flagged cells; distinct from the templates' input colour. */
export const ANNOTATION_FILLS = { error: 'FFFF9B9B', warning: 'FFFFC66E' } as const;

const SEVERITY: Record<ValidationIssue['severity'], Bilingual> = {
  error: { lo: 'ຂໍ້ຜິດພາດ', en: 'Error' },
  warning: { lo: 'ຄຳເຕືອນ', en: 'Warning' },
};
const HEADERS: readonly Bilingual[] = [
  { lo: 'ລຳດັບ', en: 'No.' },
  { lo: 'ລະດັບ', en: 'Severity' },
  { lo: 'ບ່ອນ', en: 'Where' },
  { lo: 'ບັນຫາ ແລະ ວິທີແກ້', en: 'Message (Lao)' },
  { lo: 'ພາສາອັງກິດ', en: 'Message (English)' },
  { lo: 'ລະຫັດ', en: 'Code' },
];
const WIDTHS = [6, 14, 20, 58, 52, 20];
/** Validations over more cells than this (whole columns) are left out of the copy: exceljs expands them. */
const MAX_VALIDATED_CELLS = 200_000;

/** The annotated copy, and why the original could not be restyled when it could not. */
export interface AnnotatedCopy {
  readonly bytes: Uint8Array;
  /** True when the flagged cells themselves are marked; false for the Issues-sheet-only copy. */
  readonly restyled: boolean;
  /** What the copy could not keep or do, in both languages; empty when nothing. */
  readonly notes: readonly Bilingual[];
}

const fill = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thick = (argb: string): Partial<Borders> => {
  const side = { style: 'medium' as const, color: { argb } };
  return { top: side, bottom: side, left: side, right: side };
};

function linkTarget(issue: ValidationIssue): string | undefined {
  return issue.sheet && issue.cell ? sheetReference(issue.sheet, issue.cell) : undefined;
}

function summary(issues: readonly ValidationIssue[]): Bilingual {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return {
    lo: `ບັນຫາທີ່ພົບ: ຂໍ້ຜິດພາດ ${errors}, ຄຳເຕືອນ ${warnings}. ກົດທີ່ "ບ່ອນ" ເພື່ອໄປຫາຫ້ອງນັ້ນ.`,
    en: `Issues found: ${errors} error(s), ${warnings} warning(s). Click "Where" to go to the cell.`,
  };
}

/** Total cells covered by data validations in the package's sheets (ranges only, not expanded). */
function validatedCellCount(parts: Record<string, Uint8Array>): number {
  let total = 0;
  for (const [name, body] of Object.entries(parts)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const xml = strFromU8(body);
    for (const match of xml.matchAll(/<(?:\w+:)?dataValidation\b[^>]*\bsqref="([^"]*)"/g)) {
      for (const range of (match[1] ?? '').split(/\s+/)) {
        const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(range);
        if (!m) continue;
        const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
        const rows = m[4] ? Number(m[4]) - Number(m[2]) + 1 : 1;
        const cols = m[3] ? col(m[3]) - col(m[1] ?? 'A') + 1 : 1;
        total += rows * cols;
      }
    }
  }
  return total;
}

/** Gives the cell a style object of its own before changing it (exceljs shares them). */
function markCell(cell: Cell, cellIssues: readonly ValidationIssue[]): void {
  const severity = cellIssues.some((i) => i.severity === 'error') ? 'error' : 'warning';
  cell.style = {
    ...cell.style,
    fill: fill(ANNOTATION_FILLS[severity]),
    border: thick(severity === 'error' ? 'FFC00000' : 'FFBF8F00'),
  };
  const ours = cellIssues.map((i) => `${i.message.lo}\n${i.message.en}`).join('\n\n');
  const before = cell.note;
  const previous =
    typeof before === 'string' ? before : before ? (before.texts ?? []).map((t) => t.text).join('') : '';
  cell.note = { texts: [{ text: previous ? `${ours}\n\n———\n${previous}` : ours }] };
}

function writeIssuesSheet(
  workbook: Workbook,
  issues: readonly ValidationIssue[],
  notes: readonly Bilingual[],
): Worksheet {
  const sheet = workbook.addWorksheet(ISSUES_SHEET.sheetName, {
    properties: { tabColor: { argb: 'FFC00000' } },
    pageSetup: { ...A4_LANDSCAPE },
  });
  WIDTHS.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  const font = BODY_FONT;
  const top = [summary(issues), ...notes];
  top.forEach((line, index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = `${line.lo}\n${line.en}`;
    sheet.mergeCells(index + 1, 1, index + 1, WIDTHS.length);
    row.getCell(1).font = {
      ...font,
      bold: index === 0,
      color: { argb: index === 0 ? 'FF1F3864' : 'FFC00000' },
    };
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 34;
  });
  const headerRowNumber = top.length + 1;
  const header = sheet.getRow(headerRowNumber);
  HEADERS.forEach((text, index) => {
    const cell = header.getCell(index + 1);
    cell.value = `${text.lo}\n${text.en}`;
    cell.font = { ...font, bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = fill('FF1F3864');
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  header.height = 32;
  issues.forEach((issue, index) => {
    const row = sheet.getRow(headerRowNumber + 1 + index);
    const target =
      linkTarget(issue) && workbook.getWorksheet(issue.sheet ?? '') ? linkTarget(issue) : undefined;
    const severity = SEVERITY[issue.severity];
    row.values = [
      index + 1,
      `${severity.lo}\n${severity.en}`,
      target ? { text: issueLocation(issue), hyperlink: `#${target}` } : issueLocation(issue),
      issue.message.lo,
      issue.message.en,
      issue.code,
    ];
    row.eachCell((cell) => {
      cell.font = font;
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
    row.getCell(2).fill = fill(ANNOTATION_FILLS[issue.severity]);
    if (target) row.getCell(3).font = { ...font, underline: true, color: { argb: 'FF0563C1' } };
    // Lao wraps to about 45 characters a line at this width; leave room for every line.
    const lines = Math.max(
      2,
      Math.ceil(issue.message.lo.length / 45) + 1,
      Math.ceil(issue.message.en.length / 55) + 1,
    );
    row.height = Math.min(409, lines * 15);
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRowNumber }];
  sheet.pageSetup.printTitlesRow = `${headerRowNumber}:${headerRowNumber}`;
  return sheet;
}

async function restyle(original: Uint8Array, issues: readonly ValidationIssue[]): Promise<AnnotatedCopy> {
  const ExcelJS = await loadExcelJs();
  const normalized = normalizeForExcelJs(original);
  const notes: Bilingual[] = [];
  const keepValidations = validatedCellCount(unzipSync(normalized)) <= MAX_VALIDATED_CELLS;
  if (!keepValidations)
    notes.push({
      lo: 'ສຳເນົານີ້ບໍ່ມີລາຍການເລືອກ (dropdown) ເພາະມັນກວມທັງຖັນ. ກະລຸນາແກ້ໄຂໃນໄຟລ໌ຕົ້ນສະບັບ.',
      en: 'This copy leaves out the dropdowns because they cover whole columns. Make your corrections in the original file.',
    });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(normalized) as unknown as ArrayBuffer, {
    ignoreNodes: keepValidations ? [] : ['dataValidations'],
  });
  // A copy annotated again replaces its Issues sheet, whichever name an older copy gave it.
  for (let existing = findSpecSheet(workbook.worksheets, ISSUES_SHEET); existing; ) {
    workbook.removeWorksheet(existing.id);
    existing = findSpecSheet(workbook.worksheets, ISSUES_SHEET);
  }
  const byCell = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    if (!issue.sheet || !issue.cell || !workbook.getWorksheet(issue.sheet)) continue;
    const key = `${issue.sheet}\u0000${issue.cell}`;
    byCell.set(key, [...(byCell.get(key) ?? []), issue]);
  }
  for (const [key, cellIssues] of byCell) {
    const [sheetName, address] = key.split('\u0000') as [string, string];
    const cell = workbook.getWorksheet(sheetName)?.getCell(address);
    if (cell) markCell(cell, cellIssues);
  }
  const sheet = writeIssuesSheet(workbook, issues, notes);
  workbook.views = [
    {
      activeTab: workbook.worksheets.indexOf(sheet),
      x: 0,
      y: 0,
      width: 10000,
      height: 20000,
      firstSheet: 0,
      visibility: 'visible',
    },
  ];
  // One selected tab only: two would open as a group, and typing would go to both sheets.
  for (const other of workbook.worksheets) {
    const view = other.views?.[0];
    if (other !== sheet && view) other.views = [{ ...view, tabSelected: false } as never];
  }
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), restyled: true, notes };
}

/** The Issues sheet alone, added to the untouched original, with the reason on top. */
function issuesOnly(original: Uint8Array, issues: readonly ValidationIssue[], cause: unknown): AnnotatedCopy {
  const detail = cause instanceof Error ? cause.message.slice(0, 160) : String(cause);
  const reason: Bilingual = {
    lo: `ບໍ່ສາມາດໝາຍສີຫ້ອງໃນໄຟລ໌ນີ້ໄດ້ (${detail}). ຂໍ້ມູນເດີມບໍ່ປ່ຽນແປງ; ບັນຫາທັງໝົດຢູ່ລຸ່ມນີ້ ພ້ອມລິ້ງໄປຫາແຕ່ລະຫ້ອງ.`,
    en: `The cells of this file could not be marked (${detail}). Nothing else was changed; every issue is listed below with a link to its cell.`,
  };
  const lines = summary(issues);
  const rows: PlainRow[] = [
    { cells: [lines.lo] },
    { cells: [lines.en] },
    { cells: [reason.lo] },
    { cells: [reason.en] },
    { cells: HEADERS.map((h) => `${h.lo} / ${h.en}`) },
    ...issues.map((issue, index): PlainRow => {
      const severity = SEVERITY[issue.severity];
      const target = linkTarget(issue);
      return {
        cells: [
          String(index + 1),
          `${severity.lo} / ${severity.en}`,
          issueLocation(issue),
          issue.message.lo,
          issue.message.en,
          issue.code,
        ],
        ...(target ? { link: { column: 3, location: target } } : {}),
      };
    }),
  ];
  return {
    bytes: appendPlainSheet(original, ISSUES_SHEET.sheetName, rows, WIDTHS),
    restyled: false,
    notes: [reason],
  };
}

/** Returns the annotated copy. The original bytes are left untouched. */
export async function annotateWorkbook(
  original: Uint8Array,
  issues: readonly ValidationIssue[],
): Promise<AnnotatedCopy> {
  try {
    return await restyle(original, issues);
  } catch (cause) {
    return issuesOnly(original, issues, cause);
  }
}
