import { joinBilingual } from '../../text/bilingual.ts';
import { type ActivityLine, NOT_REPORTED } from '../national-report.ts';
import type { SheetValue } from './row-xml.ts';
import { columnLetter } from './sheet-kit.ts';

import {
  ACTIVITY_COLOURS,
  bi,
  COUNT_FORMAT,
  type ColumnDef,
  type Context,
  closeTable,
  fieldCells,
  fieldColumns,
  NATIONAL_TABS,
  NOT_REPORTED_LABEL,
  openTable,
  RATE_FORMAT,
  TABLE_LAYOUT,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Activities

export async function writeActivities(context: Context): Promise<void> {
  const { report, label } = context;
  const fields = report.activities.fields;
  const fixed: ColumnDef[] = [
    { key: 'activity_code', header: bi('ລະຫັດກິດຈະກຳ', 'Activity code'), width: 11 },
    { key: 'activity_title_lo', header: bi('ກິດຈະກຳ', 'Activity (Lao)'), width: 50 },
    { key: 'activity_title_en', header: bi('ກິດຈະກຳ (ອັງກິດ)', 'Activity'), width: 50 },
    { key: 'goal', header: bi('ເປົ້າໝາຍ', 'Goal'), width: 8 },
    { key: 'programme', header: bi('ແຜນງານ', 'Programme'), width: 10 },
    { key: 'project', header: bi('ໂຄງການ', 'Project'), width: 9 },
    { key: 'lead_unit', header: bi('ຫົວໜ່ວຍຮັບຜິດຊອບຫຼັກ', 'Lead unit'), width: 11 },
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍລາຍງານ', 'Reported by'), width: 11 },
    // A quarter's three months wrap onto two lines rather than run under the next column.
    { key: 'periods', header: bi('ເດືອນທີ່ລາຍງານ', 'Months reported'), width: 16, wrap: true },
  ];
  // Money over the scope, each month read by its template version's meaning (see LineMoney).
  const moneyColumns: ColumnDef[] = [
    {
      key: 'budget_planned_period_lak',
      header: bi('ງົບຕາມແຜນ ສຳລັບໄລຍະ (ກີບ)', 'Planned for the period (LAK)'),
      width: 16,
      numFmt: COUNT_FORMAT,
    },
    {
      key: 'execution_rate',
      header: bi('ອັດຕາການນຳໃຊ້ງົບ (%)', 'Execution rate (%)'),
      width: 12,
      numFmt: RATE_FORMAT,
    },
    { key: 'money_basis', header: bi('ພື້ນຖານ', 'Basis'), width: 14, wrap: true },
  ];
  const columns = [...fixed, ...fields.flatMap(fieldColumns), ...moneyColumns];
  const table = openTable(
    context,
    NATIONAL_TABS.activities,
    bi('ຄວາມຄືບໜ້າຂອງກິດຈະກຳ', 'Activity progress'),
    columns,
    1,
  );
  const { rows, formats } = table;
  const cellsOf = (line: ActivityLine): SheetValue[] =>
    fields.flatMap((field) => {
      if (line.unitCode === null && field.key === 'status')
        return [NOT_REPORTED, joinBilingual(NOT_REPORTED_LABEL)];
      return fieldCells(field, line.values[field.key], label);
    });
  for (const line of report.activities.lines) {
    rows.write([
      line.activityCode,
      line.title?.lo ?? null,
      line.title?.en ?? null,
      line.goal,
      line.programme,
      line.project,
      line.lead,
      line.unitCode,
      line.periods.join(', ') || null,
      ...cellsOf(line),
      line.money?.plannedLak ?? null,
      line.money?.executionRate ?? null,
      line.money ? (line.money.basis === 'period' ? 'ໃນໄລຍະ / in the period' : 'ສະສົມ / to date (v1)') : null,
    ]);
    await rows.pause();
  }
  const last = rows.next - 1;
  const first = TABLE_LAYOUT.firstDataRow;
  if (last >= first) {
    const statusIndex = columns.findIndex((c) => c.key === 'status');
    if (statusIndex >= 0) {
      const code = columnLetter(statusIndex + 1);
      const end = columns[statusIndex + 1]?.key === 'status_label' ? columnLetter(statusIndex + 2) : code;
      formats.colourByCode(`${code}${first}:${end}${last}`, code, first, ACTIVITY_COLOURS);
    }
    const percentIndex = columns.findIndex((c) => c.key === 'percent_complete');
    if (percentIndex >= 0) {
      const percent = columnLetter(percentIndex + 1);
      formats.dataBar(`${percent}${first}:${percent}${last}`);
    }
    const rate = columnLetter(columns.findIndex((c) => c.key === 'execution_rate') + 1);
    formats.above100(`${rate}${first}:${rate}${last}`, rate, first);
  }
  closeTable(table, last);
}
