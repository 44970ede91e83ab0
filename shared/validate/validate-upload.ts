/**
 * The validator's front door: bytes (or a grid from another source) in, a report out.
 * Pure apart from reading the bytes with exceljs; no storage, no clock, no environment.
 */
import type { CellGrid } from '../grid/cell-grid.ts';
import { inspectXlsxPackage, type PackageLimits } from '../grid/inspect-xlsx-package.ts';
import { readXlsxGrid, TooManyRowsError, TooMuchDataError } from '../grid/read-xlsx-grid.ts';
import { parseSubmission, readTemplatePlanVersion } from '../parse/parse-submission.ts';
import type { SubmissionData } from '../parse/submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { sheetNamesOf, specSheets } from '../spec/sheet-naming.ts';
import { tableRows } from '../spec/table-layout.ts';
import {
  FIRST_DATA_ROW,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  META_SHEET,
  PLAN_VERSION_META_KEY,
  specForVersion,
  TEMPLATE_SPEC,
} from '../spec/template-spec.ts';
import { checkRules } from './check-rules.ts';
import { hasErrors, sortIssues, type ValidationIssue } from './issue.ts';
import { messages } from './messages.ts';
import { planMessages } from './plan-messages.ts';

/** The verdict on one submission. */
export interface ValidationReport {
  /** No errors (warnings allowed). */
  readonly accepted: boolean;
  /** The file could not be read as a template at all (exit code 2, HTTP 400). */
  readonly unreadable: boolean;
  readonly unit: string | null;
  readonly period: string | null;
  readonly issues: readonly ValidationIssue[];
  /** The typed data, present whenever the template could be read (even if rejected). */
  readonly submission?: SubmissionData;
}

/** Default limits: generous for a monthly report, far below what would exhaust a function. */
export function defaultPackageLimits(spec: TemplateSpec = TEMPLATE_SPEC): PackageLimits {
  return {
    maxUnpackedBytes: 100 * 1024 * 1024,
    // Under every name a table's tab has had: older templates' files are limited the same.
    maxRowsBySheet: new Map(
      spec.tables.flatMap((t) => sheetNamesOf(t).map((name): [string, number] => [name, t.maxRows])),
    ),
    defaultMaxRows: 2_000,
    // Header rows hold values too; the deepest grouped header sets the allowance.
    headerRows: Math.max(FIRST_DATA_ROW, ...spec.tables.map((t) => tableRows(t).firstDataRow)) - 1,
  };
}

/**
 * Picks the catalogue of the plan version a template names in `_meta` (undefined for
 * templates made before plan versions); undefined back when that version is unknown.
 */
export type PlanChooser = (planVersion: string | undefined) => Catalogue | undefined;

/**
 * Validates a grid from any source (.xlsx, Google Sheets), against one catalogue or against
 * the plan version the template was made on.
 */
export function validateGrid(
  grid: CellGrid,
  plans: Catalogue | PlanChooser,
  spec: TemplateSpec = TEMPLATE_SPEC,
): ValidationReport {
  const named = typeof plans === 'function' ? readTemplatePlanVersion(grid) : undefined;
  const catalogue = typeof plans === 'function' ? plans(named) : plans;
  if (!catalogue)
    return unreadableReport({
      severity: 'error',
      code: 'template/plan-unknown',
      sheet: META_SHEET,
      cell: null,
      field: PLAN_VERSION_META_KEY,
      message: planMessages.planUnknown(named ?? ''),
    });
  const parsed = parseSubmission(grid, spec, catalogue);
  const sheetOrder = [
    ...specSheets(spec).flatMap(sheetNamesOf),
    META_SHEET,
    LISTS_SHEET,
    ...sheetNamesOf(INSTRUCTIONS_SHEET),
  ];
  if (!parsed.submission || !parsed.locations) {
    return { accepted: false, unreadable: true, unit: null, period: null, issues: parsed.issues };
  }
  // Rules of the file's own template version: an older file keeps the rules it was made under.
  const fileSpec = specForVersion(parsed.submission.templateVersion, spec) ?? spec;
  const ruleIssues = checkRules(parsed.submission, parsed.locations, fileSpec, catalogue, parsed.issues);
  const issues = sortIssues([...parsed.issues, ...ruleIssues], sheetOrder);
  return {
    accepted: !hasErrors(issues),
    unreadable: false,
    unit: parsed.submission.unitCode,
    period: parsed.submission.period,
    issues,
    submission: parsed.submission,
  };
}

/** The verdict on a file whose reading failed, naming the failure in the bilingual message. */
export function corruptFileReport(cause: unknown): ValidationReport {
  const detail = cause instanceof Error ? cause.message.slice(0, 120) : 'unknown';
  return unreadableReport({
    severity: 'error',
    code: 'file/corrupt',
    sheet: null,
    cell: null,
    field: null,
    message: messages.fileCorrupt(detail),
  });
}

/** The verdict on a file that could not be read: one issue, nothing parsed. */
export function unreadableReport(issue: ValidationIssue): ValidationReport {
  return { accepted: false, unreadable: true, unit: null, period: null, issues: [issue] };
}

/** Validates .xlsx bytes: checks the package first, then parses and runs every rule. */
export async function validateXlsx(
  bytes: Uint8Array,
  catalogue: Catalogue | PlanChooser,
  spec: TemplateSpec = TEMPLATE_SPEC,
  limits: PackageLimits = defaultPackageLimits(spec),
): Promise<ValidationReport> {
  const packageIssue = inspectXlsxPackage(bytes, limits);
  if (packageIssue) return unreadableReport(packageIssue);
  let grid: CellGrid;
  try {
    grid = readXlsxGrid(bytes, {
      maxRows: (sheet) => (limits.maxRowsBySheet.get(sheet) ?? limits.defaultMaxRows) + limits.headerRows,
      // The directory's declared sizes were checked already; this bounds what really inflates.
      maxUnpackedBytes: limits.maxUnpackedBytes,
    });
  } catch (cause) {
    if (cause instanceof TooManyRowsError) {
      const dataRows = cause.limit - limits.headerRows;
      return unreadableReport({
        severity: 'error',
        code: 'file/too-many-rows',
        sheet: cause.sheet,
        cell: null,
        field: null,
        message: messages.fileTooManyRows(cause.sheet, dataRows, dataRows),
      });
    }
    if (cause instanceof TooMuchDataError) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
      return unreadableReport({
        severity: 'error',
        code: 'file/too-large',
        sheet: null,
        cell: null,
        field: null,
        message: messages.fileTooLarge(`> ${mb(cause.limitBytes)}`, mb(cause.limitBytes)),
      });
    }
    return corruptFileReport(cause);
  }
  return validateGrid(grid, catalogue, spec);
}
