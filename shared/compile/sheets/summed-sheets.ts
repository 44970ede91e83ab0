import { joinBilingual } from '../../text/bilingual.ts';
import type { SummedRow, SummedSection } from '../national-report.ts';
import type { SheetValue } from './row-xml.ts';

import {
  BOLD_FONT,
  bi,
  type ColumnDef,
  type Context,
  closeTable,
  fieldCells,
  fieldColumns,
  type Labeller,
  NATIONAL_TABS,
  NOTE_FONT,
  openTable,
  PERSONS_ASSISTED_LABEL,
  SECTION_FONT,
  SERVICES_NOTE,
  SOURCE_OF_RECORD_NOTE,
  TOTAL_LABEL,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Summed tables: case statistics, victim assistance

const UNITS_COLUMN: ColumnDef = { key: 'units', header: bi('ຫົວໜ່ວຍທີ່ລາຍງານ', 'Reported by'), width: 30 };

function summedColumns(section: SummedSection): ColumnDef[] {
  return [...section.keyFields.flatMap(fieldColumns), ...section.fields.flatMap(fieldColumns), UNITS_COLUMN];
}

function summedCells(section: SummedSection, row: SummedRow, label: Labeller): SheetValue[] {
  return [
    ...section.keyFields.flatMap((f) => fieldCells(f, row.keys[f.key] ?? null, label)),
    ...section.fields.map((f) => row.values[f.key] ?? 0),
    row.units.join(', ') || null,
  ];
}

function totalCells(section: SummedSection, row: SummedRow): SheetValue[] {
  const keyWidth = section.keyFields.flatMap(fieldColumns).length;
  return [
    TOTAL_LABEL,
    ...Array.from({ length: Math.max(0, keyWidth - 1) }, () => null),
    ...section.fields.map((f) => row.values[f.key] ?? 0),
    row.units.join(', ') || null,
  ];
}

export function writeCases(context: Context): void {
  const { report, label } = context;
  const section = report.cases;
  const columns = summedColumns(section);
  const table = openTable(
    context,
    NATIONAL_TABS.cases,
    bi('ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ', 'Case statistics by province'),
    columns,
    section.keyFields.flatMap(fieldColumns).length,
  );
  for (const row of section.rows) table.rows.write(summedCells(section, row, label));
  const last = table.rows.next - 1;
  table.rows.write(totalCells(section, section.total), { font: BOLD_FONT });
  table.rows.write([SOURCE_OF_RECORD_NOTE], { font: NOTE_FONT });
  closeTable(table, last);
}

export function writeAssistance(context: Context): void {
  const { report, label } = context;
  const section = report.assistance;
  const columns = summedColumns(section);
  const table = openTable(
    context,
    NATIONAL_TABS.assistance,
    bi('ການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ', 'Victim protection and assistance'),
    columns,
    2,
  );
  const { rows } = table;
  for (const row of section.rows) rows.write(summedCells(section, row, label));
  const last = rows.next - 1;
  // Services and persons are separate figures: one person may get several services.
  rows.write(totalCells(section, section.total), { font: BOLD_FONT });
  if (section.personsAssisted) {
    const cells = totalCells(section, section.personsAssisted);
    cells[0] = PERSONS_ASSISTED_LABEL;
    rows.write(cells, { font: BOLD_FONT });
    rows.write([SERVICES_NOTE], { font: NOTE_FONT });
  }
  const typeField = section.keyFields[0];
  if (typeField && section.byType.length) {
    // Subtotals by type, their numbers under the same columns as the table above.
    rows.skip();
    rows.write(
      [
        joinBilingual(
          bi(`ລວມຍ່ອຍ ຕາມ${typeField.label.lo}`, `Subtotals by ${typeField.label.en.toLowerCase()}`),
        ),
      ],
      {
        font: SECTION_FONT,
      },
    );
    const keyWidth = section.keyFields.flatMap(fieldColumns).length;
    for (const row of section.byType)
      rows.write([
        ...fieldCells(typeField, row.keys[typeField.key] ?? null, label),
        ...Array.from({ length: Math.max(0, keyWidth - fieldColumns(typeField).length) }, () => null),
        ...section.fields.map((f) => row.values[f.key] ?? 0),
        row.units.join(', ') || null,
      ]);
  }
  closeTable(table, last);
}
