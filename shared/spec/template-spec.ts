/**
 * The one declaration of the monthly report. The generated .xlsx templates, the parser, the
 * zod schemas, the validation rules, the national workbook and the lake schema all read it:
 * a new field is one entry here.
 */
import type { Bilingual } from '../text/bilingual.ts';
import type {
  Choice,
  FieldSpec,
  FormSheetSpec,
  RowRule,
  TableSheetSpec,
  TemplateSpec,
} from './field-types.ts';

const PERSONS: Bilingual = { lo: 'ຄົນ', en: 'persons' };
const KIP: Bilingual = { lo: 'ກີບ', en: 'LAK' };

function count(key: string, label: Bilingual, help: Bilingual, required = true): FieldSpec {
  return { key, label, help, type: 'count', required, min: 0, measure: PERSONS, width: 12 };
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
interface Dimension {
  readonly values: readonly { readonly key: string; readonly label: Bilingual }[];
}

const SEX: Dimension = {
  values: [
    { key: 'female', label: { lo: 'ຍິງ', en: 'female' } },
    { key: 'male', label: { lo: 'ຊາຍ', en: 'male' } },
  ],
};
const AGE: Dimension = {
  values: [
    { key: 'child', label: { lo: 'ເດັກ (ຕ່ຳກວ່າ 18 ປີ)', en: 'child (under 18)' } },
    { key: 'adult', label: { lo: 'ຜູ້ໃຫຍ່', en: 'adult' } },
  ],
};
const NATIONALITY: Dimension = {
  values: [
    { key: 'lao', label: { lo: 'ສັນຊາດລາວ', en: 'Lao' } },
    { key: 'foreign', label: { lo: 'ຕ່າງປະເທດ', en: 'foreign' } },
  ],
};
const EXPLOITATION: Dimension = {
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
};

/**
 * Crosses dimensions into count fields (`victims_female_child_lao_sexual`, ...) so that a
 * disaggregation is declared once, and returns the rule that they add up to their total.
 */
function disaggregate(
  prefix: string,
  prefixLabel: Bilingual,
  dimensions: readonly Dimension[],
  totalKey: string,
): { fields: FieldSpec[]; rule: RowRule } {
  let combos: { key: string; lo: string[]; en: string[] }[] = [
    { key: prefix, lo: [prefixLabel.lo], en: [prefixLabel.en] },
  ];
  for (const dimension of dimensions) {
    combos = combos.flatMap((combo) =>
      dimension.values.map((value) => ({
        key: `${combo.key}_${value.key}`,
        lo: [...combo.lo, value.label.lo],
        en: [...combo.en, value.label.en],
      })),
    );
  }
  const fields = combos.map((combo) =>
    count(
      combo.key,
      { lo: combo.lo.join(', '), en: combo.en.join(', ') },
      {
        lo: 'ຈຳນວນຄົນ (ຕົວເລກຖ້ວນ, 0 ຂຶ້ນໄປ). ປ່ອຍຫວ່າງ ຖ້າບໍ່ມີ.',
        en: 'Number of persons (whole number, 0 or more). Leave blank if none.',
      },
      false,
    ),
  );
  return { fields, rule: { kind: 'sum-equals', total: totalKey, parts: fields.map((f) => f.key) } };
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
  event_type: [
    { code: 'awareness', label: { lo: 'ໂຄສະນາປູກຈິດສຳນຶກ', en: 'Awareness raising' } },
    { code: 'training', label: { lo: 'ຝຶກອົບຮົມ', en: 'Training' } },
    { code: 'workshop', label: { lo: 'ສຳມະນາ', en: 'Workshop' } },
    { code: 'meeting', label: { lo: 'ກອງປະຊຸມ', en: 'Meeting' } },
  ],
} satisfies Record<string, readonly Choice[]>;

const cover: FormSheetSpec = {
  kind: 'form',
  sheetName: 'Cover',
  title: { lo: 'ໜ້າປົກ: ບົດລາຍງານປະຈຳເດືອນ', en: 'Cover: monthly report' },
  fields: [
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
  ],
};

const activities: TableSheetSpec = {
  kind: 'table',
  section: 'activities',
  sheetName: 'Activities',
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
    },
    {
      key: 'budget_planned_lak',
      label: { lo: 'ງົບປະມານຕາມແຜນ', en: 'Budget planned' },
      help: { lo: 'ເປັນກີບ, ຕົວເລກຖ້ວນ.', en: 'In kip, whole number.' },
      type: 'money',
      required: false,
      min: 0,
      measure: KIP,
      rollup: 'latest',
      width: 16,
    },
    {
      key: 'budget_spent_lak',
      label: { lo: 'ງົບປະມານທີ່ໃຊ້ຈ່າຍ', en: 'Budget spent' },
      help: { lo: 'ເປັນກີບ, ຕົວເລກຖ້ວນ.', en: 'In kip, whole number.' },
      type: 'money',
      required: false,
      min: 0,
      measure: KIP,
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
};

const victims = disaggregate(
  'victims',
  { lo: 'ຜູ້ຖືກເຄາະຮ້າຍ', en: 'Victims' },
  [SEX, AGE, NATIONALITY, EXPLOITATION],
  'victims_total',
);

const cases: TableSheetSpec = {
  kind: 'table',
  section: 'cases',
  sheetName: 'Cases',
  title: { lo: 'ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ', en: 'Case statistics by province' },
  description: {
    lo: 'ແຖວລະແຂວງ. ຜູ້ຖືກເຄາະຮ້າຍແຍກຕາມເພດ, ອາຍຸ, ສັນຊາດ ແລະ ຮູບແບບການຂູດຮີດ ຕ້ອງລວມກັນເທົ່າກັບຍອດລວມ.',
    en: 'One row per province. Victims by sex, age, nationality and form of exploitation must add up to the total.',
  },
  uniqueBy: 'province',
  maxRows: 200,
  fields: [
    provinceField(true),
    count(
      'cases_detected',
      { lo: 'ຄະດີທີ່ກວດພົບ', en: 'Cases detected' },
      { lo: 'ຈຳນວນຄະດີ.', en: 'Number of cases.' },
    ),
    count(
      'cases_investigated',
      { lo: 'ຄະດີທີ່ສືບສວນ', en: 'Cases investigated' },
      {
        lo: 'ຈຳນວນຄະດີ.',
        en: 'Number of cases.',
      },
    ),
    count(
      'cases_prosecuted',
      { lo: 'ຄະດີທີ່ຟ້ອງຮ້ອງ', en: 'Cases prosecuted' },
      {
        lo: 'ຈຳນວນຄະດີ.',
        en: 'Number of cases.',
      },
    ),
    count(
      'cases_convicted',
      { lo: 'ຄະດີທີ່ຕັດສິນລົງໂທດ', en: 'Cases convicted' },
      {
        lo: 'ຈຳນວນຄະດີ.',
        en: 'Number of cases.',
      },
    ),
    count(
      'suspects_female',
      { lo: 'ຜູ້ຕ້ອງສົງໄສ ຍິງ', en: 'Suspects, female' },
      { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' },
    ),
    count('suspects_male', { lo: 'ຜູ້ຕ້ອງສົງໄສ ຊາຍ', en: 'Suspects, male' }, { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' }),
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
    victims.rule,
    { kind: 'not-above', field: 'cases_convicted', limit: 'cases_detected', severity: 'warning' },
  ],
};

const assistance: TableSheetSpec = {
  kind: 'table',
  section: 'assistance',
  sheetName: 'Assistance',
  title: { lo: 'ການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ', en: 'Victim protection and assistance' },
  description: {
    lo: 'ແຖວລະປະເພດການຊ່ວຍເຫຼືອ (ແລະ ປະເທດ ສຳລັບການສົ່ງກັບຄືນ). ຍິງ/ຊາຍ ເດັກ/ຜູ້ໃຫຍ່ ຕ້ອງລວມເທົ່າກັບຍອດລວມ.',
    en: 'One row per kind of assistance (and country, for repatriation). Female/male child/adult must add up to the total.',
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
    count('female_child', { lo: 'ຍິງ ເດັກ', en: 'Female, child' }, { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' }, false),
    count('female_adult', { lo: 'ຍິງ ຜູ້ໃຫຍ່', en: 'Female, adult' }, { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' }, false),
    count('male_child', { lo: 'ຊາຍ ເດັກ', en: 'Male, child' }, { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' }, false),
    count('male_adult', { lo: 'ຊາຍ ຜູ້ໃຫຍ່', en: 'Male, adult' }, { lo: 'ຈຳນວນຄົນ.', en: 'Persons.' }, false),
    count(
      'persons_total',
      { lo: 'ລວມ', en: 'Total persons' },
      {
        lo: 'ຍອດລວມ ເທົ່າກັບ ຍິງ + ຊາຍ.',
        en: 'Total; must equal the four columns before it.',
      },
    ),
  ],
  rules: [
    {
      kind: 'sum-equals',
      total: 'persons_total',
      parts: ['female_child', 'female_adult', 'male_child', 'male_adult'],
    },
    {
      kind: 'required-when',
      field: 'country_of_return',
      when: { field: 'assistance_type', equals: 'repatriated' },
    },
  ],
};

const awareness: TableSheetSpec = {
  kind: 'table',
  section: 'awareness',
  sheetName: 'Awareness',
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

/** The monthly report template, version 1. */
export const TEMPLATE_SPEC: TemplateSpec = {
  templateId: 'laingan-monthly-report',
  templateVersion: '1',
  cover,
  tables: [activities, cases, assistance, awareness],
  choiceLists: CHOICE_LISTS,
};

/** Sheet names reserved by the machine-readable contract. */
export const META_SHEET = '_meta';
export const LISTS_SHEET = '_lists';
export const INSTRUCTIONS_SHEET = 'Instructions';
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
