/**
 * The lake's tables, derived from the template spec: each fact table has a few key columns
 * and then one column per stored field of its section, named by the field's key. A new field
 * in the spec is a new column here with no edit.
 */
import type { SectionKey } from '../reference/reference-schema.ts';
import type { FieldSpec, MoneySpan, TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC, TEMPLATE_SPECS } from '../spec/template-spec.ts';

/** Bumped when a column changes meaning or type; part of every snapshot id. */
export const LAKE_SCHEMA_VERSION = 1;

/**
 * Column types as written to Parquet: STRING is UTF-8 text in NFC, INT64 whole counts and kip,
 * DOUBLE percent, DATE a calendar day, TIMESTAMP milliseconds since the epoch (UTC).
 */
export type LakeType = 'STRING' | 'INT64' | 'DOUBLE' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN';

/** One column of a lake table. */
export interface LakeColumn {
  readonly name: string;
  readonly type: LakeType;
  /** What the column holds, with its unit (cases, persons, LAK): the DDL's column comment. */
  readonly description?: string;
}

/** A lake table: its folder name under `lake/` and its columns in file order. */
export interface LakeTable {
  readonly name: string;
  readonly columns: readonly LakeColumn[];
}

/** Fact tables by the template section they come from. */
export const FACT_TABLE_NAMES: Readonly<Record<SectionKey, string>> = {
  activities: 'activity_progress',
  cases: 'case_statistics',
  assistance: 'victim_assistance',
  awareness: 'awareness_events',
};

const KEY_COLUMNS: readonly LakeColumn[] = [
  { name: 'period', type: 'STRING', description: 'Reporting month YYYY-MM' },
  { name: 'unit_code', type: 'STRING', description: 'Reporting unit code' },
  {
    name: 'plan_version',
    type: 'STRING',
    description: 'Plan version the upload was read against: joins to the dimensions of that plan',
  },
  { name: 'submission_sha256', type: 'STRING', description: 'sha256 of the upload as received' },
  {
    name: 'template_version',
    type: 'STRING',
    description: 'Template version of the upload: it says what money columns meant (see budget_spent_lak)',
  },
  { name: 'snapshot_id', type: 'STRING', description: 'Lake snapshot that wrote the row' },
];

const SPAN_TEXT: Readonly<Record<MoneySpan, string>> = {
  month: 'spent during the month',
  year: 'planned for the calendar year',
  to_date: 'running total to date',
  activity: 'the whole budget of the activity',
};

/**
 * A field's column description: its English label, its unit (cases, persons, LAK, %), for
 * money the span it covers, and how older template versions differed.
 */
export function describeField(field: FieldSpec): string {
  const measure = field.measure ? ` (${field.measure.en})` : '';
  if (field.type !== 'money' || !field.span) return `${field.label.en}${measure}`;
  const older = Object.entries(TEMPLATE_SPECS).flatMap(([version, spec]) => {
    const same = spec.tables.flatMap((t) => t.fields).find((f) => f.key === field.key);
    return same?.span && same.span !== field.span
      ? [`template_version ${version}: ${SPAN_TEXT[same.span]}`]
      : [];
  });
  return `${field.label.en}${measure}, ${SPAN_TEXT[field.span]}${older.length ? `; ${older.join('; ')}` : ''}`;
}

/** The lake type of a spec field: whole counts and kip as INT64, percent DOUBLE, dates DATE. */
export function lakeTypeOf(field: FieldSpec): LakeType {
  switch (field.type) {
    case 'count':
    case 'money':
      return 'INT64';
    case 'percent':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    default:
      return 'STRING';
  }
}

/** Stored (non-display) fields of a section. */
export function storedFields(section: SectionKey, spec: TemplateSpec = TEMPLATE_SPEC): readonly FieldSpec[] {
  return spec.tables.find((t) => t.section === section)?.fields.filter((f) => !f.displayOnly) ?? [];
}

/**
 * A table maker remembered by spec and section: one object per pair (specs are not changed in
 * place), as a compile asks for each table every month and describing the columns is not free.
 */
export function tablePerSection(
  make: (section: SectionKey, spec: TemplateSpec) => LakeTable,
): (section: SectionKey, spec?: TemplateSpec) => LakeTable {
  const made = new WeakMap<TemplateSpec, Map<SectionKey, LakeTable>>();
  return (section, spec = TEMPLATE_SPEC) => {
    const tables = made.get(spec) ?? new Map<SectionKey, LakeTable>();
    made.set(spec, tables);
    const table = tables.get(section) ?? make(section, spec);
    tables.set(section, table);
    return table;
  };
}

/** A fact table's definition. */
export const factTable = tablePerSection(makeFactTable);

function makeFactTable(section: SectionKey, spec: TemplateSpec): LakeTable {
  return {
    name: FACT_TABLE_NAMES[section],
    columns: [
      ...KEY_COLUMNS,
      ...storedFields(section, spec).map((f) => ({
        name: f.key,
        type: lakeTypeOf(f),
        description: describeField(f),
      })),
    ],
  };
}

/**
 * One row per unit per month (reported or not), so reporting rates need no other table.
 * `snapshot_created_at` lets engines without `_latest.json` (Athena, BigQuery) pick the
 * newest snapshot of a month.
 */
export const SUBMISSIONS_TABLE: LakeTable = {
  name: 'submissions',
  columns: [
    { name: 'period', type: 'STRING' },
    { name: 'unit_code', type: 'STRING' },
    { name: 'plan_version', type: 'STRING' },
    { name: 'status', type: 'STRING' },
    { name: 'submitted_at', type: 'TIMESTAMP' },
    { name: 'submitted_by', type: 'STRING' },
    { name: 'submission_sha256', type: 'STRING' },
    { name: 'file_name', type: 'STRING' },
    { name: 'warning_count', type: 'INT64' },
    { name: 'review_state', type: 'STRING' },
    { name: 'snapshot_id', type: 'STRING' },
    { name: 'snapshot_created_at', type: 'TIMESTAMP' },
  ],
};

const strings = (...names: string[]): LakeColumn[] => names.map((name) => ({ name, type: 'STRING' }));

/**
 * The plan and the units as tables, one file per plan version (`plan_version` in every row);
 * `support_units` and `sections` are comma lists.
 */
export const DIMENSION_TABLES: readonly LakeTable[] = [
  { name: 'goals', columns: strings('plan_version', 'code', 'title_lo', 'title_en') },
  { name: 'programmes', columns: strings('plan_version', 'code', 'title_lo', 'title_en') },
  { name: 'projects', columns: strings('plan_version', 'code', 'programme', 'title_lo', 'title_en') },
  {
    name: 'activities',
    columns: strings(
      'plan_version',
      'code',
      'project',
      'programme',
      'goal',
      'title_lo',
      'title_en',
      'lead_unit',
      'support_units',
    ),
  },
  {
    name: 'units',
    columns: strings('plan_version', 'code', 'kind', 'province', 'name_lo', 'name_en', 'sections'),
  },
];

/** Partner export: which tables, and which of their columns are counts to suppress. */
export const PARTNER_SECTIONS: readonly SectionKey[] = ['cases', 'assistance'];

/**
 * Every table a spec gives the lake. Its JSON goes into each snapshot id, so a new spec field
 * (a new column) makes a new snapshot instead of leaving months already written without it.
 */
export function lakeTables(spec: TemplateSpec = TEMPLATE_SPEC): readonly LakeTable[] {
  return [...spec.tables.map((t) => factTable(t.section, spec)), SUBMISSIONS_TABLE, ...DIMENSION_TABLES];
}

/** A single-quoted string literal as Hive (Athena) and BigQuery both read it: backslash escapes. */
const sqlString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Query engines whose external-table DDL {@link externalTableDdl} writes. */
export type SqlEngine = 'athena' | 'bigquery';

const ENGINE_TYPES: Readonly<Record<SqlEngine, Readonly<Record<LakeType, string>>>> = {
  athena: {
    STRING: 'string',
    INT64: 'bigint',
    DOUBLE: 'double',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    BOOLEAN: 'boolean',
  },
  bigquery: {
    STRING: 'STRING',
    INT64: 'INT64',
    DOUBLE: 'FLOAT64',
    DATE: 'DATE',
    TIMESTAMP: 'TIMESTAMP',
    BOOLEAN: 'BOOL',
  },
};

/**
 * `CREATE EXTERNAL TABLE` for one lake table, from the same definitions as the files, so the
 * DDL gains a column when the spec does. `location` is the folder holding the table's folder
 * (`s3://bucket/prefix/lake`, or `.../lake/partner` for partner tables).
 *
 * Athena: monthly tables are partitioned by `period` with partition projection (no
 * `MSCK REPAIR` each month); the file's own `period` column is left out of the column list.
 * BigQuery: no Hive partitioning, because BigQuery refuses partition keys that are also
 * columns in the files; `period` is read from the files (a month is a few thousand rows).
 */
export function externalTableDdl(
  table: LakeTable,
  engine: SqlEngine,
  location: string,
  options: { dataset?: string; firstPeriod?: string } = {},
): string {
  const dataset = options.dataset ?? 'laingan';
  const types = ENGINE_TYPES[engine];
  const folder = `${location.replace(/\/$/, '')}/${table.name}`;
  const monthly = table.columns.some((c) => c.name === 'period');
  if (engine === 'bigquery') {
    const columns = table.columns
      .map(
        (c) =>
          `  ${c.name} ${types[c.type]}${c.description ? ` OPTIONS (description = ${sqlString(c.description)})` : ''}`,
      )
      .join(',\n');
    return `CREATE OR REPLACE EXTERNAL TABLE ${dataset}.${table.name} (\n${columns}\n)\nOPTIONS (format = 'PARQUET', uris = ['${folder}/*']);`;
  }
  const columns = table.columns
    .filter((c) => !monthly || c.name !== 'period')
    .map(
      (c) => `  \`${c.name}\` ${types[c.type]}${c.description ? ` COMMENT ${sqlString(c.description)}` : ''}`,
    )
    .join(',\n');
  const lines = [`CREATE EXTERNAL TABLE IF NOT EXISTS ${dataset}.${table.name} (\n${columns}\n)`];
  if (monthly) lines.push('PARTITIONED BY (`period` string)');
  lines.push('STORED AS PARQUET', `LOCATION '${folder}/'`);
  if (monthly)
    lines.push(
      [
        'TBLPROPERTIES (',
        "  'projection.enabled' = 'true',",
        "  'projection.period.type' = 'date',",
        "  'projection.period.format' = 'yyyy-MM',",
        `  'projection.period.range' = '${options.firstPeriod ?? '2021-01'},NOW',`,
        "  'projection.period.interval' = '1',",
        "  'projection.period.interval.unit' = 'MONTHS',",
        `  'storage.location.template' = '${folder}/period=\${period}/'`,
        ')',
      ].join('\n'),
    );
  return `${lines.join('\n')};`;
}
