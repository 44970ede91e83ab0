/**
 * Cell grid -> typed submission. Finds sheets by name and fields by their hidden keys (never by
 * position), reads every cell as its field's type, and reports what it cannot read as issues.
 */
import { type CellGrid, cellAt, type GridSheet, type GridValue, toA1 } from '../grid/cell-grid.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { SectionKey } from '../reference/reference-schema.ts';
import { buildChoiceMatcher, resolveChoices } from '../spec/choices.ts';
import type { FieldSpec, TableSheetSpec, TemplateSpec } from '../spec/field-types.ts';
import { findSpecSheet, isSpecSheet, sheetNamesOf, specSheets } from '../spec/sheet-naming.ts';
import { firstDataRowMetaKey } from '../spec/table-layout.ts';
import {
  COVER_INPUT_COLUMN,
  COVER_KEY_COLUMN,
  FIRST_DATA_ROW,
  KEY_ROW,
  META_KEYS,
  META_SHEET,
  PLAN_VERSION_META_KEY,
  specForVersion,
  TEMPLATE_SPECS,
} from '../spec/template-spec.ts';
import { matchKey } from '../text/lao-text.ts';
import type { ValidationIssue } from '../validate/issue.ts';
import { messages } from '../validate/messages.ts';
import { type CoercionContext, coerceCell, type FieldValue } from './coerce-cell.ts';
import type { SubmissionData, SubmissionLocations, SubmissionRow } from './submission.ts';

/** Template versions this code reads: each with its own spec, so older files keep their meaning. */
export const SUPPORTED_TEMPLATE_VERSIONS: readonly string[] = Object.keys(TEMPLATE_SPECS);

export interface ParseResult {
  /** Undefined when the file is not a readable template at all (see issues). */
  readonly submission?: SubmissionData;
  readonly locations?: SubmissionLocations;
  readonly issues: readonly ValidationIssue[];
}

const sheetLevelIssue = (
  code: ValidationIssue['code'],
  sheet: string | null,
  message: ValidationIssue['message'],
): ValidationIssue => ({ severity: 'error', code, sheet, cell: null, field: null, message });

function cellText(value: GridValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'text') return value.text.trim();
  if (value.kind === 'number') return String(value.number);
  if (value.kind === 'date') return value.date;
  return undefined;
}

/** A machine sheet (`_meta`) by its one name; the template's visible sheets go through {@link findSpecSheet}. */
function findSheet(grid: CellGrid, name: string): GridSheet | undefined {
  const wanted = matchKey(name);
  return grid.sheets.find((sheet) => matchKey(sheet.name) === wanted);
}

/** Key row of a table sheet: field key -> column number. */
function readKeyRow(sheet: GridSheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.rows[KEY_ROW]?.forEach((value, column) => {
    const key = cellText(value);
    if (key && !columns.has(key)) columns.set(key, column);
  });
  return columns;
}

/** A sheet that is not where it should be but carries this table's keys was most likely renamed. */
function findRenamedSheet(grid: CellGrid, table: TableSheetSpec, spec: TemplateSpec): GridSheet | undefined {
  const keys = new Set(table.fields.map((f) => f.key));
  return grid.sheets.find((sheet) => {
    if (specSheets(spec).some((known) => isSpecSheet(known, sheet.name))) return false;
    const found = [...readKeyRow(sheet).keys()].filter((k) => keys.has(k)).length;
    return found >= Math.ceil(keys.size / 2);
  });
}

/** The `_meta` sheet's key/value pairs. */
function readMeta(sheet: GridSheet): Map<string, string> {
  const meta = new Map<string, string>();
  sheet.rows.forEach((row, index) => {
    const key = cellText(row?.[1]);
    const value = cellText(row?.[2]);
    if (index >= 1 && key && value !== undefined) meta.set(key, value);
  });
  return meta;
}

class CellReader {
  readonly issues: ValidationIssue[] = [];
  private readonly contexts = new Map<string, CoercionContext>();

  constructor(
    private readonly spec: TemplateSpec,
    private readonly catalogue: Catalogue,
  ) {}

  private contextFor(field: FieldSpec): CoercionContext {
    const listKey = field.list ?? 'status';
    let context = this.contexts.get(listKey);
    if (!context) {
      const choices = resolveChoices(this.spec, this.catalogue, listKey);
      context = { choices, matchChoice: buildChoiceMatcher(choices) };
      this.contexts.set(listKey, context);
    }
    return context;
  }

  read(field: FieldSpec, value: GridValue | undefined, sheet: string, address: string): FieldValue {
    if (!value) return null;
    const coerced = coerceCell(field, value, this.contextFor(field));
    for (const problem of coerced.problems)
      this.issues.push({ ...problem, sheet, cell: address, field: field.key });
    return coerced.value;
  }
}

/** The sheet's non-empty rows in order, skipping the holes of the sparse row array. */
function presentRows(sheet: GridSheet): [number, ReadonlyArray<GridValue | undefined>][] {
  const present: [number, ReadonlyArray<GridValue | undefined>][] = [];
  sheet.rows.forEach((cells, rowNumber) => {
    if (cells) present.push([rowNumber, cells]);
  });
  return present;
}

/** A field's key row or key column is gone from its sheet. */
function missingFieldIssue(sheet: string, field: FieldSpec): ValidationIssue {
  return {
    ...sheetLevelIssue('column/missing', sheet, messages.columnMissing(sheet, field.label, field.key)),
    field: field.key,
  };
}

function parseCover(
  grid: CellGrid,
  spec: TemplateSpec,
  reader: CellReader,
  issues: ValidationIssue[],
  assigned: (section: SectionKey) => boolean,
) {
  const sheet = findSpecSheet(grid.sheets, spec.cover);
  if (!sheet) {
    issues.push(
      sheetLevelIssue('sheet/missing', spec.cover.sheetName, messages.sheetMissing(spec.cover.sheetName)),
    );
    return undefined;
  }
  const rowsByKey = new Map<string, number>();
  sheet.rows.forEach((row, rowNumber) => {
    const key = cellText(row?.[COVER_KEY_COLUMN]);
    if (key && !rowsByKey.has(key)) rowsByKey.set(key, rowNumber);
  });
  const values: Record<string, FieldValue> = {};
  const rows: Record<string, number> = {};
  for (const field of spec.cover.fields) {
    // A unit's cover carries the nil marks of its own sections only.
    if (field.nilFor && !assigned(field.nilFor)) continue;
    const rowNumber = rowsByKey.get(field.key);
    if (rowNumber === undefined) {
      issues.push(missingFieldIssue(sheet.name, field));
      values[field.key] = null;
      continue;
    }
    rows[field.key] = rowNumber;
    const address = toA1(rowNumber, COVER_INPUT_COLUMN);
    values[field.key] = reader.read(field, cellAt(sheet, rowNumber, COVER_INPUT_COLUMN), sheet.name, address);
  }
  return { sheet: sheet.name, values, rows };
}

function parseTable(
  sheet: GridSheet,
  table: TableSheetSpec,
  reader: CellReader,
  issues: ValidationIssue[],
  firstDataRow: number,
) {
  const keyColumns = readKeyRow(sheet);
  const columns: Record<string, number> = {};
  const fields = table.fields.filter((field) => !field.displayOnly);
  for (const field of fields) {
    const column = keyColumns.get(field.key);
    if (column !== undefined) columns[field.key] = column;
    else if (field.required || field.prefill) issues.push(missingFieldIssue(sheet.name, field));
  }
  // Pre-filled columns do not make a row "filled": an activity row with only its code is unreported.
  const inputFields = fields.filter((field) => !field.prefill && columns[field.key] !== undefined);
  const rows: SubmissionRow[] = [];
  const rowNumbers: number[] = [];
  // Only rows that exist: a hostile cell at row 1,000,000 must not mean a million iterations.
  for (const [rowNumber, cells] of presentRows(sheet)) {
    if (rowNumber < firstDataRow) continue;
    const hasInput = inputFields.some((field) => cells[columns[field.key] as number] !== undefined);
    const hasPrefill = fields.some((field) => field.prefill && cells[columns[field.key] ?? -1] !== undefined);
    if (!hasInput && !hasPrefill) continue;
    if (rows.length >= table.maxRows) {
      issues.push(
        sheetLevelIssue('row/too-many', sheet.name, messages.tooManyRows(sheet.name, table.maxRows)),
      );
      break;
    }
    const row: Record<string, FieldValue> = {};
    for (const field of fields) {
      const column = columns[field.key];
      row[field.key] =
        column === undefined ? null : reader.read(field, cells[column], sheet.name, toA1(rowNumber, column));
    }
    rows.push(row);
    rowNumbers.push(rowNumber);
  }
  return { sheet: sheet.name, columns, rowNumbers, rows };
}

/** The plan version named in a template's `_meta` (undefined for templates made before versions). */
export function readTemplatePlanVersion(grid: CellGrid): string | undefined {
  const metaSheet = findSheet(grid, META_SHEET);
  return metaSheet ? readMeta(metaSheet).get(PLAN_VERSION_META_KEY) : undefined;
}

/**
 * Parses a grid into a typed submission. Problems that make the whole file unusable (not our
 * template, unsupported version) come back alone with no submission.
 */
export function parseSubmission(
  grid: CellGrid,
  currentSpec: TemplateSpec,
  catalogue: Catalogue,
): ParseResult {
  const metaSheet = findSheet(grid, META_SHEET);
  const meta = metaSheet ? readMeta(metaSheet) : new Map<string, string>();
  const templateId = meta.get('template_id');
  if (templateId !== currentSpec.templateId) {
    const found = templateId ? `template_id "${templateId}"` : 'no _meta sheet';
    return { issues: [sheetLevelIssue('template/unknown', META_SHEET, messages.templateUnknown(found))] };
  }
  const templateVersion = meta.get('template_version') ?? '';
  const spec = specForVersion(templateVersion, currentSpec);
  if (!spec) {
    return {
      issues: [
        sheetLevelIssue(
          'template/version',
          META_SHEET,
          messages.templateVersion(templateVersion, SUPPORTED_TEMPLATE_VERSIONS.join(', ')),
        ),
      ],
    };
  }
  const issues: ValidationIssue[] = [];
  for (const key of META_KEYS) {
    if (!meta.get(key)) issues.push(sheetLevelIssue('meta/missing', META_SHEET, messages.metaMissing(key)));
  }
  const unitCode = meta.get('unit_code') ?? '';
  const period = meta.get('period') ?? '';
  if (!catalogue.unitByCode.has(unitCode) || !/^\d{4}-\d{2}$/.test(period)) {
    if (!issues.length)
      issues.push(
        sheetLevelIssue(
          'template/unknown',
          META_SHEET,
          messages.templateUnknown(`unit "${unitCode}", period "${period}"`),
        ),
      );
    return { issues };
  }

  const reader = new CellReader(spec, catalogue);
  const cover = parseCover(grid, spec, reader, issues, (section) =>
    catalogue.fillsSection(unitCode, section),
  );
  const sections: Partial<Record<SectionKey, SubmissionRow[]>> = {};
  const locations: Partial<
    Record<SectionKey, { sheet: string; columns: Record<string, number>; rowNumbers: number[] }>
  > = {};
  for (const table of spec.tables) {
    const sheet = findSpecSheet(grid.sheets, table);
    if (!catalogue.fillsSection(unitCode, table.section)) {
      if (sheet && sheet.rows.length > FIRST_DATA_ROW)
        issues.push({
          ...sheetLevelIssue('sheet/not-expected', sheet.name, messages.sheetNotExpected(sheet.name)),
          severity: 'warning',
        });
      continue;
    }
    if (!sheet) {
      const renamed = findRenamedSheet(grid, table, spec);
      issues.push(
        renamed
          ? sheetLevelIssue(
              'sheet/renamed',
              renamed.name,
              messages.sheetRenamed(table.sheetName, renamed.name),
            )
          : sheetLevelIssue('sheet/missing', table.sheetName, messages.sheetMissing(table.sheetName)),
      );
      continue;
    }
    // Where data starts is written by the generator (grouped headers push it down), keyed by
    // the tab name the template was made with.
    const declared = Number(
      sheetNamesOf(table)
        .map((name) => meta.get(firstDataRowMetaKey(name)))
        .find((value) => value !== undefined),
    );
    const firstDataRow =
      Number.isInteger(declared) && declared >= FIRST_DATA_ROW && declared <= FIRST_DATA_ROW + 8
        ? declared
        : FIRST_DATA_ROW;
    const parsed = parseTable(sheet, table, reader, issues, firstDataRow);
    sections[table.section] = parsed.rows;
    locations[table.section] = {
      sheet: parsed.sheet,
      columns: parsed.columns,
      rowNumbers: parsed.rowNumbers,
    };
  }
  issues.push(...reader.issues);
  return {
    submission: {
      templateId,
      templateVersion,
      unitCode,
      period,
      planVersion: catalogue.version,
      cover: cover?.values ?? {},
      sections,
    },
    locations: {
      coverSheet: cover?.sheet ?? spec.cover.sheetName,
      coverRows: cover?.rows ?? {},
      coverColumn: COVER_INPUT_COLUMN,
      sections: locations,
    },
    issues,
  };
}
