/**
 * A compile across plans (Phase III into Phase IV, or a revised plan mid-phase): one workbook
 * with a section of sheets per plan, then two sheets that tie them together.
 *
 * - `Plan activities`: every activity of every plan in the scope with how it stood at the end
 *   of its plan's months (status, percent complete), plus a `none` row per plan.
 * - `Plan mapping`: one row per activity of the earlier plan; the Secretariat picks the
 *   activity of the next plan that carries it on (or `none`) from a dropdown. Title, status,
 *   percent and the change in percent of the mapped activity are formulas on that choice, so
 *   the comparison over time follows the mapping as it is filled. The sheet comes pre-filled
 *   from the stored mapping (`plans/mappings/<from>-<to>.json`, see `npm run plan -- mapping`)
 *   or, where none is stored, with the same code when it keeps the same English title.
 */
import type { Worksheet } from 'exceljs';
import { BODY_FONT, HEADER_FILL, HEADER_FONT, TITLE_FONT } from '../../templates/workbook-style.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { planSpan } from '../reference/catalogue.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { sha256Hex } from '../store/submission-store.ts';
import { matchKey } from '../text/lao-text.ts';
import type { FrontSection } from './front-section.ts';
import { type NationalReport, PROGRESS_FIELDS, standingLine } from './national-report.ts';
import type { PeriodScope } from './period-scope.ts';
import {
  collectWorkbook,
  type NationalWorkbookWriter,
  writeNationalSections,
} from './write-national-workbook.ts';

export const PLAN_MAPPING_SHEET = 'Plan mapping';
export const PLAN_ACTIVITIES_SHEET = 'Plan activities';
/** What the Secretariat picks when an activity has no successor. */
export const NO_SUCCESSOR = 'none';

/** Old activity -> new activity (or null: none) between two consecutive plan versions. */
export interface PlanMapping {
  readonly from: string;
  readonly to: string;
  readonly pairs: Readonly<Record<string, string | null>>;
  /** Hash of the stored mapping (empty when suggested): part of the compile's inputs. */
  readonly sha256: string;
}

export const planMappingKey = (from: string, to: string) => `plans/mappings/${from}-${to}.json`;

interface Segment {
  readonly catalogue: Catalogue;
  readonly input: { readonly scope: { readonly months: readonly string[] } };
}

/** The stored mappings between consecutive plans of the segments (absent ones are skipped). */
export async function loadPlanMappings(
  storage: ObjectStorage,
  segments: readonly Segment[],
): Promise<PlanMapping[]> {
  const mappings: PlanMapping[] = [];
  for (let index = 1; index < segments.length; index++) {
    const from = segments[index - 1]?.catalogue.version as string;
    const to = segments[index]?.catalogue.version as string;
    const bytes = await storage.get(planMappingKey(from, to));
    if (!bytes) continue;
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { pairs?: Record<string, string | null> };
    mappings.push({ from, to, pairs: parsed.pairs ?? {}, sha256: sha256Hex(bytes) });
  }
  return mappings;
}

/** The successor of each activity of `from`: stored, else the same code with the same English title, else unset. */
export function suggestMapping(
  from: Catalogue,
  to: Catalogue,
  stored?: PlanMapping,
): Map<string, string | null | undefined> {
  const result = new Map<string, string | null | undefined>();
  for (const activity of from.plan.activities) {
    if (stored && activity.code in stored.pairs) {
      result.set(activity.code, stored.pairs[activity.code] ?? null);
      continue;
    }
    const same = to.activityByCode.get(activity.code);
    result.set(
      activity.code,
      same && matchKey(same.title.en) === matchKey(activity.title.en) ? same.code : undefined,
    );
  }
  return result;
}

/** Sheet-name suffixes of the sections: ` 2021-25`, ` 2026-30` (a letter added when spans repeat). */
export function sectionSuffixes(catalogues: readonly Catalogue[]): string[] {
  const seen = new Map<string, number>();
  return catalogues.map((catalogue) => {
    const span = planSpan(catalogue);
    const base = ` ${span.startYear}-${String(span.endYear).slice(-2)}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}${String.fromCharCode(97 + count)}` : base;
  });
}

/** A status as people read it: "ກຳລັງດຳເນີນ / In progress". */
function statusLabel(report: NationalReport, code: string | undefined): string {
  if (code === undefined) return 'ບໍ່ໄດ້ລາຍງານ / Not reported';
  const choice = report.choiceLists.status.find((c) => c.code === code);
  return choice ? `${choice.label.lo} / ${choice.label.en}` : code;
}

/** How an activity stood at the end of its plan's months in a report. */
function standingOf(report: NationalReport, catalogue: Catalogue, code: string) {
  const activity = catalogue.activityByCode.get(code);
  const lines = report.activities.lines.filter((l) => l.activityCode === code && l.unitCode !== null);
  const standing = activity ? standingLine(activity, lines) : undefined;
  const status = standing?.values[PROGRESS_FIELDS.status];
  const percent = standing?.values[PROGRESS_FIELDS.percent];
  return {
    status: statusLabel(report, typeof status === 'string' ? status : undefined),
    percent: typeof percent === 'number' ? percent : null,
  };
}

function header(sheet: Worksheet, row: number, labels: readonly [string, string][]): void {
  const cells = sheet.getRow(row);
  labels.forEach(([lo, en], index) => {
    const cell = cells.getCell(index + 1);
    cell.value = `${lo}\n${en}`;
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  cells.height = 32;
  cells.commit();
}

interface LookupRow {
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly percent: number | null;
}

function writePlanActivities(
  workbook: NationalWorkbookWriter,
  segments: readonly Segment[],
  reports: readonly NationalReport[],
): {
  rowsByVersion: Map<string, { first: number; last: number }>;
  lookup: Map<string, LookupRow>;
  lastRow: number;
} {
  const sheet = workbook.addWorksheet(PLAN_ACTIVITIES_SHEET, {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 3 }],
  });
  const widths = [26, 18, 10, 60, 60, 14, 12];
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
    sheet.getColumn(index + 1).font = BODY_FONT;
  });
  sheet.getColumn(1).hidden = true;
  const title = sheet.getRow(1);
  title.getCell(2).value = 'ກິດຈະກຳຂອງແຕ່ລະແຜນ ແລະ ສະຖານະສຸດທ້າຍ / Activities of each plan and where they stood';
  title.getCell(2).font = TITLE_FONT;
  title.commit();
  header(sheet, 2, [
    ['ກະແຈ', 'Key'],
    ['ສະບັບແຜນງານ', 'Plan version'],
    ['ກິດຈະກຳ', 'Activity'],
    ['ຊື່ (ລາວ)', 'Title (Lao)'],
    ['ຊື່ (ອັງກິດ)', 'Title (English)'],
    ['ສະຖານະ', 'Status'],
    ['ສຳເລັດ (%)', 'Percent complete'],
  ]);
  let rowNumber = 3;
  const rowsByVersion = new Map<string, { first: number; last: number }>();
  const lookup = new Map<string, LookupRow>();
  segments.forEach((segment, index) => {
    const report = reports[index] as NationalReport;
    const version = segment.catalogue.version;
    if (rowsByVersion.has(version)) return;
    const first = rowNumber;
    const rows: (LookupRow & { code: string; lo: string; en: string })[] = [
      ...segment.catalogue.plan.activities.map((activity) => ({
        key: `${version}|${activity.code}`,
        code: activity.code,
        lo: activity.title.lo,
        en: activity.title.en,
        title: `${activity.title.lo} / ${activity.title.en}`,
        ...standingOf(report, segment.catalogue, activity.code),
      })),
      {
        key: `${version}|${NO_SUCCESSOR}`,
        code: NO_SUCCESSOR,
        lo: 'ບໍ່ມີ',
        en: 'none',
        title: 'ບໍ່ມີ / none',
        status: '',
        percent: null,
      },
    ];
    for (const row of rows) {
      const cells = sheet.getRow(rowNumber++);
      [row.key, version, row.code, row.lo, row.en, row.status, row.percent].forEach((value, column) => {
        if (value !== null) cells.getCell(column + 1).value = value;
      });
      cells.commit();
      lookup.set(row.key, row);
    }
    rowsByVersion.set(version, { first, last: rowNumber - 1 });
  });
  sheet.commit();
  return { rowsByVersion, lookup, lastRow: rowNumber - 1 };
}

function writeMappingSheet(
  workbook: NationalWorkbookWriter,
  segments: readonly Segment[],
  mappings: readonly PlanMapping[],
  activities: ReturnType<typeof writePlanActivities>,
): void {
  const sheet = workbook.addWorksheet(PLAN_MAPPING_SHEET, {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 3 }],
  });
  const widths = [18, 12, 50, 14, 12, 18, 14, 50, 14, 12, 12];
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
    sheet.getColumn(index + 1).font = BODY_FONT;
  });
  const intro = sheet.getRow(1);
  intro.getCell(1).value =
    'ເລືອກກິດຈະກຳຂອງແຜນໃໝ່ທີ່ສືບຕໍ່ແຕ່ລະກິດຈະກຳເກົ່າ (ຫຼື none) ໃນຖັນ G; ການປຽບທຽບຄິດໄລ່ເອງ. / Pick in column G the new-plan activity that carries each old one on (or none); the comparison follows.';
  intro.getCell(1).font = { ...BODY_FONT, bold: true };
  intro.commit();
  const keys = sheet.getRow(2);
  [
    'from_plan',
    'from_code',
    'from_title',
    'from_status',
    'from_percent',
    'to_plan',
    'to_code',
    'to_title',
    'to_status',
    'to_percent',
    'change_percent',
  ].forEach((key, index) => {
    keys.getCell(index + 1).value = key;
  });
  keys.hidden = true;
  keys.commit();
  header(sheet, 3, [
    ['ແຜນເກົ່າ', 'Earlier plan'],
    ['ກິດຈະກຳເກົ່າ', 'Earlier activity'],
    ['ຊື່', 'Title'],
    ['ສະຖານະ', 'Status'],
    ['ສຳເລັດ (%)', 'Percent'],
    ['ແຜນໃໝ່', 'Next plan'],
    ['ກິດຈະກຳໃໝ່ (ເລືອກ)', 'Next activity (pick)'],
    ['ຊື່', 'Title'],
    ['ສະຖານະ', 'Status'],
    ['ສຳເລັດ (%)', 'Percent'],
    ['ປ່ຽນແປງ (ຈຸດ %)', 'Change (points)'],
  ]);
  const range = `'${PLAN_ACTIVITIES_SHEET}'!$A$3:$G$${Math.max(3, activities.lastRow)}`;
  const validations = (sheet as unknown as { dataValidations: { add(r: string, v: unknown): void } })
    .dataValidations;
  let rowNumber = 4;
  for (let index = 1; index < segments.length; index++) {
    const from = segments[index - 1]?.catalogue as Catalogue;
    const to = segments[index]?.catalogue as Catalogue;
    if (from.version === to.version) continue;
    const stored = mappings.find((m) => m.from === from.version && m.to === to.version);
    const suggested = suggestMapping(from, to, stored);
    const toRows = activities.rowsByVersion.get(to.version);
    const first = rowNumber;
    for (const activity of from.plan.activities) {
      const fromRow = activities.lookup.get(`${from.version}|${activity.code}`);
      const successor = suggested.get(activity.code);
      const chosen = successor === null ? NO_SUCCESSOR : successor;
      const toRow = chosen ? activities.lookup.get(`${to.version}|${chosen}`) : undefined;
      const r = rowNumber;
      const found = (column: number) => `VLOOKUP($F${r}&"|"&$G${r},${range},${column},FALSE)`;
      // An empty looked-up cell reads as 0 in a formula: test it as text so it stays empty.
      const look = (column: number) =>
        `IF($G${r}="","",IFERROR(IF(${found(column)}&""="","",${found(column)}),""))`;
      const fromPercent = fromRow?.percent ?? null;
      const toPercent = toRow?.percent ?? null;
      const cells = sheet.getRow(rowNumber++);
      const values: unknown[] = [
        from.version,
        activity.code,
        `${activity.title.lo} / ${activity.title.en}`,
        fromRow?.status ?? '',
        fromPercent,
        to.version,
        chosen ?? null,
        {
          formula: `IF($G${r}="","",IFERROR(VLOOKUP($F${r}&"|"&$G${r},${range},4,FALSE)&" / "&VLOOKUP($F${r}&"|"&$G${r},${range},5,FALSE),""))`,
          result: toRow ? toRow.title : '',
        },
        { formula: look(6), result: toRow?.status ?? '' },
        { formula: look(7), result: toRow ? (toPercent ?? '') : '' },
        {
          formula: `IF(OR($E${r}="",$J${r}=""),"",$J${r}-$E${r})`,
          result: fromPercent !== null && toPercent !== null ? toPercent - fromPercent : '',
        },
      ];
      values.forEach((value, column) => {
        if (value !== null) cells.getCell(column + 1).value = value as never;
      });
      cells.getCell(7).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFF2' } };
      cells.commit();
    }
    if (toRows && rowNumber > first)
      validations.add(`G${first}:G${rowNumber - 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${PLAN_ACTIVITIES_SHEET}'!$C$${toRows.first}:$C$${toRows.last}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        error: `ເລືອກກິດຈະກຳຂອງແຜນ ${planSpan(to).label} ຫຼື none / Pick an activity of plan ${planSpan(to).label}, or none`,
      });
  }
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: 11 } };
  sheet.commit();
}

/**
 * The workbook of a compile across plans: each plan's section (its sheets suffixed by its
 * span), then `Plan activities` and `Plan mapping`.
 */
export async function writeAcrossPlansWorkbook(
  scope: PeriodScope,
  segments: readonly Segment[],
  reports: readonly NationalReport[],
  mappings: readonly PlanMapping[],
  front?: FrontSection,
): Promise<Uint8Array> {
  const suffixes = sectionSuffixes(segments.map((s) => s.catalogue));
  const sections = segments.map((segment, index) => ({
    report: reports[index] as NationalReport,
    catalogue: segment.catalogue,
    suffix: suffixes[index] ?? '',
  }));
  return collectWorkbook((sink) =>
    writeNationalSections(sections, `National report ${scope.label}`, sink, {
      ...(front ? { front } : {}),
      appendSheets: (workbook) => {
        const activities = writePlanActivities(workbook, segments, reports);
        writeMappingSheet(workbook, segments, mappings, activities);
      },
    }),
  );
}
