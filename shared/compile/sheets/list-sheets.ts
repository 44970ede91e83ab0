import { joinBilingual } from '../../text/bilingual.ts';
import {
  RECONCILIATION_COLUMNS,
  RECONCILIATION_EMPTY,
  RECONCILIATION_TITLE,
  reconciliationRows,
} from './reconciliation-sheet.ts';
import { DATE_TIME_FORMAT, wallClockDate } from './sheet-kit.ts';

import {
  bi,
  type ColumnDef,
  type Context,
  closeTable,
  NATIONAL_TABS,
  NONE_THIS_PERIOD,
  NOTE_FONT,
  openTable,
  REPORT_TIME_ZONE,
  SUBMITTED_AT_HEADER,
  submitterName,
  unitName,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Reconciliation (content in ./sheets/reconciliation-sheet.ts)

export async function writeReconciliation(context: Context): Promise<void> {
  const table = openTable(
    context,
    NATIONAL_TABS.reconciliation,
    RECONCILIATION_TITLE,
    RECONCILIATION_COLUMNS,
    3,
  );
  const rows = reconciliationRows(context.report, (list, code) => context.label(list, code));
  for (const cells of rows) {
    table.rows.write(cells);
    await table.rows.pause();
  }
  const last = table.rows.next - 1;
  if (!rows.length) table.rows.write([joinBilingual(RECONCILIATION_EMPTY)], { font: NOTE_FONT });
  closeTable(table, last);
}

// ---------------------------------------------------------------------------------------
// Warnings and sources

export async function writeWarnings(context: Context): Promise<void> {
  const columns: ColumnDef[] = [
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 11 },
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    { key: 'sheet', header: bi('ແຜ່ນງານ', 'Sheet'), width: 14 },
    { key: 'cell', header: bi('ຫ້ອງ', 'Cell'), width: 8 },
    { key: 'field', header: bi('ຖັນ', 'Field'), width: 22 },
    { key: 'code', header: bi('ລະຫັດຄຳເຕືອນ', 'Warning code'), width: 24 },
    { key: 'message_lo', header: bi('ຄຳເຕືອນ (ລາວ)', 'Message (Lao)'), width: 60 },
    { key: 'message_en', header: bi('ຄຳເຕືອນ (ອັງກິດ)', 'Message (English)'), width: 60 },
  ];
  const table = openTable(
    context,
    NATIONAL_TABS.warnings,
    bi('ຄຳເຕືອນຈາກການກວດສອບ', 'Warnings carried from validation'),
    columns,
    2,
  );
  if (!context.report.warnings.length) table.rows.write([NONE_THIS_PERIOD], { font: NOTE_FONT });
  for (const w of context.report.warnings) {
    table.rows.write([w.unitCode, w.period, w.sheet, w.cell, w.field, w.code, w.message.lo, w.message.en]);
    await table.rows.pause();
  }
  closeTable(table, table.rows.next - 1);
}

export async function writeSources(context: Context): Promise<void> {
  const columns: ColumnDef[] = [
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 11 },
    { key: 'unit_name', header: bi('ຊື່ຫົວໜ່ວຍ', 'Unit name'), width: 44 },
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    { key: 'submitted_at', header: SUBMITTED_AT_HEADER, width: 18, numFmt: DATE_TIME_FORMAT },
    { key: 'submitted_by', header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 30 },
    { key: 'file_name', header: bi('ຊື່ໄຟລ໌', 'File name'), width: 26 },
    { key: 'sha256', header: bi('ລາຍນິ້ວມືໄຟລ໌ (sha256)', 'File sha256'), width: 60 },
    { key: 'problem', header: bi('ບັນຫາ', 'Problem'), width: 60 },
  ];
  const table = openTable(context, NATIONAL_TABS.sources, bi('ແຫຼ່ງຂໍ້ມູນ', 'Sources'), columns, 1);
  if (!context.report.sources.length) table.rows.write([NONE_THIS_PERIOD], { font: NOTE_FONT });
  for (const s of context.report.sources) {
    table.rows.write([
      s.unitCode,
      unitName(context.catalogue, s.unitCode),
      s.period,
      wallClockDate(s.submittedAt, REPORT_TIME_ZONE),
      submitterName(context.catalogue, s.submittedBy),
      s.fileName,
      s.sha256,
      null,
    ]);
    await table.rows.pause();
  }
  // A registered Google Sheet that could not be read: the unit, when it was tried, and why.
  for (const p of context.report.sourceProblems ?? [])
    table.rows.write([
      p.unitCode,
      unitName(context.catalogue, p.unitCode),
      p.period,
      p.at,
      'google-sheets',
      `Google Sheet ${p.spreadsheetId}`,
      null,
      `${p.message.lo}\n${p.message.en}`,
    ]);
  closeTable(table, table.rows.next - 1);
}
