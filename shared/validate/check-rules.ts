/**
 * The rules that look beyond one cell: required fields, row rules declared in the spec,
 * uniqueness, the unit's own activities and province, and cover vs `_meta`.
 */
import { toA1 } from '../grid/cell-grid.ts';
import type { FieldValue } from '../parse/coerce-cell.ts';
import {
  rowHasInput,
  type SubmissionData,
  type SubmissionLocations,
  type SubmissionRow,
} from '../parse/submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { FieldSpec, RowRule, TableSheetSpec, TemplateSpec } from '../spec/field-types.ts';
import { sheetReference } from '../spec/sheet-naming.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { ValidationIssue } from './issue.ts';
import { messages, type UnitName } from './messages.ts';

type Locator = (field: string) => string | null;

const asNumber = (value: FieldValue | undefined): number | undefined =>
  typeof value === 'number' ? value : undefined;

function labelOf(table: TableSheetSpec, key: string): Bilingual {
  return table.fields.find((f) => f.key === key)?.label ?? { lo: key, en: key };
}

function checkRowRule(
  rule: RowRule,
  row: SubmissionRow,
  table: TableSheetSpec,
  period: string,
  locate: Locator,
  issue: (
    severity: ValidationIssue['severity'],
    code: ValidationIssue['code'],
    field: string,
    message: Bilingual,
  ) => void,
): void {
  switch (rule.kind) {
    case 'sum-equals': {
      const total = asNumber(row[rule.total]);
      if (total === undefined) return;
      const sum = rule.parts.reduce((acc, key) => acc + (asNumber(row[key]) ?? 0), 0);
      if (sum === total) return;
      // Name the parts that hold numbers, so the person sees what was added.
      const given = rule.parts.filter((key) => (asNumber(row[key]) ?? 0) !== 0);
      const listed = (language: 'lo' | 'en') =>
        given.length
          ? given.map((key) => `${labelOf(table, key)[language]} ${asNumber(row[key])}`).join(' + ')
          : language === 'lo'
            ? 'ຫວ່າງທັງໝົດ'
            : 'all blank';
      issue(
        'error',
        'row/sum-mismatch',
        rule.total,
        messages.sumMismatch(
          labelOf(table, rule.total),
          total,
          sum,
          rule.breakdown,
          { lo: listed('lo'), en: listed('en') },
          rule.unknown ? { label: labelOf(table, rule.unknown), cell: locate(rule.unknown) } : undefined,
        ),
      );
      return;
    }
    case 'not-above': {
      const value = asNumber(row[rule.field]);
      const limit = asNumber(row[rule.limit]);
      if (value === undefined || limit === undefined || value <= limit) return;
      issue(
        rule.severity,
        'row/above-limit',
        rule.field,
        messages.aboveLimit(labelOf(table, rule.field), value, labelOf(table, rule.limit), limit),
      );
      return;
    }
    case 'status-percent': {
      const status = row[rule.status];
      const percent = asNumber(row[rule.percent]);
      if (status === 'completed' && percent !== undefined && percent !== 100)
        issue('error', 'row/completed-not-100', rule.percent, messages.completedNot100(percent));
      if (percent === 100 && typeof status === 'string' && status !== 'completed')
        issue('warning', 'row/100-not-completed', rule.status, messages.hundredNotCompleted());
      return;
    }
    case 'required-when': {
      if (
        row[rule.when.field] === rule.when.equals &&
        (row[rule.field] === null || row[rule.field] === undefined)
      ) {
        const whenField = table.fields.find((f) => f.key === rule.when.field);
        issue(
          'error',
          'row/required-when',
          rule.field,
          messages.requiredWhen(
            labelOf(table, rule.field),
            whenField?.label ?? { lo: rule.when.equals, en: rule.when.equals },
          ),
        );
      }
      return;
    }
    case 'date-in-period': {
      const date = row[rule.field];
      if (typeof date === 'string' && !date.startsWith(`${period}-`))
        issue(
          'warning',
          'row/date-outside-period',
          rule.field,
          messages.dateOutsidePeriod(labelOf(table, rule.field), date, period),
        );
      return;
    }
  }
}

function checkRequired(
  fields: readonly FieldSpec[],
  values: SubmissionRow,
  locate: Locator,
  sheet: string,
  issues: ValidationIssue[],
  alreadyFlagged: Set<string>,
) {
  for (const field of fields) {
    if (!field.required || field.displayOnly) continue;
    const cell = locate(field.key);
    if (values[field.key] !== null && values[field.key] !== undefined) continue;
    // A cell that could not be read already has its own issue; do not add "required" on top.
    if (cell && alreadyFlagged.has(`${sheet}!${cell}`)) continue;
    issues.push({
      severity: 'error',
      code: 'cell/required',
      sheet,
      cell,
      field: field.key,
      message: messages.required(field.label),
    });
  }
}

/**
 * Each section the unit fills either has rows or carries the cover's "nothing to report this
 * month" mark; a mark on a section with rows contradicts it. Where the section counts persons
 * once in one row and services in the others, that persons row must be there.
 */
function checkSections(
  submission: SubmissionData,
  locations: SubmissionLocations,
  spec: TemplateSpec,
  catalogue: Catalogue,
  coverLocate: Locator,
  issues: ValidationIssue[],
): void {
  for (const table of spec.tables) {
    if (!catalogue.fillsSection(submission.unitCode, table.section)) continue;
    const rows = submission.sections[table.section];
    const where = locations.sections[table.section];
    // A missing sheet already has its own issue.
    if (!rows || !where) continue;
    const filled = rows.filter((row) => rowHasInput(table, row));
    const mark = spec.cover.fields.find((f) => f.nilFor === table.section);
    const marked = mark !== undefined && submission.cover[mark.key] === 'nil';
    const markCell = mark ? coverLocate(mark.key) : null;
    if (!filled.length && !marked)
      issues.push({
        severity: 'error',
        code: 'section/empty',
        sheet: mark ? locations.coverSheet : where.sheet,
        cell: markCell,
        field: mark?.key ?? null,
        // The mark's cell under the cover's name as the file has it.
        message: messages.sectionEmpty(
          where.sheet,
          table.title,
          mark?.label,
          markCell && sheetReference(locations.coverSheet, markCell),
        ),
      });
    if (filled.length && marked && mark)
      issues.push({
        severity: 'error',
        code: 'section/nil-with-rows',
        sheet: locations.coverSheet,
        cell: markCell,
        field: mark.key,
        message: messages.sectionNilWithRows(where.sheet, table.title, filled.length),
      });
    const personsRow = table.personsRow;
    if (personsRow && filled.length && !filled.some((row) => row[personsRow.field] === personsRow.code)) {
      const choice = spec.choiceLists[
        table.fields.find((f) => f.key === personsRow.field)?.list as keyof TemplateSpec['choiceLists']
      ]?.find((c) => c.code === personsRow.code);
      issues.push({
        severity: 'error',
        code: 'row/assisted-persons-missing',
        sheet: where.sheet,
        cell: null,
        field: personsRow.field,
        message: messages.assistedPersonsMissing(
          where.sheet,
          choice?.label ?? { lo: personsRow.code, en: personsRow.code },
        ),
      });
    }
  }
}

/** A unit as people know it; an unknown code stands for itself. */
function unitName(catalogue: Catalogue, code: string): UnitName {
  return { code, name: catalogue.unitByCode.get(code)?.name ?? { lo: code, en: code } };
}

/** Edit distance between two short codes (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] as number;
}

/** Up to three of the unit's own codes nearest to what was typed, nearest first. */
export function nearestCodes(typed: string, own: readonly string[]): string[] {
  const wanted = typed.toUpperCase();
  return own
    .map((code) => ({ code, distance: editDistance(wanted, code.toUpperCase()) }))
    .sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code, 'en', { numeric: true }))
    .slice(0, 3)
    .map((entry) => entry.code);
}

/** Runs every rule beyond single-cell reading and returns the issues found. */
export function checkRules(
  submission: SubmissionData,
  locations: SubmissionLocations,
  spec: TemplateSpec,
  catalogue: Catalogue,
  cellIssues: readonly ValidationIssue[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const flagged = new Set(cellIssues.filter((i) => i.cell).map((i) => `${i.sheet}!${i.cell}`));
  const unit = catalogue.unitByCode.get(submission.unitCode);

  const coverLocate: Locator = (field) => {
    const row = locations.coverRows[field];
    return row === undefined ? null : toA1(row, locations.coverColumn);
  };
  if (Object.keys(locations.coverRows).length) {
    checkRequired(spec.cover.fields, submission.cover, coverLocate, locations.coverSheet, issues, flagged);
    const coverUnit = submission.cover.unit_code;
    if (typeof coverUnit === 'string' && coverUnit !== submission.unitCode)
      issues.push({
        severity: 'error',
        code: 'cover/unit-mismatch',
        sheet: locations.coverSheet,
        cell: coverLocate('unit_code'),
        field: 'unit_code',
        message: messages.coverUnitMismatch(
          unitName(catalogue, coverUnit),
          unitName(catalogue, submission.unitCode),
        ),
      });
    const coverPeriod = submission.cover.period;
    if (typeof coverPeriod === 'string' && coverPeriod !== submission.period)
      issues.push({
        severity: 'error',
        code: 'cover/period-mismatch',
        sheet: locations.coverSheet,
        cell: coverLocate('period'),
        field: 'period',
        message: messages.coverPeriodMismatch(coverPeriod, submission.period),
      });
  }

  checkSections(submission, locations, spec, catalogue, coverLocate, issues);
  for (const table of spec.tables) {
    const rows = submission.sections[table.section];
    const where = locations.sections[table.section];
    if (!rows || !where) continue;
    const firstSeen = new Map<string, string>();
    rows.forEach((row, index) => {
      const rowNumber = where.rowNumbers[index] as number;
      const locate: Locator = (field) => {
        const column = where.columns[field];
        return column === undefined ? null : toA1(rowNumber, column);
      };
      const add = (
        severity: ValidationIssue['severity'],
        code: ValidationIssue['code'],
        field: string,
        message: Bilingual,
      ) => issues.push({ severity, code, sheet: where.sheet, cell: locate(field), field, message });

      if (table.prefillActivities) {
        const code = row.activity_code;
        const activity = typeof code === 'string' ? catalogue.activityByCode.get(code) : undefined;
        const own = catalogue.activitiesOf(submission.unitCode);
        if (typeof code === 'string' && !activity)
          add(
            'error',
            'row/activity-unknown',
            'activity_code',
            messages.activityUnknown(
              code,
              nearestCodes(
                code,
                own.map((a) => a.code),
              ),
            ),
          );
        else if (activity && !own.includes(activity))
          add(
            'error',
            'row/activity-not-yours',
            'activity_code',
            messages.activityNotYours(activity.code, unitName(catalogue, submission.unitCode)),
          );
        const hasInput = rowHasInput(table, row);
        // A row typed below the list (or inserted) has figures but no code: say where they go.
        if (
          hasInput &&
          (code === null || code === undefined) &&
          !flagged.has(`${where.sheet}!${locate('activity_code')}`)
        ) {
          add('error', 'cell/required', 'activity_code', messages.activityRowInserted());
          return;
        }
        if (!hasInput && typeof code === 'string') {
          add('warning', 'row/activity-not-reported', 'status', messages.activityNotReported(code));
          return;
        }
      }
      checkRequired(table.fields, row, locate, where.sheet, issues, flagged);
      for (const rule of table.rules) checkRowRule(rule, row, table, submission.period, locate, add);
      if (table.uniqueBy) {
        const value = row[table.uniqueBy];
        const cell = locate(table.uniqueBy);
        if (typeof value === 'string' && cell) {
          const first = firstSeen.get(value);
          if (first)
            add(
              'error',
              'row/duplicate',
              table.uniqueBy,
              messages.duplicate(labelOf(table, table.uniqueBy), value, first),
            );
          else firstSeen.set(value, cell);
        }
      }
      if (
        table.section === 'cases' &&
        unit?.province &&
        typeof row.province === 'string' &&
        row.province !== unit.province
      )
        add(
          'error',
          'row/province-not-yours',
          'province',
          messages.provinceNotYours(row.province, unit.province),
        );
    });
  }
  return issues;
}
