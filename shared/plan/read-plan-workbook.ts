/**
 * Plan workbook (as a cell grid) -> reference content, with every problem as an issue that
 * points at its cell in Lao and English: the same grid, cell reading and issue type as a
 * monthly report. Checks: each cell's type, required cells, duplicate codes, orphans (a parent
 * code that is not on its sheet), activities with no lead unit (or two), unit codes that are
 * neither on the Units sheet nor ISO 3166-2:LA, and finally the reference zod schemas and
 * cross-checks, whose findings are mapped back to cells.
 */
import { type CellGrid, type GridSheet, type GridValue, gridValueText, toA1 } from '../grid/cell-grid.ts';
import { readNumberText } from '../parse/read-number.ts';
import { checkIndicators, checkSources, crossCheck } from '../reference/catalogue.ts';
import { ISO_3166_2_LA } from '../reference/iso-3166-la.ts';
import { planVersionOf, type ReferenceContent } from '../reference/plan-version.ts';
import {
  ALL_PROVINCES,
  indicatorsFileSchema,
  planFileSchema,
  sourcesOfRecordFileSchema,
  unitsFileSchema,
} from '../reference/reference-schema.ts';
import { FIRST_DATA_ROW, KEY_ROW } from '../spec/template-spec.ts';
import { matchKey, normaliseForStorage, replaceLaoDigits } from '../text/lao-text.ts';
import { hasErrors, sortIssues, type ValidationIssue } from '../validate/issue.ts';
import { messages } from '../validate/messages.ts';
import { planMessages } from '../validate/plan-messages.ts';
import {
  PLAN_SHEETS,
  type PlanColumn,
  type PlanTableSheet,
  type ReferenceFile,
  setValueAt,
  valueAt,
} from './plan-sheets.ts';
import {
  FIELD_KEY_COLUMN,
  FIELD_VALUE_COLUMN,
  PLAN_META_SHEET,
  PLAN_WORKBOOK_ID,
} from './write-plan-workbook.ts';

/** What an import found. `content` is present only when there are no errors. */
export interface PlanImportReport {
  readonly accepted: boolean;
  readonly content?: ReferenceContent;
  /** Content hash of the imported plan (present with `content`). */
  readonly version?: string;
  /** The plan version the workbook was exported from (its `_meta`), if any. */
  readonly basedOn?: string;
  readonly issues: readonly ValidationIssue[];
}

/** Where a value came from: sheet and A1 address. */
interface Where {
  readonly sheet: string;
  readonly cell: string;
  readonly field: string;
}

interface SheetRows {
  readonly table: PlanTableSheet;
  readonly sheetName: string;
  readonly rows: Record<string, unknown>[];
  readonly rowNumbers: number[];
  readonly columns: Map<string, number>;
}

const CODE_LIKE = (column: PlanColumn) => column.key === 'code' || column.ref !== undefined;

const textOf = gridValueText;

/** Columns that give a target its span: an empty one is a target without a span. */
const SPAN_KEYS = new Set(['span']);

/** How a person names a target row: its parent's code and value (`IND-G3-1 = 150000`). */
function targetName(
  table: PlanTableSheet,
  cells: ReadonlyArray<GridValue | undefined>,
  columns: Map<string, number>,
): string {
  const text = (key: string) => {
    const value = cells[columns.get(key) ?? -1];
    return value ? gridValueText(value) : '';
  };
  const parent = table.source.kind === 'children' ? text(table.source.parentColumn) : text('code');
  const value = text('value');
  return value ? `${parent} = ${value}` : parent;
}

function findSheet(grid: CellGrid, name: string): GridSheet | undefined {
  const wanted = matchKey(name);
  const english = wanted.split(' ')[0] ?? wanted;
  return (
    grid.sheets.find((sheet) => matchKey(sheet.name) === wanted) ??
    // A tab renamed to its English word alone is still found.
    grid.sheets.find((sheet) => matchKey(sheet.name) === english)
  );
}

class PlanReader {
  readonly issues: ValidationIssue[] = [];
  /** Location of every value: `file|json-path` -> cell. */
  readonly where = new Map<string, Where>();

  issue(
    code: ValidationIssue['code'],
    where: Where | { sheet: string; cell: null; field: string | null },
    message: ValidationIssue['message'],
  ) {
    // One issue per cell and code: the zod pass does not repeat what a cell check said.
    if (
      where.cell &&
      this.issues.some((i) => i.sheet === where.sheet && i.cell === where.cell && i.code === code)
    )
      return;
    this.issues.push({
      severity: 'error',
      code,
      sheet: where.sheet,
      cell: where.cell,
      field: where.field,
      message,
    });
  }

  /** Reads one cell as its column's type; undefined for an empty or unreadable cell. */
  read(column: PlanColumn, value: GridValue | undefined, where: Where): unknown {
    if (!value) return undefined;
    if (value.kind === 'error') {
      this.issue('cell/formula-error', where, messages.formulaError(column.header, value.error));
      return undefined;
    }
    const text = normaliseForStorage(textOf(value));
    if (!text) return undefined;
    switch (column.kind.type) {
      case 'number': {
        const number = value.kind === 'number' ? value.number : readNumberText(text);
        if (number === undefined || !Number.isInteger(number)) {
          this.issue('cell/type', where, planMessages.notAnInteger(column.header, text));
          return undefined;
        }
        return number;
      }
      case 'boolean': {
        if (value.kind === 'boolean') return value.boolean;
        const key = matchKey(text);
        if (['true', 'yes', '1', 'ແມ່ນ'].includes(key)) return true;
        if (['false', 'no', '0', 'ບໍ່'].includes(key)) return false;
        this.issue('cell/type', where, planMessages.notYesNo(column.header, text));
        return undefined;
      }
      case 'choice':
        return this.choice(column, column.kind.options, text, where);
      case 'list': {
        const options = column.kind.options;
        const parts = text
          .split(/[,;\n]/)
          .map((part) => normaliseForStorage(part))
          .filter(Boolean)
          .map((part) => (CODE_LIKE(column) ? replaceLaoDigits(part).toUpperCase() : part));
        return options ? parts.map((part) => this.choice(column, options, part, where)) : parts;
      }
      case 'json':
        try {
          return JSON.parse(text);
        } catch {
          this.issue('cell/type', where, planMessages.invalid(`${column.header.en}: not JSON`));
          return undefined;
        }
      default:
        return CODE_LIKE(column) ? replaceLaoDigits(text).toUpperCase() : text;
    }
  }

  private choice(
    column: PlanColumn,
    options: readonly string[],
    text: string,
    where: Where,
  ): string | undefined {
    const found = options.find((option) => matchKey(option) === matchKey(text));
    if (!found)
      this.issue(
        'cell/choice',
        where,
        messages.notAChoice(column.header, text, { lo: options.join(', '), en: options.join(', ') }),
      );
    return found;
  }
}

function readMeta(grid: CellGrid): Map<string, string> {
  const meta = new Map<string, string>();
  const sheet = findSheet(grid, PLAN_META_SHEET);
  sheet?.rows.forEach((row) => {
    const key = row?.[1];
    const value = row?.[2];
    if (key && value) meta.set(textOf(key).trim(), textOf(value).trim());
  });
  return meta;
}

function readFields(
  grid: CellGrid,
  reader: PlanReader,
  target: Record<ReferenceFile, Record<string, unknown>>,
) {
  const spec = PLAN_SHEETS.fields;
  const sheet = findSheet(grid, spec.name);
  if (!sheet) {
    reader.issue(
      'sheet/missing',
      { sheet: spec.name, cell: null, field: null },
      messages.sheetMissing(spec.name),
    );
    return;
  }
  const rowOfKey = new Map<string, number>();
  sheet.rows.forEach((row, rowNumber) => {
    const key = row?.[FIELD_KEY_COLUMN];
    if (key) rowOfKey.set(textOf(key).trim(), rowNumber);
  });
  for (const field of spec.fields) {
    const rowNumber = rowOfKey.get(field.key);
    if (rowNumber === undefined) {
      reader.issue(
        'column/missing',
        { sheet: sheet.name, cell: null, field: null },
        messages.columnMissing(sheet.name, field.header, field.key),
      );
      continue;
    }
    const where = { sheet: sheet.name, cell: toA1(rowNumber, FIELD_VALUE_COLUMN), field: field.key };
    const [file, ...path] = field.path as [keyof typeof target, ...string[]];
    reader.where.set(`${file}|${path.join('.')}`, where);
    const value = reader.read(field, sheet.rows[rowNumber]?.[FIELD_VALUE_COLUMN], where);
    if (value === undefined) {
      if (field.required) reader.issue('cell/required', where, messages.required(field.header));
      continue;
    }
    setValueAt(target[file], path, value);
  }
}

function readTable(grid: CellGrid, table: PlanTableSheet, reader: PlanReader): SheetRows | undefined {
  const sheet = findSheet(grid, table.name);
  if (!sheet) {
    reader.issue(
      'sheet/missing',
      { sheet: table.name, cell: null, field: null },
      messages.sheetMissing(table.name),
    );
    return undefined;
  }
  const columns = new Map<string, number>();
  sheet.rows[KEY_ROW]?.forEach((value, column) => {
    if (value) columns.set(textOf(value).trim(), column);
  });
  for (const column of table.columns)
    if (!columns.has(column.key) && column.required)
      reader.issue(
        'column/missing',
        { sheet: sheet.name, cell: null, field: column.key },
        messages.columnMissing(sheet.name, column.header, column.key),
      );
  const rows: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  sheet.rows.forEach((cells, rowNumber) => {
    if (!cells || rowNumber < FIRST_DATA_ROW) return;
    if (!table.columns.some((column) => cells[columns.get(column.key) ?? -1])) return;
    const row: Record<string, unknown> = {};
    for (const column of table.columns) {
      const columnNumber = columns.get(column.key);
      if (columnNumber === undefined) continue;
      const where = { sheet: sheet.name, cell: toA1(rowNumber, columnNumber), field: column.key };
      const value = reader.read(column, cells[columnNumber], where);
      if (value === undefined) {
        if (column.required && SPAN_KEYS.has(column.key))
          reader.issue(
            'plan/target-no-span',
            where,
            planMessages.targetNoSpan(targetName(table, cells, columns)),
          );
        else if (column.required) reader.issue('cell/required', where, messages.required(column.header));
        // A list column left empty is an empty list (an activity with no support units).
        // (Inside an optional object, such as a rule's `when`, empty means absent.)
        if (column.kind.type === 'list' && column.path.length === 1) setValueAt(row, column.path, []);
        continue;
      }
      setValueAt(row, column.path, value);
    }
    rows.push(row);
    rowNumbers.push(rowNumber);
  });
  return { table, sheetName: sheet.name, rows, rowNumbers, columns };
}

function whereOf(rows: SheetRows, index: number, key: string): Where {
  const column = rows.columns.get(key) ?? 1;
  return { sheet: rows.sheetName, cell: toA1(rows.rowNumbers[index] ?? FIRST_DATA_ROW, column), field: key };
}

const at = (where: Where) => `${where.sheet}!${where.cell}`;

/** Duplicate codes: across the plan's levels (one code space), and within each other sheet. */
function checkDuplicates(tables: readonly SheetRows[], reader: PlanReader): void {
  const check = (group: readonly SheetRows[]) => {
    const first = new Map<string, Where>();
    for (const rows of group)
      rows.rows.forEach((row, index) => {
        const code = row.code;
        if (typeof code !== 'string') return;
        const where = whereOf(rows, index, 'code');
        const earlier = first.get(code);
        if (earlier)
          reader.issue('plan/duplicate-code', where, planMessages.duplicateCode(code, at(earlier)));
        else first.set(code, where);
      });
  };
  check(tables.filter((t) => t.table.planLevel));
  for (const rows of tables.filter((t) => !t.table.planLevel)) check([rows]);
}

/** Orphans: a parent code that is not on its sheet; unit codes outside the list and ISO 3166-2:LA. */
function checkReferences(tables: readonly SheetRows[], reader: PlanReader): void {
  const byKey = new Map(tables.map((t) => [t.table.key, t]));
  const codesOf = (key: string) =>
    new Set(
      (byKey.get(key)?.rows ?? []).map((row) => row.code).filter((c): c is string => typeof c === 'string'),
    );
  const provinceCodes = codesOf('provinces');
  for (const rows of tables) {
    for (const column of rows.table.columns) {
      if (!column.ref || !byKey.has(column.ref)) continue;
      const codes = codesOf(column.ref);
      const target = byKey.get(column.ref) as SheetRows;
      rows.rows.forEach((row, index) => {
        const value = valueAt(row, column.path);
        const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
        for (const code of values) {
          if (typeof code !== 'string' || codes.has(code)) continue;
          const where = whereOf(rows, index, column.key);
          if (column.ref === 'units') {
            if (code !== ALL_PROVINCES)
              reader.issue('plan/unit-unknown', where, planMessages.unitUnknown(code, target.sheetName));
          } else if (column.ref === 'provinces' && !ISO_3166_2_LA.has(code))
            reader.issue('plan/unit-unknown', where, planMessages.provinceNotIso(code));
          else reader.issue('plan/orphan', where, planMessages.orphan(column.header, code, target.sheetName));
        }
      });
    }
  }
  // Province codes and provincial committees' own codes must be ISO 3166-2:LA.
  const provinces = byKey.get('provinces');
  provinces?.rows.forEach((row, index) => {
    if (typeof row.code === 'string' && !ISO_3166_2_LA.has(row.code))
      reader.issue(
        'plan/unit-unknown',
        whereOf(provinces, index, 'code'),
        planMessages.provinceNotIso(row.code),
      );
  });
  const units = byKey.get('units');
  units?.rows.forEach((row, index) => {
    if (typeof row.code === 'string' && row.code.startsWith('LA-') && !ISO_3166_2_LA.has(row.code))
      reader.issue('plan/unit-unknown', whereOf(units, index, 'code'), planMessages.provinceNotIso(row.code));
    if (
      row.kind === 'province' &&
      typeof row.province === 'string' &&
      !provinceCodes.has(row.province) &&
      ISO_3166_2_LA.has(row.province)
    )
      reader.issue(
        'plan/orphan',
        whereOf(units, index, 'province'),
        planMessages.orphan(
          { lo: 'ແຂວງ', en: 'Province' },
          row.province,
          provinces?.sheetName ?? 'Provinces',
        ),
      );
  });
  // An activity's code starts with its project's code (P1.2.3 belongs to P1.2).
  const activities = byKey.get('activities');
  activities?.rows.forEach((row, index) => {
    if (
      typeof row.code === 'string' &&
      typeof row.project === 'string' &&
      codesOf('projects').has(row.project) &&
      !row.code.startsWith(`${row.project}.`)
    )
      reader.issue(
        'plan/code-parent',
        whereOf(activities, index, 'code'),
        planMessages.codeParent(row.code, row.project),
      );
  });
}

/** Lead and support units from the Assignments sheet, checked: one lead per activity. */
function applyAssignments(
  activities: SheetRows | undefined,
  assignments: SheetRows | undefined,
  reader: PlanReader,
): void {
  if (!activities) return;
  const lead = new Map<string, { unit: string; where: Where }>();
  const support = new Map<string, string[]>();
  assignments?.rows.forEach((row, index) => {
    const activity = row.activity;
    const unit = row.unit;
    if (typeof activity !== 'string' || typeof unit !== 'string') return;
    if (row.role === 'lead') {
      const earlier = lead.get(activity);
      if (earlier)
        reader.issue(
          'plan/two-leads',
          whereOf(assignments, index, 'role'),
          planMessages.twoLeads(activity, at(earlier.where)),
        );
      else lead.set(activity, { unit, where: whereOf(assignments, index, 'unit') });
    } else if (row.role === 'support') support.set(activity, [...(support.get(activity) ?? []), unit]);
  });
  activities.rows.forEach((row, index) => {
    const code = row.code;
    if (typeof code !== 'string') return;
    const found = lead.get(code);
    if (!found)
      reader.issue(
        'plan/no-lead',
        whereOf(activities, index, 'code'),
        planMessages.noLead(code, assignments?.sheetName ?? 'Assignments'),
      );
    else reader.where.set(`plan|activities.${index}.lead`, found.where);
    row.lead = found?.unit ?? '';
    row.support = support.get(code) ?? [];
  });
}

/** Maps what zod and the cross-checks say back to cells, for anything the cell checks missed. */
/** Where a path of a reference file was read: the path itself, else its nearest parent. */
function whereOfPath(
  reader: PlanReader,
  file: ReferenceFile,
  path: readonly PropertyKey[],
): Where | undefined {
  const parts = path.map(String);
  for (let length = parts.length; length > 0; length--) {
    const found = reader.where.get(`${file}|${parts.slice(0, length).join('.')}`);
    if (found) return found;
  }
  return undefined;
}

/** A cross-check problem (`at activities.3.lead: unknown unit X`) at its cell when it names a path. */
function reportProblem(reader: PlanReader, file: ReferenceFile, problem: string): void {
  const path = /^at ([\w.]+): /.exec(problem)?.[1];
  const where = path ? whereOfPath(reader, file, path.split('.')) : undefined;
  reader.issue(
    'plan/invalid',
    where ?? { sheet: PLAN_SHEETS.fields.name, cell: null, field: null },
    planMessages.invalid(problem),
  );
}

/** Maps what zod and the cross-checks say back to cells, for anything the cell checks missed. */
function checkSchemas(
  files: Record<ReferenceFile, Record<string, unknown>>,
  reader: PlanReader,
): ReferenceContent | undefined {
  const plan = planFileSchema.safeParse(files.plan);
  const units = unitsFileSchema.safeParse(files.units);
  const indicators = indicatorsFileSchema.safeParse(files.indicators);
  const sources = sourcesOfRecordFileSchema.safeParse(files.sources);
  for (const [file, parsed] of [
    ['plan', plan],
    ['units', units],
    ['indicators', indicators],
    ['sources', sources],
  ] as const)
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        reportProblem(reader, file, `at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (!plan.success || !units.success || !indicators.success || !sources.success || hasErrors(reader.issues))
    return undefined;
  const { planProblems, unitProblems } = crossCheck(plan.data, units.data);
  const indicatorProblems = checkIndicators(plan.data, indicators.data);
  const sourceProblems = checkSources(sources.data, units.data);
  for (const problem of sourceProblems) reportProblem(reader, 'sources', problem);
  for (const problem of planProblems) reportProblem(reader, 'plan', problem);
  for (const problem of unitProblems) reportProblem(reader, 'units', problem);
  for (const problem of indicatorProblems) reportProblem(reader, 'indicators', problem);
  if (planProblems.length || unitProblems.length || indicatorProblems.length || sourceProblems.length)
    return undefined;
  return { plan: plan.data, units: units.data, indicators: indicators.data, sources: sources.data };
}

/** Puts each sheet's rows where its file keeps them, and notes where every value was read. */
function assemble(
  tables: readonly SheetRows[],
  files: Record<ReferenceFile, Record<string, unknown>>,
  reader: PlanReader,
): void {
  const byKey = new Map(tables.map((t) => [t.table.key, t]));
  const pathOf = new Map<string, { file: ReferenceFile; path: string }>();
  for (const rows of tables) {
    const source = rows.table.source;
    if (source.kind !== 'list') continue;
    files[source.file][source.field] = rows.rows;
    pathOf.set(rows.table.key, { file: source.file, path: source.field });
    rows.rows.forEach((_row, index) => {
      reader.where.set(
        `${source.file}|${source.field}.${index}`,
        whereOf(rows, index, rows.table.columns[0]?.key ?? 'code'),
      );
      for (const column of rows.table.columns)
        reader.where.set(
          `${source.file}|${source.field}.${index}.${column.path.join('.')}`,
          whereOf(rows, index, column.key),
        );
    });
  }
  // Lists inside rows (an indicator's targets) come from their own sheet, by parent code.
  for (const rows of tables) {
    const source = rows.table.source;
    if (source.kind !== 'children') continue;
    const parent = byKey.get(source.parent);
    const parentPath = pathOf.get(source.parent);
    if (!parent || !parentPath) continue;
    const indexOfCode = new Map(parent.rows.map((row, index) => [row.code, index]));
    for (const row of parent.rows) row[source.field] = [];
    rows.rows.forEach((child, childIndex) => {
      const parentIndex = indexOfCode.get(child[source.parentColumn]);
      if (parentIndex === undefined) return;
      const items = parent.rows[parentIndex]?.[source.field] as Record<string, unknown>[];
      const { [source.parentColumn]: _code, ...item } = child;
      const at = `${parentPath.file}|${parentPath.path}.${parentIndex}.${source.field}.${items.length}`;
      reader.where.set(at, whereOf(rows, childIndex, rows.table.columns[0]?.key ?? source.parentColumn));
      for (const column of rows.table.columns)
        reader.where.set(`${at}.${column.path.join('.')}`, whereOf(rows, childIndex, column.key));
      items.push(item);
    });
  }
}

/** Reads a plan workbook's grid into reference content, with cell-exact issues. */
export function readPlanWorkbook(grid: CellGrid): PlanImportReport {
  const meta = readMeta(grid);
  const workbookId = meta.get('workbook_id');
  if (workbookId !== PLAN_WORKBOOK_ID)
    return {
      accepted: false,
      issues: [
        {
          severity: 'error',
          code: 'plan/not-plan-workbook',
          sheet: PLAN_META_SHEET,
          cell: null,
          field: null,
          message: planMessages.notPlanWorkbook(
            workbookId ? `workbook_id "${workbookId}"` : 'no _meta sheet',
          ),
        },
      ],
    };
  const basedOn = meta.get('plan_version');
  const reader = new PlanReader();
  const files: Record<ReferenceFile, Record<string, unknown>> = {
    plan: {},
    units: {},
    indicators: {},
    sources: {},
  };
  readFields(grid, reader, files);
  const tables = PLAN_SHEETS.tables
    .map((table) => readTable(grid, table, reader))
    .filter((t): t is SheetRows => !!t);
  checkDuplicates(tables, reader);
  checkReferences(tables, reader);
  const byKey = new Map(tables.map((t) => [t.table.key, t]));
  applyAssignments(byKey.get('activities'), byKey.get('assignments'), reader);
  assemble(tables, files, reader);
  const content = checkSchemas(files, reader);
  const order = [PLAN_SHEETS.fields.name, ...tables.map((t) => t.sheetName)];
  const issues = sortIssues(reader.issues, order);
  if (!content || hasErrors(issues)) return { accepted: false, basedOn, issues };
  return { accepted: true, content, version: planVersionOf(content), basedOn, issues };
}
