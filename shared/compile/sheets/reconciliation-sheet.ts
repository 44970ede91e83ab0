/**
 * The Reconciliation sheet's content: per province (and assistance type) and figure, the
 * national number from the source of record beside what every other unit reported, and the
 * difference, so the Secretariat can follow up. Plain columns and cells; the workbook writer
 * lays them out like its other table sheets.
 */

import type { ChoiceListKey, FieldSpec } from '../../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../../spec/template-spec.ts';
import { type Bilingual, joinBilingual } from '../../text/bilingual.ts';
import type { NationalReport, ReconciliationLine } from '../national-report.ts';
import type { SheetValue } from './row-xml.ts';

/** Sheet name in the national workbook (its tab, Lao first). */
export const RECONCILIATION_SHEET = 'ກວດທຽບ Reconciliation';

/** One column: hidden key, bilingual header, width, number format. */
export interface ReconciliationColumn {
  readonly key: string;
  readonly header: Bilingual;
  readonly width: number;
  readonly numFmt?: string;
}

const COUNT = '#,##0';
const bi = (lo: string, en: string): Bilingual => ({ lo, en });

export const RECONCILIATION_TITLE = bi(
  'ການກວດສອບຄວາມສອດຄ່ອງ ລະຫວ່າງຜູ້ລາຍງານ',
  'Reconciliation between reporters',
);

/** Columns of the sheet, in order. */
export const RECONCILIATION_COLUMNS: readonly ReconciliationColumn[] = [
  { key: 'section', header: bi('ພາກ', 'Section'), width: 11 },
  { key: 'province', header: bi('ແຂວງ (ລະຫັດ)', 'Province (code)'), width: 10 },
  { key: 'province_label', header: bi('ແຂວງ', 'Province'), width: 30 },
  { key: 'row', header: bi('ແຖວ', 'Row'), width: 18 },
  { key: 'figure', header: bi('ຕົວເລກ (ລະຫັດ)', 'Figure (key)'), width: 15 },
  { key: 'figure_label', header: bi('ຕົວເລກ', 'Figure'), width: 44 },
  { key: 'source_unit', header: bi('ແຫຼ່ງຂໍ້ມູນທາງການ', 'Source of record'), width: 12 },
  {
    key: 'source_value',
    header: bi('ຕົວເລກທາງການ (ລະດັບຊາດ)', 'National figure (source of record)'),
    width: 14,
    numFmt: COUNT,
  },
  { key: 'unit_code', header: bi('ຫົວໜ່ວຍອື່ນທີ່ລາຍງານ', 'Other reporter'), width: 12 },
  { key: 'value', header: bi('ຕົວເລກຂອງຫົວໜ່ວຍນັ້ນ', 'Its figure'), width: 12, numFmt: COUNT },
  {
    key: 'difference',
    header: bi('ຜິດດ່ຽງ (ອື່ນ - ທາງການ)', 'Difference (other - national)'),
    width: 14,
    numFmt: '+#,##0;-#,##0;0',
  },
  { key: 'note', header: bi('ໝາຍເຫດ', 'Note'), width: 54 },
];

const SECTION_LABELS: Readonly<Record<string, Bilingual>> = {
  cases: bi('ຄະດີ', 'Cases'),
  assistance: bi('ການຊ່ວຍເຫຼືອ', 'Assistance'),
};

/** A figure's label with its unit of measure, from the spec that made the report. */
function figureLabel(section: string, key: string): string {
  const field: FieldSpec | undefined = TEMPLATE_SPEC.tables
    .find((t) => t.section === section)
    ?.fields.find((f) => f.key === key);
  if (!field) return key;
  const measure = field.measure;
  return measure
    ? `${field.label.lo} (${measure.lo}) / ${field.label.en} (${measure.en})`
    : joinBilingual(field.label);
}

function noteOf(line: ReconciliationLine): string | null {
  if (line.sourceUnit === null) return 'ບໍ່ມີແຫຼ່ງທາງການສຳລັບແຖວນີ້ / No source of record for this row';
  if (line.sourceValue === null)
    return `${line.sourceUnit} ບໍ່ໄດ້ລາຍງານ / ${line.sourceUnit} did not report this: the national figure is missing`;
  if (line.difference === 0) return null;
  return 'ກວດສອບກັບແຫຼ່ງທາງການ / Follow up with the source of record';
}

/** The sheet's data rows, one per reconciliation line, in the report's order. */
export function reconciliationRows(
  report: NationalReport,
  label: (list: ChoiceListKey, code: string | null) => string | null,
): SheetValue[][] {
  return report.reconciliation.map((line) => {
    const province = line.keys.province ?? null;
    const type = line.keys.assistance_type ?? null;
    const country = line.keys.country_of_return ?? null;
    const row = [type ? label('assistance_type', type) : null, country ? label('country', country) : null]
      .filter(Boolean)
      .join(', ');
    return [
      joinBilingual(SECTION_LABELS[line.section] ?? bi(line.section, line.section)),
      province,
      province ? label('province', province) : null,
      row || null,
      line.figure,
      figureLabel(line.section, line.figure),
      line.sourceUnit,
      line.sourceValue,
      line.unitCode,
      line.value,
      line.difference,
      noteOf(line),
    ];
  });
}

/** What the sheet says when no other unit reported a figure that has a source of record. */
export const RECONCILIATION_EMPTY = bi(
  'ບໍ່ມີຫົວໜ່ວຍອື່ນລາຍງານຕົວເລກດຽວກັນກັບແຫຼ່ງທາງການ',
  'No other unit reported a figure that has a source of record',
);
