/**
 * What a unit's template says and enforces, whatever it is written as: the instruction lines,
 * header texts, where the dropdown lists sit, each field's number format and the bounds of its
 * typing rule. The .xlsx writer and the Google Sheets request builder both read this, so the
 * two templates cannot drift apart.
 */
import { columnLetters } from '../shared/grid/cell-grid.ts';
import type { FieldValue } from '../shared/parse/coerce-cell.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import type { Unit } from '../shared/reference/reference-schema.ts';
import { resolveChoices } from '../shared/spec/choices.ts';
import type { ChoiceListKey, FieldSpec, TableSheetSpec, TemplateSpec } from '../shared/spec/field-types.ts';
import { LISTS_SHEET, PLAN_VERSION_META_KEY } from '../shared/spec/template-spec.ts';
import { NUMBER_FORMATS } from './workbook-style.ts';

/** Values carried into a new template from the unit's last accepted report. */
export interface CarriedOver {
  /** The month they come from. */
  readonly period: string;
  /** Values by activity code, then field key (only fields the spec marks `carryOver`). */
  readonly byActivity: ReadonlyMap<string, Readonly<Record<string, FieldValue>>>;
}

/** What a template is generated for. */
export interface TemplateRequest {
  readonly unit: Unit;
  readonly period: string;
  /** Prefill from last month (see templates/from-last.ts; .xlsx templates). */
  readonly carriedOver?: CarriedOver;
}

/** Dates a date cell accepts while typing (the validator checks the month itself). */
export const FIRST_VALID_DATE = { year: 2021, month: 1, day: 1 } as const;
export const LAST_VALID_DATE = { year: 2030, month: 12, day: 31 } as const;
/** Longest free text a cell accepts while typing. */
export const MAX_TEXT_LENGTH = 2000;
/** Length of a `YYYY-MM` period. */
export const PERIOD_LENGTH = 7;

/** Bilingual error texts of the typing rules, by field type. */
export const RULE_ERRORS = {
  choice: { lo: 'ກະລຸນາເລືອກຈາກລາຍການ.', en: 'Pick a value from the list.' },
  whole: { lo: 'ກະລຸນາພິມຕົວເລກຖ້ວນ 0 ຂຶ້ນໄປ.', en: 'Type a whole number, 0 or more.' },
  percent: { lo: 'ກະລຸນາພິມຕົວເລກ 0 ຫາ 100.', en: 'Type a number from 0 to 100.' },
  date: { lo: 'ກະລຸນາພິມວັນທີ ວັນ/ເດືອນ/ປີ.', en: 'Type a date as day/month/year.' },
  period: { lo: 'ກະລຸນາພິມ ປີ-ເດືອນ ເຊັ່ນ 2025-06.', en: 'Type year-month, e.g. 2025-06.' },
  text: { lo: 'ຂໍ້ຄວາມຍາວເກີນ 2000 ຕົວອັກສອນ.', en: 'Text longer than 2000 characters.' },
} as const;

/** Every dropdown list of the template, in the column order of the hidden `_lists` sheet. */
export function listKeys(spec: TemplateSpec): ChoiceListKey[] {
  return [...(Object.keys(spec.choiceLists) as ChoiceListKey[]), 'province', 'unit'];
}

/** Where one list's labels sit on `_lists`: its 1-based column and last row (labels from row 2). */
export interface ListPlacement {
  readonly column: number;
  readonly lastRow: number;
}

/** Placement of each list on `_lists`: one column per list, labels from row 2. */
export function listPlacements(spec: TemplateSpec, catalogue: Catalogue): Map<ChoiceListKey, ListPlacement> {
  const placements = new Map<ChoiceListKey, ListPlacement>();
  listKeys(spec).forEach((key, index) => {
    placements.set(key, { column: index + 1, lastRow: resolveChoices(spec, catalogue, key).length + 1 });
  });
  return placements;
}

/** An absolute reference to a list's labels, e.g. `'_lists'!$A$2:$A$6`. */
export function listReference(placement: ListPlacement): string {
  const letters = columnLetters(placement.column);
  return `'${LISTS_SHEET}'!$${letters}$2:$${letters}$${placement.lastRow}`;
}

/**
 * The visible header of a table column: Lao, then English, each with its measure. Under
 * group headers it is the column's short label (the groups name the other dimensions).
 */
export function headerText(field: FieldSpec, grouped = true): string {
  const label = grouped ? (field.shortLabel ?? field.label) : field.label;
  const measure = field.measure;
  return measure ? `${label.lo} (${measure.lo})\n${label.en} (${measure.en})` : `${label.lo}\n${label.en}`;
}

/** The label of a cover row; required fields carry a star. */
export function coverLabelText(field: FieldSpec): string {
  return `${field.label.lo}\n${field.label.en}${field.required ? ' *' : ''}`;
}

/** Excel-style number format code of a field's input cells, if it has one. */
export function numberFormatFor(field: FieldSpec): string | undefined {
  if (field.type === 'count' || field.type === 'money' || field.type === 'percent' || field.type === 'date')
    return NUMBER_FORMATS[field.type];
  if (field.type === 'period' || field.type === 'phone') return NUMBER_FORMATS.text;
  return undefined;
}

/** Where the person fills the template in. */
export type TemplateMedium = 'xlsx' | 'google-sheets';

/** The Instructions sheet, line by line (Lao, English); line 0 is the title, line 4 a heading. */
export function instructionLines(
  spec: TemplateSpec,
  request: TemplateRequest,
  sheets: readonly TableSheetSpec[],
  medium: TemplateMedium = 'xlsx',
): [string, string][] {
  const finish: [string, string] =
    medium === 'xlsx'
      ? [
          'ບັນທຶກເປັນ .xlsx ແລ້ວອັບໂຫຼດ. LibreOffice: ໄຟລ໌ > ບັນທຶກເປັນ > "Excel 2007-365 (.xlsx)".',
          'Save as .xlsx and upload it. LibreOffice: File > Save As > "Excel 2007-365 (.xlsx)".',
        ]
      : [
          'ບໍ່ຕ້ອງສົ່ງໄຟລ໌: ກອງເລຂາຈະດຶງຂໍ້ມູນຈາກ Google Sheet ນີ້ເອງ ທຸກເດືອນ.',
          'No file to send: the Secretariat pulls this Google Sheet itself every month.',
        ];
  return [
    [
      'ບົດລາຍງານປະຈຳເດືອນ: ແຜນງານແຫ່ງຊາດວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ໄລຍະ III',
      'Monthly report: National Plan of Action against Trafficking in Persons, Phase III',
    ],
    [
      `ຫົວໜ່ວຍ: ${request.unit.name.lo} (${request.unit.code})`,
      `Unit: ${request.unit.name.en} (${request.unit.code})`,
    ],
    [`ເດືອນລາຍງານ: ${request.period}`, `Reporting month: ${request.period}`],
    ['', ''],
    ['ວິທີຕື່ມ', 'How to fill in'],
    [
      `1. ຕື່ມແຜ່ນງານ "${spec.cover.sheetName}": ຜູ້ສັງລວມ, ຕຳແໜ່ງ, ເບີໂທ ແລະ ວັນທີ.`,
      `1. Fill in sheet "${spec.cover.sheetName}": who prepared it, position, phone and date.`,
    ],
    ...sheets.map((table, index): [string, string] => [
      `${index + 2}. ແຜ່ນງານ "${table.sheetName}": ${table.title.lo}. ${table.description.lo}`,
      `${index + 2}. Sheet "${table.sheetName}": ${table.title.en}. ${table.description.en}`,
    ]),
    [
      'ຕື່ມສະເພາະຫ້ອງສີເຫຼືອງ. ຫ້ອງສີເທົາ ແລະ ຫົວຕາຕະລາງຖືກລັອກໄວ້.',
      'Type only in the yellow cells. Grey cells and the headers are locked.',
    ],
    ...(request.carriedOver
      ? [
          [
            `ຫ້ອງທີ່ເປັນຕົວອຽງ ພື້ນສີຟ້າ ແມ່ນຄ່າທີ່ຍົກມາຈາກບົດລາຍງານທີ່ຮັບແລ້ວຂອງເດືອນ ${request.carriedOver.period}. ກະລຸນາກວດ ແລະ ແກ້ໃຫ້ເປັນຂອງເດືອນນີ້; ເມື່ອປ່ຽນແລ້ວ ຫ້ອງຈະກັບເປັນສີເຫຼືອງ.`,
            `Cells in italics on a blue background were carried over from your accepted report for ${request.carriedOver.period}. Check and update each one for this month; once changed, a cell turns yellow again.`,
          ] as [string, string],
        ]
      : []),
    [
      'ຕົວເລກ: ພິມແຕ່ຕົວເລກ (ຕົວເລກລາວ ຫຼື ອາຣັບກໍໄດ້), ບໍ່ຕ້ອງໃສ່ຫົວໜ່ວຍ.',
      'Numbers: type digits only (Lao or Arabic digits), without units.',
    ],
    ['ວັນທີ: ວັນ/ເດືອນ/ປີ, ເຊັ່ນ 28/07/2025.', 'Dates: day/month/year, e.g. 28/07/2025.'],
    [
      'ຢ່າລຶບ, ປ່ຽນຊື່ ຫຼື ຍ້າຍແຜ່ນງານ, ຢ່າເພີ່ມແຖວໃນແຜ່ນງານກິດຈະກຳ ແລະ ຢ່າແກ້ໄຂແຖວ/ຖັນທີ່ເຊື່ອງໄວ້.',
      'Do not delete, rename or reorder sheets, do not add rows to the activity sheet, and do not edit hidden rows or columns.',
    ],
    finish,
    ['', ''],
    [
      `ແບບຟອມ ${spec.templateId} ສະບັບ ${spec.templateVersion}`,
      `Template ${spec.templateId} version ${spec.templateVersion}`,
    ],
  ];
}

/** The `_meta` sheet's key/value rows. */
export function metaRows(
  spec: TemplateSpec,
  request: TemplateRequest,
  planVersion?: string,
): [string, string][] {
  return [
    ['template_id', spec.templateId],
    ['template_version', spec.templateVersion],
    ['unit_code', request.unit.code],
    ['period', request.period],
    // The plan the template was made on: its upload is parsed and compiled against it.
    ...(planVersion ? [[PLAN_VERSION_META_KEY, planVersion] as [string, string]] : []),
  ];
}

/** The tables a unit fills, in spec order. */
export function tablesOf(spec: TemplateSpec, unit: Unit): TableSheetSpec[] {
  return spec.tables.filter((table) => unit.sections.includes(table.section));
}

/** The text of a pre-filled activity cell. */
export function prefillText(
  field: FieldSpec,
  activity: { code: string; title: { lo: string; en: string } },
): string | undefined {
  if (field.prefill === 'activity.code') return activity.code;
  if (field.prefill === 'activity.title.lo') return activity.title.lo;
  if (field.prefill === 'activity.title.en') return activity.title.en;
  return undefined;
}
