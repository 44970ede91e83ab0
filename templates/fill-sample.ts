/**
 * Fills a generated template with a realistic, valid report: plausible figures that satisfy
 * every rule. It writes through the template's own key row / key column with exceljs, not
 * through the parser, so tests that parse its output check the parser against independent
 * code. It also returns what it wrote, for round-trip tests.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { FieldValue } from '../shared/parse/coerce-cell.ts';
import type { SubmissionData, SubmissionRow } from '../shared/parse/submission.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import type { SectionKey, Unit } from '../shared/reference/reference-schema.ts';
import { displayChoice, resolveChoices } from '../shared/spec/choices.ts';
import type { TableSheetSpec, TemplateSpec } from '../shared/spec/field-types.ts';
import { findSpecSheet } from '../shared/spec/sheet-naming.ts';
import { tableRows } from '../shared/spec/table-layout.ts';
import {
  COVER_INPUT_COLUMN,
  COVER_KEY_COLUMN,
  KEY_ROW,
  TEMPLATE_SPEC,
} from '../shared/spec/template-spec.ts';
import { buildXlsxTemplate } from './write-xlsx-template.ts';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same sample. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string, seed: number): number {
  let hash = 2166136261 ^ seed;
  for (const ch of text) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619);
  return hash >>> 0;
}

class Sampler {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
  /** Splits a total into n non-negative whole parts, most of them small. */
  split(total: number, parts: number): number[] {
    const result = new Array<number>(parts).fill(0);
    for (let i = 0; i < total; i++) {
      const index = this.random() < 0.7 ? this.int(0, Math.min(parts - 1, 3)) : this.int(0, parts - 1);
      result[index] = (result[index] ?? 0) + 1;
    }
    return result;
  }
}

const NAMES = ['ສົມພອນ ພົມມະວົງ', 'ບຸນມີ ສີຫາລາດ', 'ຄຳແພງ ວົງສະຫວັນ', 'ມະນີວອນ ແສງທອງ', 'ວັນນີ ຈັນທະວົງ', 'ສີສຸກ ອິນທະວົງ'];
const POSITIONS = ['ຫົວໜ້າພະແນກ', 'ຮອງຫົວໜ້າກົມ', 'ວິຊາການ', 'ຫົວໜ້າຫ້ອງການ'];
const OUTPUTS = [
  'ຈັດກອງປະຊຸມປຶກສາຫາລື 1 ຄັ້ງ',
  'ສຳເລັດຮ່າງເອກະສານສະບັບທີ 2',
  'ຝຶກອົບຮົມພະນັກງານ 2 ຊຸດ',
  'ແຈກຢາຍເອກະສານໂຄສະນາ 500 ສະບັບ',
  'ລົງຕິດຕາມຢູ່ 3 ເມືອງ',
];
const CHALLENGES = ['ງົບປະມານບໍ່ພຽງພໍ', 'ການປະສານງານຊັກຊ້າ', 'ຂາດພະນັກງານວິຊາການ', ''];
const NEXT_STEPS = ['ສືບຕໍ່ຈັດຕັ້ງປະຕິບັດ', 'ລາຍງານຕໍ່ກອງເລຂາ', 'ກະກຽມກອງປະຊຸມສະຫຼຸບ'];
const TOPICS = [
  'ການປ້ອງກັນການຄ້າມະນຸດ',
  'ສິດທິຂອງແຮງງານເຄື່ອນຍ້າຍ',
  'ການກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ',
  'ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ',
];

/** Options for a sample. */
export interface SampleOptions {
  readonly unit: Unit;
  readonly period: string;
  readonly seed?: number;
  /** Number of awareness events to write (default 3-8); the benchmark asks for thousands. */
  readonly awarenessRows?: number;
}

function daysInMonth(period: string): number {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year ?? 2025, month ?? 1, 0)).getUTCDate();
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function isoInMonth(period: string, day: number): string {
  return `${period}-${String(day).padStart(2, '0')}`;
}

function nextMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

function generateActivities(
  s: Sampler,
  catalogue: Catalogue,
  unit: Unit,
  period: string,
  seed: number,
): SubmissionRow[] {
  const year = period.slice(0, 4);
  return catalogue.activitiesOf(unit.code).map((activity) => {
    const status = s.pick([
      'in_progress',
      'in_progress',
      'in_progress',
      'completed',
      'not_started',
      'delayed',
      'cancelled',
    ]);
    const percent =
      status === 'completed'
        ? 100
        : status === 'not_started'
          ? 0
          : status === 'in_progress'
            ? s.int(2, 19) * 5
            : s.int(1, 12) * 5;
    // Planned for the year: one figure per unit, activity and year, the same every month.
    const yearly = new Sampler(createRandom(seedOf(`${unit.code}|${activity.code}|${year}`, seed)));
    const planned = yearly.int(12, 240) * 1_000_000;
    // Spent this month: around a twelfth of the year's plan, less when delayed, none when not started.
    const pace =
      status === 'not_started' || status === 'cancelled'
        ? 0
        : status === 'delayed'
          ? 0.4
          : 0.7 + s.random() * 0.5;
    const spent = Math.round(((planned / 12) * pace) / 100_000) * 100_000;
    const reached = status === 'not_started' ? 0 : s.int(0, 400);
    const female = Math.round(reached * (0.4 + s.random() * 0.3));
    const challenge = s.pick(CHALLENGES);
    return {
      activity_code: activity.code,
      status,
      percent_complete: percent,
      budget_planned_lak: planned,
      budget_spent_lak: spent,
      funding_source: s.pick(['government', 'development_partner', 'mixed', 'ngo']),
      outputs: status === 'not_started' ? null : s.pick(OUTPUTS),
      people_reached_female: female,
      people_reached_male: reached - female,
      challenges: challenge || null,
      next_steps: s.pick(NEXT_STEPS),
    };
  });
}

/**
 * Splits a total over the keys of one breakdown the way records come in: mostly known, now
 * and then partly or wholly "unknown / not recorded" (the breakdown's last key).
 */
function splitWithUnknown(s: Sampler, total: number, keys: readonly string[]): Record<string, number | null> {
  const known = keys.slice(0, -1);
  const unknownKey = keys.at(-1) as string;
  const unknown = s.chance(0.25) ? s.int(0, total) : 0;
  const parts = s.split(total - unknown, known.length);
  const row: Record<string, number | null> = {};
  known.forEach((key, index) => {
    row[key] = parts[index] ? (parts[index] as number) : null;
  });
  row[unknownKey] = unknown || null;
  return row;
}

function generateCases(s: Sampler, catalogue: Catalogue, unit: Unit, table: TableSheetSpec): SubmissionRow[] {
  // A province with no case this month reports nil (the cover's mark), not a row of zeros.
  if (unit.province && s.chance(0.15)) return [];
  const provinces = unit.province
    ? [unit.province]
    : catalogue.provinces.filter(() => s.chance(0.35)).map((p) => p.code);
  if (!provinces.length) provinces.push(s.pick(catalogue.provinces).code);
  const breakdowns = table.rules.flatMap((rule) =>
    rule.kind === 'sum-equals' && rule.total === 'victims_total' ? [rule.parts] : [],
  );
  return provinces.map((province) => {
    const detected = s.int(0, 6);
    const investigated = s.int(0, detected);
    const prosecuted = s.int(0, investigated);
    const convicted = s.int(0, prosecuted);
    const victimsTotal = s.int(0, 3) * detected + s.int(0, 2);
    const row: Record<string, FieldValue> = {
      province,
      cases_detected: detected,
      cases_investigated: investigated,
      cases_prosecuted: prosecuted,
      cases_convicted: convicted,
      suspects_female: s.int(0, detected),
      suspects_male: s.int(0, detected * 2),
      offenders_female: s.int(0, convicted),
      offenders_male: s.int(0, convicted),
      victims_total: victimsTotal,
    };
    for (const parts of breakdowns) Object.assign(row, splitWithUnknown(s, victimsTotal, parts));
    return row;
  });
}

/**
 * Assistance: first the persons assisted, each once; then each service given to some of them
 * (so no service row exceeds the persons assisted, and one person may get several).
 */
function generateAssistance(
  s: Sampler,
  catalogue: Catalogue,
  unit: Unit,
  table: TableSheetSpec,
): SubmissionRow[] {
  const rule = table.rules.find((r) => r.kind === 'sum-equals');
  const parts = rule?.kind === 'sum-equals' ? rule.parts : [];
  const known = ['female_child', 'female_adult', 'male_child', 'male_adult'];
  const assisted = Object.fromEntries(known.map((key, i) => [key, s.int(0, [6, 9, 3, 4][i] as number)]));
  const row = (type: string, country: string | null, counts: Record<string, number>): SubmissionRow => ({
    assistance_type: type,
    country_of_return: country,
    province: unit.province ?? s.pick(catalogue.provinces).code,
    ...Object.fromEntries(parts.map((key) => [key, counts[key] ?? (known.includes(key) ? 0 : null)])),
    persons_total: known.reduce((sum, key) => sum + (counts[key] ?? 0), 0),
  });
  const rows: SubmissionRow[] = [];
  if (table.personsRow) rows.push(row(table.personsRow.code, null, assisted));
  for (const type of [
    'identified',
    'referred',
    'sheltered',
    'medical',
    'legal_aid',
    'reintegration',
    'repatriated',
  ]) {
    if (type !== 'identified' && !s.chance(0.75)) continue;
    const countries =
      type === 'repatriated' ? [s.pick(['TH', 'CN', 'MY']), ...(s.chance(0.4) ? ['VN'] : [])] : [null];
    for (const country of countries)
      rows.push(
        row(type, country, Object.fromEntries(known.map((key) => [key, s.int(0, assisted[key] ?? 0)]))),
      );
  }
  return rows;
}

function generateAwareness(
  s: Sampler,
  catalogue: Catalogue,
  unit: Unit,
  period: string,
  count: number,
): SubmissionRow[] {
  const days = daysInMonth(period);
  return Array.from({ length: count }, () => ({
    event_date: isoInMonth(period, s.int(1, days)),
    province: unit.province ?? s.pick(catalogue.provinces).code,
    event_type: s.pick(['awareness', 'training', 'workshop', 'meeting']),
    topic: s.pick(TOPICS),
    audience: s.pick([
      'general_public',
      'students',
      'women_children',
      'migrant_workers',
      'officials',
      'village_authorities',
    ]),
    participants_female: s.int(5, 120),
    participants_male: s.int(5, 120),
  }));
}

/** Generates the typed content of a valid sample report (no workbook involved). */
export function generateSampleData(
  options: SampleOptions,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): SubmissionData {
  const s = new Sampler(createRandom(seedOf(`${options.unit.code}|${options.period}`, options.seed ?? 1)));
  const sections: Partial<Record<SectionKey, SubmissionRow[]>> = {};
  for (const table of spec.tables) {
    if (!options.unit.sections.includes(table.section)) continue;
    if (table.section === 'activities')
      sections.activities = generateActivities(s, catalogue, options.unit, options.period, options.seed ?? 1);
    if (table.section === 'cases') sections.cases = generateCases(s, catalogue, options.unit, table);
    if (table.section === 'assistance')
      sections.assistance = generateAssistance(s, catalogue, options.unit, table);
    if (table.section === 'awareness')
      sections.awareness = generateAwareness(
        s,
        catalogue,
        options.unit,
        options.period,
        options.awarenessRows ?? s.int(3, 8),
      );
  }
  const name = s.pick(NAMES);
  // An assigned section with no rows is reported as nil on the cover, as the template asks.
  const nilMarks = Object.fromEntries(
    spec.cover.fields
      .filter((f) => f.nilFor && options.unit.sections.includes(f.nilFor))
      .map((f) => [f.key, (sections[f.nilFor as SectionKey]?.length ?? 0) === 0 ? 'nil' : null]),
  );
  return {
    templateId: spec.templateId,
    templateVersion: spec.templateVersion,
    unitCode: options.unit.code,
    period: options.period,
    planVersion: catalogue.version,
    cover: {
      unit_code: options.unit.code,
      period: options.period,
      prepared_by: name,
      position: s.pick(POSITIONS),
      phone: `020 ${s.int(2, 9)}${s.int(100, 999)} ${s.int(1000, 9999)}`,
      email: `focal.${options.unit.code.toLowerCase()}@example.gov.la`,
      date_prepared: isoInMonth(nextMonth(options.period), s.int(1, 8)),
      ...nilMarks,
    },
    sections,
  };
}

/** Column numbers by field key, read from a table sheet's hidden key row. */
export function keyColumns(sheet: Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(KEY_ROW).eachCell((cell, column) => {
    columns.set(String(cell.value), column);
  });
  return columns;
}

/** Row numbers by field key, read from the cover's hidden key column. */
export function coverKeyRows(sheet: Worksheet): Map<string, number> {
  const rows = new Map<string, number>();
  sheet.getColumn(COVER_KEY_COLUMN).eachCell((cell, row) => {
    rows.set(String(cell.value), row);
  });
  return rows;
}

/** Writes typed values into a template the way a person would: dropdown labels, real dates. */
export function writeSubmissionIntoWorkbook(
  workbook: Workbook,
  data: SubmissionData,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): void {
  const toCell = (field: { type: string; list?: string }, value: FieldValue) => {
    if (value === null) return null;
    if (field.type === 'date') return utcDate(String(value));
    // As a spreadsheet stores a percent typed into a %-formatted cell: 50 -> 0.5.
    if (field.type === 'percent' && typeof value === 'number') return value / 100;
    if (field.type === 'choice' && field.list) {
      const choice = resolveChoices(spec, catalogue, field.list as never).find((c) => c.code === value);
      return choice ? displayChoice(choice) : value;
    }
    return value;
  };
  const cover = findSpecSheet(workbook.worksheets, spec.cover);
  if (cover) {
    const rows = coverKeyRows(cover);
    for (const field of spec.cover.fields) {
      const row = rows.get(field.key);
      if (row) cover.getCell(row, COVER_INPUT_COLUMN).value = toCell(field, data.cover[field.key] ?? null);
    }
  }
  for (const table of spec.tables) {
    const rows = data.sections[table.section];
    const sheet = findSpecSheet(workbook.worksheets, table);
    if (!rows || !sheet) continue;
    const columns = keyColumns(sheet);
    const { firstDataRow } = tableRows(table);
    const activityRows = new Map<string, number>();
    if (table.prefillActivities) {
      const codeColumn = columns.get('activity_code') ?? 1;
      sheet.getColumn(codeColumn).eachCell((cell, rowNumber) => {
        if (rowNumber >= firstDataRow) activityRows.set(String(cell.value), rowNumber);
      });
    }
    rows.forEach((row, index) => {
      const rowNumber = table.prefillActivities
        ? (activityRows.get(String(row.activity_code)) ?? firstDataRow + index)
        : firstDataRow + index;
      for (const field of table.fields) {
        const column = columns.get(field.key);
        if (column === undefined || field.prefill || !(field.key in row)) continue;
        sheet.getCell(rowNumber, column).value = toCell(field, row[field.key] ?? null);
      }
    });
  }
}

/** Builds the unit's template and fills it with a valid sample; returns the workbook and its data. */
export async function buildSampleWorkbook(
  options: SampleOptions,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): Promise<{ workbook: Workbook; data: SubmissionData }> {
  const workbook = await buildXlsxTemplate({ unit: options.unit, period: options.period }, catalogue, spec);
  const data = generateSampleData(options, catalogue, spec);
  writeSubmissionIntoWorkbook(workbook, data, catalogue, spec);
  return { workbook, data };
}

/** Sample .xlsx bytes plus the data written into them. */
export async function writeSampleXlsx(
  options: SampleOptions,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): Promise<{ bytes: Uint8Array; data: SubmissionData }> {
  const { workbook, data } = await buildSampleWorkbook(options, catalogue, spec);
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), data };
}
