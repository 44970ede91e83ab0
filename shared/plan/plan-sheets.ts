/**
 * The plan workbook, declared once: which sheets it has, their columns, which columns point
 * at codes on another sheet. Export, import, dropdowns and the cell-exact checks all read this
 * table. Columns come from the reference zod schemas, so a field or a list added to
 * `reference-schema.ts` (indicators, targets, sources of record...) becomes a column or a sheet
 * here with no edit; only its Lao header label is worth adding to {@link HEADER_LABELS}.
 */
import type { z } from 'zod';
import type { ReferenceContent } from '../reference/plan-version.ts';
import {
  indicatorsFileSchema,
  planFileSchema,
  sourcesOfRecordFileSchema,
  unitsFileSchema,
} from '../reference/reference-schema.ts';
import type { Bilingual } from '../text/bilingual.ts';

/** How a column's cells are written and read back. */
export type PlanColumnType =
  | { readonly type: 'text' }
  | { readonly type: 'number' }
  | { readonly type: 'boolean' }
  /** A comma-separated list of texts (or of choices when `options` is given). */
  | { readonly type: 'list'; readonly options?: readonly string[] }
  | { readonly type: 'choice'; readonly options: readonly string[] }
  /** Anything the workbook has no better shape for, as JSON text (lossless). */
  | { readonly type: 'json' };

/** One column of a plan sheet. */
export interface PlanColumn {
  /** Written in the hidden key row: `code`, `title.lo`, `support`. */
  readonly key: string;
  /** Where the value sits in the row's object (`['title', 'lo']`). */
  readonly path: readonly string[];
  readonly header: Bilingual;
  readonly width: number;
  readonly kind: PlanColumnType;
  readonly required: boolean;
  /** Sheet key whose codes this column takes (a dropdown and an orphan check). */
  readonly ref?: string;
}

/** The reference files a plan version holds (see `ReferenceContent`). */
export type ReferenceFile = 'plan' | 'units' | 'indicators' | 'sources';
const FILE_SCHEMAS: Readonly<Record<ReferenceFile, unknown>> = {
  plan: planFileSchema,
  units: unitsFileSchema,
  indicators: indicatorsFileSchema,
  sources: sourcesOfRecordFileSchema,
};

/** Which file and list a table sheet's rows come from. */
export type RowSource =
  | { readonly kind: 'list'; readonly file: ReferenceFile; readonly field: string }
  /** A list inside each row of another sheet (an indicator's targets): one row per item. */
  | {
      readonly kind: 'children';
      readonly parent: string;
      readonly field: string;
      readonly parentColumn: string;
    }
  | { readonly kind: 'assignments' };

/** A sheet with one row per item. */
export interface PlanTableSheet {
  readonly key: string;
  /** Tab name: English then Lao, within Excel's 31 characters. */
  readonly name: string;
  readonly title: Bilingual;
  readonly columns: readonly PlanColumn[];
  readonly source: RowSource;
  /** True when the rows' `code` column is one code space with the plan's other levels. */
  readonly planLevel: boolean;
}

/** The key/value sheet for the single values (title, span, notes). */
export interface PlanFieldsSheet {
  readonly key: 'plan';
  readonly name: string;
  readonly title: Bilingual;
  /** Path starts with the file: `['plan', 'title', 'lo']`, `['units', 'note']`. */
  readonly fields: readonly PlanColumn[];
}

/** Assignments: one row per activity and unit; the role says lead or support. */
export const ROLE_OPTIONS = ['lead', 'support'] as const;

/** Bilingual header labels by field name (the last part of a path). */
const HEADER_LABELS: Readonly<Record<string, Bilingual>> = {
  code: { lo: 'ລະຫັດ', en: 'Code' },
  title: { lo: 'ຊື່', en: 'Title' },
  name: { lo: 'ຊື່', en: 'Name' },
  note: { lo: 'ໝາຍເຫດ', en: 'Note' },
  programme: { lo: 'ແຜນງານ', en: 'Programme' },
  project: { lo: 'ໂຄງການ', en: 'Project' },
  goal: { lo: 'ເປົ້າໝາຍ', en: 'Goal' },
  activity: { lo: 'ກິດຈະກຳ', en: 'Activity' },
  indicator: { lo: 'ຕົວຊີ້ວັດ', en: 'Indicator' },
  appliesTo: { lo: 'ໃຊ້ກັບ', en: 'Applies to' },
  measure: { lo: 'ວັດແທກດ້ວຍ', en: 'Measured by' },
  value: { lo: 'ຄ່າ', en: 'Value' },
  unit: { lo: 'ຫົວໜ່ວຍ', en: 'Unit' },
  role: { lo: 'ບົດບາດ (lead / support)', en: 'Role (lead / support)' },
  kind: { lo: 'ປະເພດ', en: 'Kind' },
  province: { lo: 'ແຂວງ (ISO 3166-2:LA)', en: 'Province (ISO 3166-2:LA)' },
  sections: { lo: 'ພາກທີ່ລາຍງານ', en: 'Sections reported' },
  illustrative: { lo: 'ເປັນຕົວຢ່າງ (TRUE/FALSE)', en: 'Illustrative (TRUE/FALSE)' },
  startYear: { lo: 'ປີເລີ່ມ', en: 'First year' },
  endYear: { lo: 'ປີສຸດທ້າຍ', en: 'Last year' },
  baseline: { lo: 'ຖານ', en: 'Baseline' },
  target: { lo: 'ຄາດໝາຍ', en: 'Target' },
  year: { lo: 'ປີ', en: 'Year' },
  span: { lo: 'ໄລຍະ (2025 ຫຼື 2021-2025)', en: 'Span (2025 or 2021-2025)' },
  section: { lo: 'ພາກ', en: 'Section' },
  figure: { lo: 'ຕົວເລກ', en: 'Figure' },
  fields: { lo: 'ຕົວເລກ (ລະຫັດຖັນ, * = ທັງໝົດ)', en: 'Figures (field keys, * = all)' },
  source: { lo: 'ແຫຼ່ງ (ລະຫັດຫົວໜ່ວຍ ຫຼື PROVINCE)', en: 'Source (unit code or PROVINCE)' },
  when: { lo: 'ເມື່ອ', en: 'When' },
  field: { lo: 'ຖັນ', en: 'Field' },
  in: { lo: 'ມີຄ່າ', en: 'Is one of' },
};

const LANGUAGE_LABEL: Readonly<Record<string, Bilingual>> = {
  lo: { lo: 'ພາສາລາວ', en: 'Lao' },
  en: { lo: 'ພາສາອັງກິດ', en: 'English' },
};

/** Column names that point at another sheet's codes wherever they appear. */
const REFERENCE_BY_FIELD: Readonly<Record<string, string>> = {
  programme: 'programmes',
  project: 'projects',
  goal: 'goals',
  activity: 'activities',
  indicator: 'indicators',
  unit: 'units',
  lead: 'units',
  province: 'provinces',
};

/** Known sheets in workbook order; any other list in the schemas follows them. */
const KNOWN_SHEETS: readonly {
  key: string;
  file: ReferenceFile;
  name: string;
  title: Bilingual;
  omit?: readonly string[];
  planLevel?: boolean;
}[] = [
  { key: 'goals', file: 'plan', name: 'Goals ເປົ້າໝາຍ', title: { lo: 'ເປົ້າໝາຍ', en: 'Goals' }, planLevel: true },
  {
    key: 'programmes',
    file: 'plan',
    name: 'Programmes ແຜນງານ',
    title: { lo: 'ແຜນງານ', en: 'Programmes' },
    planLevel: true,
  },
  {
    key: 'projects',
    file: 'plan',
    name: 'Projects ໂຄງການ',
    title: { lo: 'ໂຄງການ', en: 'Projects' },
    planLevel: true,
  },
  {
    key: 'activities',
    file: 'plan',
    name: 'Activities ກິດຈະກຳ',
    title: { lo: 'ກິດຈະກຳ', en: 'Activities' },
    // Who does an activity lives on the Assignments sheet, one row per unit.
    omit: ['lead', 'support'],
    planLevel: true,
  },
  {
    key: 'indicators',
    file: 'indicators',
    name: 'Indicators ຕົວຊີ້ວັດ',
    title: { lo: 'ຕົວຊີ້ວັດ', en: 'Indicators' },
  },
  { key: 'units', file: 'units', name: 'Units ຫົວໜ່ວຍ', title: { lo: 'ຫົວໜ່ວຍລາຍງານ', en: 'Reporting units' } },
  {
    key: 'rules',
    file: 'sources',
    name: 'Sources of record ແຫຼ່ງ',
    title: { lo: 'ແຫຼ່ງຂໍ້ມູນຫຼັກຂອງແຕ່ລະຕົວເລກ', en: 'Source of record of each figure' },
  },
  {
    key: 'provinces',
    file: 'units',
    name: 'Provinces ແຂວງ',
    title: { lo: 'ແຂວງ (ISO 3166-2:LA)', en: 'Provinces (ISO 3166-2:LA)' },
  },
];

/** Tab names of the sheets of nested lists, by `<parent sheet>.<field>`. */
const CHILD_SHEET_NAMES: Readonly<Record<string, { name: string; title: Bilingual }>> = {
  'indicators.targets': {
    name: 'Targets ຄາດໝາຍ',
    title: { lo: 'ຄາດໝາຍ ແລະ ໄລຍະ', en: 'Targets and their spans' },
  },
};

type AnySchema = z.ZodType & {
  def: { type: string; innerType?: AnySchema; element?: AnySchema; options?: AnySchema[] };
};

function unwrapOptional(schema: AnySchema): { schema: AnySchema; optional: boolean } {
  let current = schema;
  let optional = false;
  while (
    current.def.type === 'optional' ||
    current.def.type === 'default' ||
    current.def.type === 'nullable'
  ) {
    optional = true;
    current = current.def.innerType as AnySchema;
  }
  return { schema: current, optional };
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  return schema.def.type === 'object'
    ? ((schema as unknown as { shape: Record<string, AnySchema> }).shape ?? undefined)
    : undefined;
}

function optionsOf(schema: AnySchema): readonly string[] | undefined {
  return schema.def.type === 'enum' ? (schema as unknown as { options: string[] }).options : undefined;
}

function isBilingual(schema: AnySchema): boolean {
  const shape = shapeOf(schema);
  return !!shape && Object.keys(shape).sort().join(',') === 'en,lo';
}

function headerOf(path: readonly string[]): Bilingual {
  const field = path.at(-1) ?? '';
  const language = LANGUAGE_LABEL[field];
  const base = HEADER_LABELS[language ? (path.at(-2) ?? '') : field] ?? { lo: field, en: field };
  return language ? { lo: `${base.lo} (${language.lo})`, en: `${base.en} (${language.en})` } : base;
}

function widthOf(path: readonly string[], kind: PlanColumnType): number {
  const field = path.at(-1) ?? '';
  if (field === 'lo' || field === 'en' || field === 'note') return 60;
  if (kind.type === 'list' || kind.type === 'json') return 30;
  if (field === 'code') return 12;
  return 16;
}

/** The element schema of an array of objects, or undefined. */
function objectElement(schema: AnySchema): AnySchema | undefined {
  if (schema.def.type !== 'array') return undefined;
  const element = unwrapOptional(schema.def.element as AnySchema).schema;
  return element.def.type === 'object' ? element : undefined;
}

/**
 * The columns of one object schema. Bilingual objects split in two (`title.lo`, `title.en`),
 * other objects into their fields (`baseline.year`), a union of objects into every member's
 * fields (`appliesTo.goal`, `appliesTo.activity`: fill one). Lists of objects are left out:
 * they get a sheet of their own (see {@link childSheets}).
 */
export function columnsOfSchema(
  schema: AnySchema,
  omit: readonly string[] = [],
  prefix: readonly string[] = [],
  parentRequired = true,
): PlanColumn[] {
  const shape = shapeOf(schema) ?? {};
  const columns: PlanColumn[] = [];
  for (const [name, fieldSchema] of Object.entries(shape)) {
    if (omit.includes(name)) continue;
    const { schema: inner, optional } = unwrapOptional(fieldSchema);
    const required = parentRequired && !optional;
    const path = [...prefix, name];
    const ref = REFERENCE_BY_FIELD[name];
    const column = (sub: readonly string[], kind: PlanColumnType, needed: boolean): PlanColumn => ({
      key: sub.join('.'),
      path: sub,
      header: headerOf(sub),
      width: widthOf(sub, kind),
      kind,
      required: needed,
      // `unit` names a reporting unit, but `unit.lo` (an indicator's unit of measure) does not.
      ...(ref && sub.at(-1) === name && (kind.type === 'text' || kind.type === 'list') ? { ref } : {}),
    });
    if (isBilingual(inner)) {
      columns.push(column([...path, 'lo'], { type: 'text' }, required));
      columns.push(column([...path, 'en'], { type: 'text' }, required));
      continue;
    }
    const type = inner.def.type;
    if (type === 'string') columns.push(column(path, { type: 'text' }, required));
    else if (type === 'number') columns.push(column(path, { type: 'number' }, required));
    else if (type === 'boolean') columns.push(column(path, { type: 'boolean' }, required));
    else if (type === 'enum')
      columns.push(column(path, { type: 'choice', options: optionsOf(inner) ?? [] }, required));
    else if (type === 'object') columns.push(...columnsOfSchema(inner, [], path, required));
    else if (type === 'union' && (inner.def.options ?? []).every((o) => shapeOf(o))) {
      for (const option of inner.def.options ?? [])
        for (const member of columnsOfSchema(option, [], path, false))
          if (!columns.some((c) => c.key === member.key)) columns.push(member);
    } else if (type === 'array') {
      if (objectElement(inner)) continue;
      const element = unwrapOptional(inner.def.element as AnySchema).schema;
      if (element.def.type === 'enum')
        columns.push(column(path, { type: 'list', options: optionsOf(element) ?? [] }, false));
      else if (element.def.type === 'string') columns.push(column(path, { type: 'list' }, false));
      else columns.push(column(path, { type: 'json' }, required));
    } else columns.push(column(path, { type: 'json' }, required));
  }
  return columns;
}

/** Sheets for the lists of objects inside a sheet's rows (an indicator's targets). */
function childSheets(parent: PlanTableSheet, element: AnySchema): PlanTableSheet[] {
  const codeColumn = parent.columns.find((c) => c.key === 'code');
  if (!codeColumn) return [];
  const parentColumn = parent.key.replace(/s$/, '');
  return Object.entries(shapeOf(element) ?? {}).flatMap(([field, schema]) => {
    const child = objectElement(unwrapOptional(schema).schema);
    if (!child) return [];
    const known = CHILD_SHEET_NAMES[`${parent.key}.${field}`];
    const sheet: PlanTableSheet = {
      key: `${parent.key}.${field}`,
      name: known?.name ?? titleCase(field).slice(0, 31),
      title: known?.title ?? { lo: titleCase(field), en: titleCase(field) },
      columns: [
        {
          key: parentColumn,
          path: [parentColumn],
          header: HEADER_LABELS[parentColumn] ?? { lo: parentColumn, en: parentColumn },
          width: 16,
          kind: { type: 'text' },
          required: true,
          ref: parent.key,
        },
        ...columnsOfSchema(child),
      ],
      source: { kind: 'children', parent: parent.key, field, parentColumn },
      planLevel: false,
    };
    return [sheet];
  });
}

function listSchemas(file: ReferenceFile): [string, AnySchema][] {
  const shape = shapeOf(FILE_SCHEMAS[file] as AnySchema) ?? {};
  return Object.entries(shape).flatMap(([field, schema]): [string, AnySchema][] => {
    const element = objectElement(unwrapOptional(schema).schema);
    return element ? [[field, element]] : [];
  });
}

function titleCase(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const FILES: readonly ReferenceFile[] = ['plan', 'units', 'indicators', 'sources'];

function buildSheets(): { fields: PlanFieldsSheet; tables: PlanTableSheet[] } {
  const tables: PlanTableSheet[] = [];
  const seen = new Set<string>();
  const addList = (sheet: PlanTableSheet, element: AnySchema) => {
    tables.push(sheet, ...childSheets(sheet, element));
    if (sheet.key === 'activities') tables.push(ASSIGNMENTS_SHEET);
  };
  for (const known of KNOWN_SHEETS) {
    const element = listSchemas(known.file).find(([name]) => name === known.key)?.[1];
    if (!element) continue;
    seen.add(`${known.file}.${known.key}`);
    addList(
      {
        key: known.key,
        name: known.name,
        title: known.title,
        columns: columnsOfSchema(element, known.omit),
        source: { kind: 'list', file: known.file, field: known.key },
        planLevel: known.planLevel ?? false,
      },
      element,
    );
  }
  // Lists the schemas gained since this table was written (sources of record...) get a sheet
  // of their own, after the known ones.
  for (const file of FILES)
    for (const [field, element] of listSchemas(file)) {
      if (seen.has(`${file}.${field}`)) continue;
      addList(
        {
          key: field,
          name: titleCase(field).slice(0, 31),
          title: { lo: titleCase(field), en: titleCase(field) },
          columns: columnsOfSchema(element),
          source: { kind: 'list', file, field },
          planLevel: false,
        },
        element,
      );
    }
  const scalarFields = (file: ReferenceFile) => {
    const schema = FILE_SCHEMAS[file] as AnySchema;
    const shape = shapeOf(schema) ?? {};
    const omit = Object.keys(shape).filter(
      (name) => unwrapOptional(shape[name] as AnySchema).schema.def.type === 'array',
    );
    const note = FILE_NOTES[file];
    return columnsOfSchema(schema, omit, [file]).map((column) => ({
      ...column,
      header: note
        ? { lo: `${column.header.lo} (${note.lo})`, en: `${column.header.en} (${note.en})` }
        : column.header,
    }));
  };
  return {
    fields: {
      key: 'plan',
      name: 'Plan ແຜນງານ',
      title: { lo: 'ແຜນງານ: ຊື່, ໄລຍະ ແລະ ໝາຍເຫດ', en: 'The plan: title, span and notes' },
      fields: FILES.flatMap(scalarFields),
    },
    tables,
  };
}

/** Which file a value of the key/value sheet belongs to, said in its label. */
const FILE_NOTES: Readonly<Record<ReferenceFile, Bilingual | undefined>> = {
  plan: undefined,
  units: { lo: 'ຫົວໜ່ວຍ', en: 'units' },
  indicators: { lo: 'ຕົວຊີ້ວັດ', en: 'indicators' },
  sources: { lo: 'ແຫຼ່ງຂໍ້ມູນຫຼັກ', en: 'sources of record' },
};

const ASSIGNMENTS_SHEET: PlanTableSheet = {
  key: 'assignments',
  name: 'Assignments ການມອບໝາຍ',
  title: { lo: 'ຫົວໜ່ວຍທີ່ຮັບຜິດຊອບກິດຈະກຳ', en: 'Units responsible for each activity' },
  columns: [
    {
      key: 'activity',
      path: ['activity'],
      header: HEADER_LABELS.activity as Bilingual,
      width: 12,
      kind: { type: 'text' },
      required: true,
      ref: 'activities',
    },
    {
      key: 'unit',
      path: ['unit'],
      header: { lo: 'ຫົວໜ່ວຍ (ຫຼື PROVINCES = ທຸກແຂວງ)', en: 'Unit (or PROVINCES = every province)' },
      width: 18,
      kind: { type: 'text' },
      required: true,
      ref: 'units',
    },
    {
      key: 'role',
      path: ['role'],
      header: HEADER_LABELS.role as Bilingual,
      width: 14,
      kind: { type: 'choice', options: ROLE_OPTIONS },
      required: true,
    },
  ],
  source: { kind: 'assignments' },
  planLevel: false,
};

/** The plan workbook's sheets, derived from the reference schemas once per process. */
export const PLAN_SHEETS = buildSheets();

/** Every sheet the workbook holds, in order (the key/value sheet first). */
export function planSheetNames(): string[] {
  return [PLAN_SHEETS.fields.name, ...PLAN_SHEETS.tables.map((t) => t.name)];
}

/** The rows of a table sheet, as plain objects, from reference content. */
export function rowsOf(sheet: PlanTableSheet, content: ReferenceContent): readonly Record<string, unknown>[] {
  if (sheet.source.kind === 'assignments')
    return content.plan.activities.flatMap((activity) => [
      { activity: activity.code, unit: activity.lead, role: 'lead' },
      ...activity.support.map((unit) => ({ activity: activity.code, unit, role: 'support' })),
    ]);
  if (sheet.source.kind === 'children') {
    const { parent, field, parentColumn } = sheet.source;
    const parentSheet = PLAN_SHEETS.tables.find((t) => t.key === parent);
    if (!parentSheet) return [];
    return rowsOf(parentSheet, content).flatMap((row) =>
      ((row[field] as Record<string, unknown>[] | undefined) ?? []).map((child) => ({
        [parentColumn]: row.code,
        ...child,
      })),
    );
  }
  const file = content[sheet.source.file] as unknown as Record<string, unknown>;
  return (file[sheet.source.field] as Record<string, unknown>[] | undefined) ?? [];
}

/** The value at a path of an object, or undefined. */
export function valueAt(object: unknown, path: readonly string[]): unknown {
  let current = object;
  for (const part of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Sets a value at a path, creating the objects on the way. */
export function setValueAt(object: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = object;
  path.forEach((part, index) => {
    if (index === path.length - 1) current[part] = value;
    else {
      current[part] ??= {};
      current = current[part] as Record<string, unknown>;
    }
  });
}
