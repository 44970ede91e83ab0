/**
 * The one declaration of the monthly report. The generated .xlsx templates, the parser, the
 * zod schemas, the validation rules, the national workbook and the lake schema all read it:
 * a new field is one entry here.
 */
import type { SectionKey } from '../reference/reference-schema.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { Choice, FieldSpec, RowRule, SheetNaming, TableSheetSpec, TemplateSpec } from './field-types.ts';

/**
 * Template versions: what changed in the meaning of the figures.
 * - `1`: budget spent was a running total to date and budget planned the whole activity's
 *   budget; victims were crossed by sex x age x nationality x form with no "unknown"; no
 *   nil marks; assistance had no "persons assisted" row.
 * - `2`: budget spent is this month's spending and budget planned is for the calendar year;
 *   every breakdown has an "unknown / not recorded" value; the cover carries a "nothing to
 *   report this month" mark per section; assistance separates persons assisted from services.
 * Files of every version listed in {@link TEMPLATE_SPECS} are read with their own version's
 * spec, so older uploads keep the meaning they had.
 */
export const CURRENT_TEMPLATE_VERSION = '2';

/**
 * Tab names of the visible sheets: Lao then English, each within Excel's 31 characters. Until
 * bilingual tabs, templates (versions 1 and 2) named them in English only; those names stay
 * readable (`legacySheetNames`), so units' older files and Google Sheets keep working.
 */
export const SHEET_NAMES = {
  cover: { sheetName: 'ໜ້າປົກ Cover', legacySheetNames: ['Cover'] },
  activities: { sheetName: 'ກິດຈະກຳ Activities', legacySheetNames: ['Activities'] },
  cases: { sheetName: 'ຄະດີ Cases', legacySheetNames: ['Cases'] },
  assistance: { sheetName: 'ການຊ່ວຍເຫຼືອ Assistance', legacySheetNames: ['Assistance'] },
  awareness: { sheetName: 'ໂຄສະນາ ຝຶກອົບຮົມ Awareness', legacySheetNames: ['Awareness'] },
  instructions: { sheetName: 'ຄຳແນະນຳ Instructions', legacySheetNames: ['Instructions'] },
  /** The annotated copy's list of issues. */
  issues: { sheetName: 'ບັນຫາ Issues', legacySheetNames: ['Issues'] },
} as const satisfies Record<string, SheetNaming>;

const PERSONS: Bilingual = { lo: 'ຄົນ', en: 'persons' };
const CASES: Bilingual = { lo: 'ຄະດີ', en: 'cases' };
const KIP: Bilingual = { lo: 'ກີບ', en: 'LAK' };

function count(
  key: string,
  label: Bilingual,
  help: Bilingual,
  required = true,
  measure: Bilingual = PERSONS,
): FieldSpec {
  return { key, label, help, type: 'count', required, min: 0, measure, width: 12 };
}

const PICK_PROVINCE: Bilingual = { lo: 'ເລືອກແຂວງຈາກລາຍການ.', en: 'Pick the province from the list.' };

function provinceField(required: boolean, help: Bilingual = PICK_PROVINCE): FieldSpec {
  return {
    key: 'province',
    label: { lo: 'ແຂວງ', en: 'Province' },
    help,
    type: 'choice',
    list: 'province',
    required,
    width: 22,
  };
}

/** One dimension of a disaggregation: its values become part of generated field keys. */
export interface Dimension {
  /** How the dimension is named in messages, e.g. "sex and age". */
  readonly name: Bilingual;
  readonly values: readonly { readonly key: string; readonly label: Bilingual }[];
  /** The "unknown / not recorded" value (template version 2 on). */
  readonly unknown: { readonly key: string; readonly label: Bilingual };
}

const UNKNOWN: Bilingual = { lo: 'ບໍ່ຮູ້ / ບໍ່ໄດ້ບັນທຶກ', en: 'unknown / not recorded' };
const unknownOf = (key: string, what: Bilingual) => ({
  key,
  label: { lo: `${what.lo} ${UNKNOWN.lo}`, en: `${what.en} ${UNKNOWN.en}` },
});

const SEX: Dimension = {
  name: { lo: 'ເພດ', en: 'sex' },
  values: [
    { key: 'female', label: { lo: 'ຍິງ', en: 'female' } },
    { key: 'male', label: { lo: 'ຊາຍ', en: 'male' } },
  ],
  unknown: unknownOf('sex_unknown', { lo: 'ເພດ', en: 'sex' }),
};
const AGE: Dimension = {
  name: { lo: 'ອາຍຸ', en: 'age' },
  values: [
    { key: 'child', label: { lo: 'ເດັກ (ຕ່ຳກວ່າ 18 ປີ)', en: 'child (under 18)' } },
    { key: 'adult', label: { lo: 'ຜູ້ໃຫຍ່', en: 'adult' } },
  ],
  unknown: unknownOf('age_unknown', { lo: 'ອາຍຸ', en: 'age' }),
};
const NATIONALITY: Dimension = {
  name: { lo: 'ສັນຊາດ', en: 'nationality' },
  values: [
    { key: 'lao', label: { lo: 'ສັນຊາດລາວ', en: 'Lao' } },
    { key: 'foreign', label: { lo: 'ຕ່າງປະເທດ', en: 'foreign' } },
  ],
  unknown: unknownOf('nationality_unknown', { lo: 'ສັນຊາດ', en: 'nationality' }),
};
const EXPLOITATION: Dimension = {
  name: { lo: 'ຮູບແບບການຂູດຮີດ', en: 'form of exploitation' },
  values: [
    { key: 'sexual', label: { lo: 'ຂູດຮີດທາງເພດ', en: 'sexual exploitation' } },
    { key: 'forced_labour', label: { lo: 'ບັງຄັບອອກແຮງງານ', en: 'forced labour' } },
    { key: 'forced_marriage', label: { lo: 'ບັງຄັບແຕ່ງງານ', en: 'forced marriage' } },
    {
      key: 'forced_criminality',
      label: { lo: 'ບັງຄັບໃຫ້ກະທຳຜິດ ຫຼື ຫຼອກລວງທາງອອນລາຍ', en: 'forced criminality or online scams' },
    },
    { key: 'other', label: { lo: 'ຮູບແບບອື່ນ', en: 'other forms' } },
  ],
  unknown: unknownOf('form_unknown', { lo: 'ຮູບແບບການຂູດຮີດ', en: 'form' }),
};

/**
 * The victims dimensions of template version 1, crossed in that order into its 40 fields
 * (`victims_<sex>_<age>_<nationality>_<form>`): what reading a version 1 record needs.
 */
export const VERSION_1_VICTIM_DIMENSIONS: readonly Dimension[] = [SEX, AGE, NATIONALITY, EXPLOITATION];

const BREAKDOWN_HELP: Bilingual = {
  lo: 'ຈຳນວນຄົນ (ຕົວເລກຖ້ວນ, 0 ຂຶ້ນໄປ). ປ່ອຍຫວ່າງ ຖ້າບໍ່ມີ. ຖ້າບໍ່ຮູ້ ໃຫ້ໃສ່ຖັນ "ບໍ່ຮູ້ / ບໍ່ໄດ້ບັນທຶກ".',
  en: 'Number of persons (whole number, 0 or more). Leave blank if none. If not known, use the "unknown / not recorded" column.',
};

/**
 * Crosses dimensions into count fields (`victims_female_child`, ...) so that a disaggregation
 * is declared once, and returns the rule that they add up to their total. With `withUnknown`
 * every dimension also takes its "unknown / not recorded" value, so a row whose breakdown is
 * partly unknown still adds up. An empty prefix gives bare keys (`female_child`).
 */
function disaggregate(
  prefix: string,
  prefixLabel: Bilingual,
  dimensions: readonly Dimension[],
  totalKey: string,
  withUnknown: boolean,
): { fields: FieldSpec[]; rule: RowRule } {
  let combos: { key: string; lo: string[]; en: string[]; unknown: boolean }[] = [
    {
      key: prefix,
      lo: prefixLabel.lo ? [prefixLabel.lo] : [],
      en: prefixLabel.en ? [prefixLabel.en] : [],
      unknown: true,
    },
  ];
  for (const dimension of dimensions) {
    const values = withUnknown ? [...dimension.values, dimension.unknown] : dimension.values;
    combos = combos.flatMap((combo) =>
      values.map((value) => ({
        key: combo.key ? `${combo.key}_${value.key}` : value.key,
        lo: [...combo.lo, value.label.lo],
        en: [...combo.en, value.label.en],
        unknown: combo.unknown && value === dimension.unknown,
      })),
    );
  }
  // Headers: one merged group per dimension but the last, the prefix riding on the first.
  const withPrefix = Boolean(prefixLabel.lo);
  const fields = combos.map((combo): FieldSpec => {
    const lo = combo.lo.slice(withPrefix ? 1 : 0);
    const en = combo.en.slice(withPrefix ? 1 : 0);
    const group = lo.slice(0, -1).map((value, i) => ({
      lo: i === 0 && withPrefix ? `${prefixLabel.lo} ${value}` : value,
      en: i === 0 && withPrefix ? `${prefixLabel.en}, ${en[i]}` : (en[i] as string),
    }));
    return {
      ...count(combo.key, { lo: combo.lo.join(', '), en: combo.en.join(', ') }, BREAKDOWN_HELP, false),
      ...(group.length ? { group, shortLabel: { lo: lo.at(-1) as string, en: en.at(-1) as string } } : {}),
    };
  });
  const unknownKey = withUnknown ? combos.find((c) => c.unknown)?.key : undefined;
  const name = {
    lo: dimensions.map((d) => d.name.lo).join(' ແລະ '),
    en: dimensions.map((d) => d.name.en).join(' and '),
  };
  return {
    fields,
    rule: {
      kind: 'sum-equals',
      total: totalKey,
      parts: fields.map((f) => f.key),
      breakdown: name,
      ...(unknownKey ? { unknown: unknownKey } : {}),
    },
  };
}

const CHOICE_LISTS: TemplateSpec['choiceLists'] = {
  status: [
    { code: 'not_started', label: { lo: 'ຍັງບໍ່ທັນເລີ່ມ', en: 'Not started' } },
    { code: 'in_progress', label: { lo: 'ກຳລັງດຳເນີນ', en: 'In progress' } },
    { code: 'completed', label: { lo: 'ສຳເລັດແລ້ວ', en: 'Completed' } },
    { code: 'delayed', label: { lo: 'ຊັກຊ້າ', en: 'Delayed' } },
    { code: 'cancelled', label: { lo: 'ຍົກເລີກ', en: 'Cancelled' } },
  ],
  funding_source: [
    { code: 'government', label: { lo: 'ງົບປະມານລັດ', en: 'Government budget' } },
    { code: 'development_partner', label: { lo: 'ຄູ່ຮ່ວມພັດທະນາ', en: 'Development partner' } },
    { code: 'ngo', label: { lo: 'ອົງການຈັດຕັ້ງທາງສັງຄົມ', en: 'Non-profit organisation' } },
    { code: 'mixed', label: { lo: 'ຫຼາຍແຫຼ່ງທຶນ', en: 'Mixed sources' } },
    { code: 'none', label: { lo: 'ບໍ່ມີທຶນ', en: 'No funding' } },
  ],
  assistance_type: [
    {
      code: 'assisted_persons',
      label: { lo: 'ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ (ນັບຄົນລະເທື່ອດຽວ)', en: 'Persons assisted (each person once)' },
    },
    { code: 'identified', label: { lo: 'ກຳນົດຕົວຜູ້ຖືກເຄາະຮ້າຍ', en: 'Identified as victims' } },
    { code: 'referred', label: { lo: 'ສົ່ງຕໍ່', en: 'Referred to services' } },
    { code: 'sheltered', label: { lo: 'ໃຫ້ທີ່ພັກອາໄສ', en: 'Sheltered' } },
    { code: 'medical', label: { lo: 'ປິ່ນປົວສຸຂະພາບ', en: 'Medical care' } },
    { code: 'legal_aid', label: { lo: 'ຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ', en: 'Legal aid' } },
    { code: 'reintegration', label: { lo: 'ເຊື່ອມໂຍງຄືນສູ່ສັງຄົມ', en: 'Reintegration support' } },
    { code: 'repatriated', label: { lo: 'ສົ່ງກັບຄືນປະເທດ', en: 'Repatriated' } },
  ],
  country: [
    { code: 'TH', label: { lo: 'ໄທ', en: 'Thailand' } },
    { code: 'CN', label: { lo: 'ຈີນ', en: 'China' } },
    { code: 'MY', label: { lo: 'ມາເລເຊຍ', en: 'Malaysia' } },
    { code: 'VN', label: { lo: 'ຫວຽດນາມ', en: 'Viet Nam' } },
    { code: 'KH', label: { lo: 'ກຳປູເຈຍ', en: 'Cambodia' } },
    { code: 'MM', label: { lo: 'ມຽນມາ', en: 'Myanmar' } },
    { code: 'KR', label: { lo: 'ເກົາຫຼີ', en: 'Republic of Korea' } },
    { code: 'JP', label: { lo: 'ຍີ່ປຸ່ນ', en: 'Japan' } },
    { code: 'LA', label: { lo: 'ລາວ', en: 'Lao PDR' } },
    { code: 'OTHER', label: { lo: 'ປະເທດອື່ນ', en: 'Other country' } },
  ],
  audience: [
    { code: 'general_public', label: { lo: 'ປະຊາຊົນທົ່ວໄປ', en: 'General public' } },
    { code: 'students', label: { lo: 'ນັກຮຽນ, ນັກສຶກສາ', en: 'Students' } },
    { code: 'women_children', label: { lo: 'ແມ່ຍິງ ແລະ ເດັກ', en: 'Women and children' } },
    { code: 'migrant_workers', label: { lo: 'ແຮງງານເຄື່ອນຍ້າຍ', en: 'Migrant workers' } },
    { code: 'officials', label: { lo: 'ພະນັກງານລັດ', en: 'Government officials' } },
    { code: 'village_authorities', label: { lo: 'ອຳນາດການປົກຄອງບ້ານ', en: 'Village authorities' } },
    { code: 'other', label: { lo: 'ກຸ່ມອື່ນ', en: 'Other audience' } },
  ],
  nil_mark: [{ code: 'nil', label: { lo: 'ບໍ່ມີຫຍັງລາຍງານເດືອນນີ້', en: 'Nothing to report this month' } }],
  event_type: [
    { code: 'awareness', label: { lo: 'ໂຄສະນາປູກຈິດສຳນຶກ', en: 'Awareness raising' } },
    { code: 'training', label: { lo: 'ຝຶກອົບຮົມ', en: 'Training' } },
    { code: 'workshop', label: { lo: 'ສຳມະນາ', en: 'Workshop' } },
    { code: 'meeting', label: { lo: 'ກອງປະຊຸມ', en: 'Meeting' } },
  ],
} satisfies Record<string, readonly Choice[]>;

/**
 * The cover's "nothing to report this month" mark for a section (version 2 on): an empty
 * section without it is an error, so silence is never mistaken for zero.
 */
function nilMark(section: SectionKey, short: Bilingual): FieldSpec {
  return {
    key: `nil_${section}`,
    label: { lo: `ບໍ່ມີຫຍັງລາຍງານ: ${short.lo}`, en: `Nothing to report: ${short.en}` },
    help: {
      lo: `ເລືອກ ຖ້າເດືອນນີ້ບໍ່ມີ${short.lo}ລາຍງານ.`,
      en: `Pick it if no ${short.en} to report this month.`,
    },
    type: 'choice',
    list: 'nil_mark',
    required: false,
    nilFor: section,
    width: 30,
  };
}

/** Short names of the sections, for the cover's nil marks. */
const SECTION_SHORT_NAMES: Readonly<Record<SectionKey, Bilingual>> = {
  activities: { lo: 'ກິດຈະກຳ', en: 'activities' },
  cases: { lo: 'ຄະດີ', en: 'cases' },
  assistance: { lo: 'ການຊ່ວຍເຫຼືອ', en: 'assistance' },
  awareness: { lo: 'ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', en: 'awareness and training' },
};

const coverFields: FieldSpec[] = [
  {
    key: 'unit_code',
    label: { lo: 'ຫົວໜ່ວຍລາຍງານ', en: 'Reporting unit' },
    help: { lo: 'ເລືອກຫົວໜ່ວຍຂອງທ່ານຈາກລາຍການ.', en: 'Pick your unit from the list.' },
    type: 'choice',
    list: 'unit',
    required: true,
    width: 50,
  },
  {
    key: 'period',
    label: { lo: 'ເດືອນລາຍງານ', en: 'Reporting month' },
    help: { lo: 'ພິມເປັນ ປີ-ເດືອນ, ເຊັ່ນ 2025-06.', en: 'Type as year-month, e.g. 2025-06.' },
    type: 'period',
    required: true,
  },
  {
    key: 'prepared_by',
    label: { lo: 'ຜູ້ສັງລວມລາຍງານ', en: 'Prepared by' },
    help: { lo: 'ຊື່ ແລະ ນາມສະກຸນ.', en: 'Full name.' },
    type: 'text',
    required: true,
    lao: true,
  },
  {
    key: 'position',
    label: { lo: 'ຕຳແໜ່ງ', en: 'Position' },
    help: { lo: 'ຕຳແໜ່ງໜ້າທີ່.', en: 'Job title.' },
    type: 'text',
    required: true,
    lao: true,
  },
  {
    key: 'phone',
    label: { lo: 'ເບີໂທລະສັບ', en: 'Phone' },
    help: { lo: 'ເຊັ່ນ 020 5555 1234.', en: 'e.g. 020 5555 1234.' },
    type: 'phone',
    required: true,
  },
  {
    key: 'email',
    label: { lo: 'ອີເມວ', en: 'Email' },
    help: { lo: 'ເຊັ່ນ name@example.gov.la (ບໍ່ບັງຄັບ).', en: 'e.g. name@example.gov.la (optional).' },
    type: 'email',
    required: false,
  },
  {
    key: 'date_prepared',
    label: { lo: 'ວັນທີສັງລວມ', en: 'Date prepared' },
    help: { lo: 'ວັນ/ເດືອນ/ປີ, ເຊັ່ນ 05/07/2025.', en: 'day/month/year, e.g. 05/07/2025.' },
    type: 'date',
    required: true,
  },
];

const activities = (version: TemplateVersion): TableSheetSpec => ({
  kind: 'table',
  section: 'activities',
  ...SHEET_NAMES.activities,
  title: { lo: 'ຄວາມຄືບໜ້າຂອງກິດຈະກຳ', en: 'Activity progress' },
  description: {
    lo: 'ແຕ່ລະແຖວແມ່ນກິດຈະກຳໜຶ່ງຂອງຫົວໜ່ວຍທ່ານ. ຕື່ມສະຖານະ ແລະ ຕົວເລກຂອງເດືອນນີ້.',
    en: 'Each row is one of your unit’s activities. Fill in this month’s status and figures.',
  },
  prefillActivities: true,
  uniqueBy: 'activity_code',
  maxRows: 300,
  fields: [
    {
      key: 'activity_code',
      label: { lo: 'ລະຫັດກິດຈະກຳ', en: 'Activity code' },
      help: { lo: 'ຕື່ມໃຫ້ແລ້ວ, ຢ່າປ່ຽນ.', en: 'Pre-filled; do not change.' },
      type: 'text',
      code: true,
      required: true,
      prefill: 'activity.code',
      width: 11,
    },
    {
      key: 'activity_title_lo',
      label: { lo: 'ກິດຈະກຳ', en: 'Activity (Lao)' },
      help: { lo: 'ຕື່ມໃຫ້ແລ້ວ.', en: 'Pre-filled.' },
      type: 'text',
      required: false,
      prefill: 'activity.title.lo',
      displayOnly: true,
      width: 40,
    },
    {
      key: 'activity_title_en',
      label: { lo: 'ກິດຈະກຳ (ອັງກິດ)', en: 'Activity' },
      help: { lo: 'ຕື່ມໃຫ້ແລ້ວ.', en: 'Pre-filled.' },
      type: 'text',
      required: false,
      prefill: 'activity.title.en',
      displayOnly: true,
      width: 40,
    },
    {
      key: 'status',
      label: { lo: 'ສະຖານະ', en: 'Status' },
      help: { lo: 'ເລືອກຈາກລາຍການ.', en: 'Pick from the list.' },
      type: 'choice',
      list: 'status',
      required: true,
      width: 24,
      carryOver: true,
    },
    {
      key: 'percent_complete',
      label: { lo: 'ສຳເລັດ (%)', en: 'Percent complete' },
      help: { lo: 'ຕົວເລກ 0 ຫາ 100, ບໍ່ຕ້ອງໃສ່ເຄື່ອງໝາຍ %.', en: 'A number from 0 to 100, without the % sign.' },
      type: 'percent',
      required: true,
      min: 0,
      max: 100,
      measure: { lo: '%', en: '%' },
      width: 12,
      carryOver: true,
    },
    version === '1'
      ? {
          key: 'budget_planned_lak',
          label: { lo: 'ງົບປະມານຕາມແຜນ', en: 'Budget planned' },
          help: { lo: 'ເປັນກີບ, ຕົວເລກຖ້ວນ.', en: 'In kip, whole number.' },
          type: 'money',
          required: false,
          min: 0,
          measure: KIP,
          span: 'activity',
          width: 16,
          carryOver: true,
        }
      : {
          key: 'budget_planned_lak',
          label: { lo: 'ງົບປະມານຕາມແຜນ ປີນີ້', en: 'Budget planned for this year' },
          help: {
            lo: 'ງົບປະມານຂອງກິດຈະກຳນີ້ ສຳລັບປີນີ້ທັງປີ, ເປັນກີບ. ຕົວເລກດຽວກັນທຸກເດືອນ ເວັ້ນເສຍແຕ່ແຜນປ່ຽນ.',
            en: 'This activity’s budget for the whole calendar year, in kip. The same figure every month unless the plan changes.',
          },
          type: 'money',
          required: false,
          min: 0,
          measure: KIP,
          span: 'year',
          width: 16,
          carryOver: true,
        },
    version === '1'
      ? {
          key: 'budget_spent_lak',
          label: { lo: 'ງົບປະມານທີ່ໃຊ້ຈ່າຍ', en: 'Budget spent' },
          help: { lo: 'ເປັນກີບ, ຕົວເລກຖ້ວນ.', en: 'In kip, whole number.' },
          type: 'money',
          required: false,
          min: 0,
          measure: KIP,
          span: 'to_date',
          width: 16,
        }
      : {
          key: 'budget_spent_lak',
          label: { lo: 'ງົບປະມານທີ່ໃຊ້ຈ່າຍ ເດືອນນີ້', en: 'Budget spent this month' },
          help: {
            lo: 'ສະເພາະທີ່ໃຊ້ຈ່າຍໃນເດືອນນີ້ (ບໍ່ແມ່ນຍອດສະສົມ), ເປັນກີບ.',
            en: 'Spent during this month only (not the running total), in kip.',
          },
          type: 'money',
          required: false,
          min: 0,
          measure: KIP,
          span: 'month',
          width: 16,
        },
    {
      key: 'funding_source',
      label: { lo: 'ແຫຼ່ງທຶນ', en: 'Funding source' },
      help: { lo: 'ເລືອກຈາກລາຍການ.', en: 'Pick from the list.' },
      type: 'choice',
      list: 'funding_source',
      required: false,
      width: 22,
    },
    {
      key: 'outputs',
      label: { lo: 'ຜົນໄດ້ຮັບໃນເດືອນນີ້', en: 'Outputs this period' },
      help: { lo: 'ສິ່ງທີ່ເຮັດສຳເລັດໃນເດືອນນີ້.', en: 'What was delivered this month.' },
      type: 'text',
      required: false,
      lao: true,
      width: 36,
      carryOver: true,
    },
    count(
      'people_reached_female',
      { lo: 'ຜູ້ໄດ້ຮັບຜົນ ຍິງ', en: 'People reached, female' },
      {
        lo: 'ຈຳນວນຍິງທີ່ໄດ້ຮັບຜົນ.',
        en: 'Number of women and girls reached.',
      },
      false,
    ),
    count(
      'people_reached_male',
      { lo: 'ຜູ້ໄດ້ຮັບຜົນ ຊາຍ', en: 'People reached, male' },
      {
        lo: 'ຈຳນວນຊາຍທີ່ໄດ້ຮັບຜົນ.',
        en: 'Number of men and boys reached.',
      },
      false,
    ),
    {
      key: 'challenges',
      label: { lo: 'ຂໍ້ຫຍຸ້ງຍາກ', en: 'Challenges' },
      help: { lo: 'ບັນຫາທີ່ພົບ.', en: 'Problems met.' },
      type: 'text',
      required: false,
      lao: true,
      width: 30,
    },
    {
      key: 'next_steps',
      label: { lo: 'ແຜນຕໍ່ໄປ', en: 'Next steps' },
      help: { lo: 'ສິ່ງທີ່ຈະເຮັດເດືອນໜ້າ.', en: 'What comes next month.' },
      type: 'text',
      required: false,
      lao: true,
      width: 30,
    },
  ],
  rules: [
    { kind: 'status-percent', status: 'status', percent: 'percent_complete' },
    { kind: 'not-above', field: 'budget_spent_lak', limit: 'budget_planned_lak', severity: 'warning' },
  ],
});

const VICTIMS: Bilingual = { lo: 'ຜູ້ຖືກເຄາະຮ້າຍ', en: 'Victims' };

/**
 * Victims by breakdown. Version 1 crossed all four dimensions (40 columns, no unknown);
 * version 2 crosses sex x age and gives nationality and form of exploitation on their own,
 * each with an "unknown / not recorded" column, so a partly known breakdown still adds up.
 */
function victimBreakdowns(version: TemplateVersion): { fields: FieldSpec[]; rules: RowRule[] } {
  const groups =
    version === '1'
      ? [disaggregate('victims', VICTIMS, [SEX, AGE, NATIONALITY, EXPLOITATION], 'victims_total', false)]
      : [
          disaggregate('victims', VICTIMS, [SEX, AGE], 'victims_total', true),
          disaggregate('victims', VICTIMS, [NATIONALITY], 'victims_total', true),
          disaggregate('victims', VICTIMS, [EXPLOITATION], 'victims_total', true),
        ];
  return { fields: groups.flatMap((g) => g.fields), rules: groups.map((g) => g.rule) };
}

const cases = (version: TemplateVersion): TableSheetSpec => {
  const victims = victimBreakdowns(version);
  return {
    kind: 'table',
    section: 'cases',
    ...SHEET_NAMES.cases,
    title: { lo: 'ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ', en: 'Case statistics by province' },
    description: {
      lo:
        version === '1'
          ? 'ແຖວລະແຂວງ. ຜູ້ຖືກເຄາະຮ້າຍແຍກຕາມເພດ, ອາຍຸ, ສັນຊາດ ແລະ ຮູບແບບການຂູດຮີດ ຕ້ອງລວມກັນເທົ່າກັບຍອດລວມ.'
          : 'ແຖວລະແຂວງ. ຜູ້ຖືກເຄາະຮ້າຍແຍກຕາມ ເພດ ແລະ ອາຍຸ, ຕາມສັນຊາດ, ແລະ ຕາມຮູບແບບການຂູດຮີດ: ແຕ່ລະກຸ່ມຕ້ອງລວມເທົ່າກັບຍອດລວມ. ສ່ວນທີ່ບໍ່ຮູ້ ໃຫ້ໃສ່ຖັນ "ບໍ່ຮູ້ / ບໍ່ໄດ້ບັນທຶກ".',
      en:
        version === '1'
          ? 'One row per province. Victims by sex, age, nationality and form of exploitation must add up to the total.'
          : 'One row per province. Victims by sex and age, by nationality and by form of exploitation: each breakdown adds up to the total. Put what is not known in its "unknown / not recorded" column.',
    },
    uniqueBy: 'province',
    maxRows: 200,
    fields: [
      provinceField(true),
      count(
        'cases_detected',
        { lo: 'ຄະດີທີ່ກວດພົບ', en: 'Cases detected' },
        { lo: 'ຈຳນວນຄະດີ.', en: 'Number of cases.' },
        true,
        CASES,
      ),
      count(
        'cases_investigated',
        { lo: 'ຄະດີທີ່ສືບສວນ', en: 'Cases investigated' },
        {
          lo: 'ຈຳນວນຄະດີ.',
          en: 'Number of cases.',
        },
        true,
        CASES,
      ),
      count(
        'cases_prosecuted',
        { lo: 'ຄະດີທີ່ຟ້ອງຮ້ອງ', en: 'Cases prosecuted' },
        {
          lo: 'ຈຳນວນຄະດີ.',
          en: 'Number of cases.',
        },
        true,
        CASES,
      ),
      count(
        'cases_convicted',
        { lo: 'ຄະດີທີ່ຕັດສິນລົງໂທດ', en: 'Cases convicted' },
        {
          lo: 'ຈຳນວນຄະດີ.',
          en: 'Number of cases.',
        },
        true,
        CASES,
      ),
      count(
        'suspects_female',
        { lo: 'ຜູ້ຕ້ອງສົງໄສ ຍິງ', en: 'Suspects, female' },
        { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' },
      ),
      count(
        'suspects_male',
        { lo: 'ຜູ້ຕ້ອງສົງໄສ ຊາຍ', en: 'Suspects, male' },
        { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' },
      ),
      count(
        'offenders_female',
        { lo: 'ຜູ້ກະທຳຜິດ ຍິງ', en: 'Offenders convicted, female' },
        {
          lo: 'ຈຳນວນຄົນ.',
          en: 'Persons.',
        },
      ),
      count(
        'offenders_male',
        { lo: 'ຜູ້ກະທຳຜິດ ຊາຍ', en: 'Offenders convicted, male' },
        {
          lo: 'ຈຳນວນຄົນ.',
          en: 'Persons.',
        },
      ),
      count(
        'victims_total',
        { lo: 'ຜູ້ຖືກເຄາະຮ້າຍ ລວມ', en: 'Victims, total' },
        {
          lo: 'ຍອດລວມ ເທົ່າກັບຜົນບວກຂອງຖັນແຍກລຸ່ມນີ້.',
          en: 'Total; must equal the sum of the breakdown columns.',
        },
      ),
      ...victims.fields,
    ],
    rules: [
      ...victims.rules,
      { kind: 'not-above', field: 'cases_convicted', limit: 'cases_detected', severity: 'warning' },
    ],
  };
};

const assistance = (version: TemplateVersion): TableSheetSpec => {
  const persons = disaggregate('', { lo: '', en: '' }, [SEX, AGE], 'persons_total', version !== '1');
  return {
    kind: 'table',
    section: 'assistance',
    ...SHEET_NAMES.assistance,
    title: { lo: 'ການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ', en: 'Victim protection and assistance' },
    description: {
      lo: 'ແຖວ "ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ" ນັບແຕ່ລະຄົນເທື່ອດຽວ; ແຖວອື່ນແມ່ນການບໍລິການ: ແຖວລະປະເພດ (ແລະ ປະເທດ ສຳລັບການສົ່ງກັບຄືນ), ຄົນດຽວອາດຢູ່ຫຼາຍແຖວ. ເພດ/ອາຍຸ ຕ້ອງລວມເທົ່າກັບຍອດລວມ.',
      en: 'The "Persons assisted" row counts each person once; the other rows are services, one row per kind (and country, for repatriation), and one person may appear in several. Sex/age must add up to the total.',
    },
    maxRows: 500,
    fields: [
      {
        key: 'assistance_type',
        label: { lo: 'ປະເພດການຊ່ວຍເຫຼືອ', en: 'Assistance' },
        help: { lo: 'ເລືອກຈາກລາຍການ.', en: 'Pick from the list.' },
        type: 'choice',
        list: 'assistance_type',
        required: true,
        width: 28,
      },
      {
        key: 'country_of_return',
        label: { lo: 'ປະເທດທີ່ສົ່ງກັບ', en: 'Country of return' },
        help: { lo: 'ຕ້ອງມີ ສຳລັບ "ສົ່ງກັບຄືນປະເທດ".', en: 'Required for "Repatriated".' },
        type: 'choice',
        list: 'country',
        required: false,
        width: 20,
      },
      provinceField(false, { lo: 'ແຂວງທີ່ໃຫ້ການຊ່ວຍເຫຼືອ (ບໍ່ບັງຄັບ).', en: 'Province where assisted (optional).' }),
      ...persons.fields,
      count(
        'persons_total',
        { lo: 'ລວມ', en: 'Total persons' },
        {
          lo: 'ຍອດລວມ ເທົ່າກັບຜົນບວກຂອງຖັນແຍກ.',
          en: 'Total; must equal the breakdown columns before it.',
        },
      ),
    ],
    ...(version === '1' ? {} : { personsRow: { field: 'assistance_type', code: 'assisted_persons' } }),
    rules: [
      persons.rule,
      {
        kind: 'required-when',
        field: 'country_of_return',
        when: { field: 'assistance_type', equals: 'repatriated' },
      },
    ],
  };
};

const awareness: TableSheetSpec = {
  kind: 'table',
  section: 'awareness',
  ...SHEET_NAMES.awareness,
  title: { lo: 'ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', en: 'Awareness raising and training events' },
  description: { lo: 'ແຖວລະກິດຈະກຳ.', en: 'One row per event.' },
  maxRows: 10_000,
  fields: [
    {
      key: 'event_date',
      label: { lo: 'ວັນທີ', en: 'Date' },
      help: { lo: 'ວັນ/ເດືອນ/ປີ ໃນເດືອນລາຍງານ.', en: 'day/month/year within the reporting month.' },
      type: 'date',
      required: true,
      width: 12,
    },
    provinceField(true),
    {
      key: 'event_type',
      label: { lo: 'ປະເພດ', en: 'Type' },
      help: { lo: 'ເລືອກຈາກລາຍການ.', en: 'Pick from the list.' },
      type: 'choice',
      list: 'event_type',
      required: true,
      width: 22,
    },
    {
      key: 'topic',
      label: { lo: 'ຫົວຂໍ້', en: 'Topic' },
      help: { lo: 'ຫົວຂໍ້ຂອງກິດຈະກຳ.', en: 'What the event was about.' },
      type: 'text',
      required: true,
      lao: true,
      width: 36,
    },
    {
      key: 'audience',
      label: { lo: 'ກຸ່ມເປົ້າໝາຍ', en: 'Audience' },
      help: { lo: 'ເລືອກຈາກລາຍການ.', en: 'Pick from the list.' },
      type: 'choice',
      list: 'audience',
      required: true,
      width: 24,
    },
    count(
      'participants_female',
      { lo: 'ຜູ້ເຂົ້າຮ່ວມ ຍິງ', en: 'Participants, female' },
      {
        lo: 'ຈຳນວນຄົນ.',
        en: 'Persons.',
      },
    ),
    count(
      'participants_male',
      { lo: 'ຜູ້ເຂົ້າຮ່ວມ ຊາຍ', en: 'Participants, male' },
      { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' },
    ),
  ],
  rules: [{ kind: 'date-in-period', field: 'event_date' }],
};

/** A template version this code reads. */
export type TemplateVersion = '1' | '2';

/** The monthly report template as it was at a version (see {@link CURRENT_TEMPLATE_VERSION}). */
function buildTemplateSpec(version: TemplateVersion): TemplateSpec {
  const tables = [activities(version), cases(version), assistance(version), awareness];
  const nilMarks =
    version === '1' ? [] : tables.map((t) => nilMark(t.section, SECTION_SHORT_NAMES[t.section]));
  return {
    templateId: 'laingan-monthly-report',
    templateVersion: version,
    cover: {
      kind: 'form',
      ...SHEET_NAMES.cover,
      title: { lo: 'ໜ້າປົກ: ບົດລາຍງານປະຈຳເດືອນ', en: 'Cover: monthly report' },
      fields: [...coverFields, ...nilMarks],
    },
    tables,
    choiceLists: CHOICE_LISTS,
  };
}

/** Every template version still read, by version: an upload is read with its own version's spec. */
export const TEMPLATE_SPECS: Readonly<Record<TemplateVersion, TemplateSpec>> = {
  '1': buildTemplateSpec('1'),
  '2': buildTemplateSpec('2'),
};

/** The current monthly report template: what templates are generated from. */
export const TEMPLATE_SPEC: TemplateSpec = TEMPLATE_SPECS[CURRENT_TEMPLATE_VERSION];

/**
 * The spec a file or stored record of a version was made with: `preferred` when it is that
 * version (a caller's own spec), else the registered one; undefined for unknown versions.
 */
export function specForVersion(
  version: string,
  preferred: TemplateSpec = TEMPLATE_SPEC,
): TemplateSpec | undefined {
  if (version === preferred.templateVersion) return preferred;
  return Object.hasOwn(TEMPLATE_SPECS, version) ? TEMPLATE_SPECS[version as TemplateVersion] : undefined;
}

/** Sheet names reserved by the machine-readable contract. */
export const META_SHEET = '_meta';
export const LISTS_SHEET = '_lists';
export const INSTRUCTIONS_SHEET: SheetNaming = SHEET_NAMES.instructions;
/** The sheet an annotated copy adds, listing every issue. */
export const ISSUES_SHEET: SheetNaming = SHEET_NAMES.issues;
/** Keys of the `_meta` sheet, as key/value rows in columns A and B. */
export const META_KEYS = ['template_id', 'template_version', 'unit_code', 'period'] as const;
/** `_meta` key of the plan version a template was made on (templates made before it lack it). */
export const PLAN_VERSION_META_KEY = 'plan_version';
/** Row of the hidden field keys, of the visible header, and the first data row, on table sheets. */
export const KEY_ROW = 1;
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;
/** Columns of the cover: hidden key, visible label, input. */
export const COVER_KEY_COLUMN = 1;
export const COVER_LABEL_COLUMN = 2;
export const COVER_INPUT_COLUMN = 3;
/** First cover row holding a field (rows above hold the title). */
export const COVER_FIRST_FIELD_ROW = 3;
