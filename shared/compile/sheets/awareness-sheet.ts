import { joinBilingual } from '../../text/bilingual.ts';

import {
  BOLD_FONT,
  bi,
  COUNT_FORMAT,
  type ColumnDef,
  type Context,
  closeTable,
  fieldCells,
  fieldColumns,
  fieldHeader,
  NATIONAL_TABS,
  openTable,
  SECTION_FONT,
  TOTAL_LABEL,
  unitName,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Awareness and training

export async function writeAwareness(context: Context): Promise<void> {
  const { report, catalogue, label } = context;
  const section = report.awareness;
  const participantsHeader = bi('ຜູ້ເຂົ້າຮ່ວມ ລວມ', 'Participants, total');
  const columns: ColumnDef[] = [
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 11 },
    { key: 'unit_name', header: bi('ຊື່ຫົວໜ່ວຍ', 'Unit name'), width: 48 },
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    ...section.fields.flatMap(fieldColumns),
    { key: 'participants_total', header: participantsHeader, width: 12, numFmt: COUNT_FORMAT },
  ];
  const table = openTable(
    context,
    NATIONAL_TABS.awareness,
    bi('ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', 'Awareness raising and training'),
    columns,
    1,
  );
  const { rows } = table;
  for (const event of section.events) {
    rows.write([
      event.unitCode,
      unitName(catalogue, event.unitCode),
      event.period,
      ...section.fields.flatMap((f) => fieldCells(f, event.values[f.key], label)),
      event.participantsTotal,
    ]);
    await rows.pause();
  }
  const last = rows.next - 1;

  // Totals by event type, below the list and outside its filter: a small table of its own.
  rows.skip();
  const typeField = section.typeField;
  const typeLabel = typeField?.label ?? bi('ປະເພດ', 'Type');
  rows.write([joinBilingual(bi(`ຕາມ${typeLabel.lo}`, `By ${typeLabel.en.toLowerCase()}`))], {
    font: SECTION_FONT,
  });
  // Label, events, then the sums: a summary a person reads, not one a machine filters (the
  // list above keeps the codes).
  const header = [
    typeLabel,
    bi('ຈຳນວນກິດຈະກຳ', 'Events'),
    ...section.numericFields.map(fieldHeader),
    participantsHeader,
  ];
  rows.write(
    header.map((h) => `${h.lo}\n${h.en}`),
    { header: true, height: 42 },
  );
  const totalFormats = [
    undefined,
    COUNT_FORMAT,
    ...section.numericFields.map(() => COUNT_FORMAT),
    COUNT_FORMAT,
  ];
  for (const totals of section.byType)
    rows.write(
      [
        (typeField?.list ? label(typeField.list, totals.eventType) : totals.eventType) ??
          joinBilingual(bi('ບໍ່ລະບຸ', 'Not stated')),
        totals.events,
        ...section.numericFields.map((f) => totals.values[f.key] ?? 0),
        totals.participantsTotal,
      ],
      { formats: totalFormats },
    );
  const total = section.total;
  rows.write(
    [
      TOTAL_LABEL,
      total.events,
      ...section.numericFields.map((f) => total.values[f.key] ?? 0),
      total.participantsTotal,
    ],
    { font: BOLD_FONT, formats: totalFormats },
  );
  closeTable(table, last);
}
