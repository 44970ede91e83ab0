import type { Severity } from '../spec/field-types.ts';
import type { Bilingual } from '../text/bilingual.ts';

/**
 * Every problem the validator can report. Codes are stable: the portal, the annotated
 * workbook and the national workbook's warnings sheet key on them.
 */
export type IssueCode =
  | 'file/empty'
  | 'file/not-xlsx'
  | 'file/old-xls'
  | 'file/encrypted'
  | 'file/macro-enabled'
  | 'file/xlsb'
  | 'file/corrupt'
  | 'file/too-large'
  | 'file/too-many-rows'
  | 'template/unknown'
  | 'template/version'
  | 'sheet/missing'
  | 'sheet/renamed'
  | 'sheet/not-expected'
  | 'column/missing'
  | 'meta/missing'
  | 'cover/unit-mismatch'
  | 'cover/period-mismatch'
  | 'cell/required'
  | 'cell/type'
  | 'cell/choice'
  | 'cell/whole-number'
  | 'cell/negative'
  | 'cell/range'
  | 'cell/formula-error'
  | 'cell/legacy-font'
  | 'cell/percent-fraction'
  | 'row/sum-mismatch'
  | 'section/empty'
  | 'section/nil-with-rows'
  | 'row/assisted-persons-missing'
  | 'row/above-limit'
  | 'row/completed-not-100'
  | 'row/100-not-completed'
  | 'row/required-when'
  | 'row/date-outside-period'
  | 'row/activity-not-yours'
  | 'row/activity-unknown'
  | 'row/duplicate'
  | 'row/activity-not-reported'
  | 'row/province-not-yours'
  | 'row/too-many'
  | 'template/plan-unknown'
  | 'plan/not-plan-workbook'
  | 'plan/duplicate-code'
  | 'plan/orphan'
  | 'plan/code-parent'
  | 'plan/no-lead'
  | 'plan/two-leads'
  | 'plan/unit-unknown'
  | 'plan/target-no-span'
  | 'plan/invalid';

/** One problem found in a submission, pointing at the sheet and cell to fix. */
export interface ValidationIssue {
  readonly severity: Severity;
  readonly code: IssueCode;
  /** Sheet name, or null for problems with the file as a whole. */
  readonly sheet: string | null;
  /** A1 address, or null when no single cell is at fault. */
  readonly cell: string | null;
  /** Template field key, or null. */
  readonly field: string | null;
  readonly message: Bilingual;
}

/** True when any issue blocks acceptance. */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Sorts issues the way a person fixes them: by sheet order given, then row, then column. */
export function sortIssues(
  issues: readonly ValidationIssue[],
  sheetOrder: readonly string[],
): ValidationIssue[] {
  const sheetRank = (sheet: string | null) => (sheet === null ? -1 : sheetOrder.indexOf(sheet) + 1 || 999);
  const cellRank = (cell: string | null): [number, number] => {
    const match = cell ? /^([A-Z]+)(\d+)$/.exec(cell) : null;
    if (!match) return [0, 0];
    const column = [...(match[1] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(match[2]), column];
  };
  return [...issues].sort((a, b) => {
    const bySheet = sheetRank(a.sheet) - sheetRank(b.sheet);
    if (bySheet) return bySheet;
    const [rowA, colA] = cellRank(a.cell);
    const [rowB, colB] = cellRank(b.cell);
    return rowA - rowB || colA - colB;
  });
}
