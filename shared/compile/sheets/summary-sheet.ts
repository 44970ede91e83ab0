import { A4_LANDSCAPE, BODY_FONT, TITLE_FONT } from '../../../templates/workbook-style.ts';
import { type Bilingual, joinBilingual } from '../../text/bilingual.ts';
import { type NationalReport, NOT_REPORTED, type ProgressSummary } from '../national-report.ts';
import type { SheetValue } from './row-xml.ts';
import { columnLetter, pageFooter } from './sheet-kit.ts';

import {
  ABOVE_100_FLAG,
  BOLD_FONT,
  bi,
  COUNT_FORMAT,
  type ColumnDef,
  type Context,
  headerHeight,
  type Labeller,
  NATIONAL_TABS,
  NOT_REPORTED_LABEL,
  NOTE_FONT,
  RATE_FORMAT,
  RowWriter,
  SECTION_FONT,
  SheetFormats,
  TOTAL_LABEL,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Summary

function summaryColumns(report: NationalReport, label: Labeller): ColumnDef[] {
  return [
    { key: 'code', header: bi('ລະຫັດ', 'Code'), width: 8 },
    { key: 'title', header: bi('ຫົວຂໍ້', 'Title'), width: 60 },
    { key: 'activities', header: bi('ກິດຈະກຳຕາມແຜນ', 'Activities in plan'), width: 11, numFmt: COUNT_FORMAT },
    { key: 'reported', header: bi('ລາຍງານແລ້ວ', 'Reported'), width: 11, numFmt: COUNT_FORMAT },
    ...report.progress.statusCodes.map((code) => {
      const text =
        code === NOT_REPORTED ? joinBilingual(NOT_REPORTED_LABEL) : (label('status', code) ?? code);
      const [lo, en] = text.split(' / ');
      return { key: `status_${code}`, header: bi(lo ?? code, en ?? code), width: 12, numFmt: COUNT_FORMAT };
    }),
    {
      key: 'average_percent',
      header: bi('ສຳເລັດສະເລ່ຍ (%)', 'Average percent complete'),
      width: 13,
      numFmt: RATE_FORMAT,
    },
    {
      key: 'budget_planned_lak',
      header: bi('ງົບປະມານຕາມແຜນ ສຳລັບໄລຍະ (ກີບ)', 'Budget planned for the period (LAK)'),
      width: 18,
      numFmt: COUNT_FORMAT,
    },
    {
      key: 'budget_spent_lak',
      header: bi('ງົບປະມານທີ່ໃຊ້ຈ່າຍ ໃນໄລຍະ (ກີບ)', 'Budget spent in the period (LAK)'),
      width: 18,
      numFmt: COUNT_FORMAT,
    },
    {
      key: 'execution_rate',
      header: bi('ອັດຕາການນຳໃຊ້ງົບ (%)', 'Execution rate (%)'),
      width: 13,
      numFmt: RATE_FORMAT,
    },
    { key: 'execution_flag', header: bi('ໝາຍເຫດງົບ', 'Budget flag'), width: 26 },
  ];
}

function summaryValues(report: NationalReport, item: ProgressSummary, first: SheetValue): SheetValue[] {
  return [
    first,
    item.code === 'TOTAL' ? null : `${item.title.lo}\n${item.title.en}`,
    item.activities,
    item.reported,
    ...report.progress.statusCodes.map((code) => item.byStatus[code] ?? 0),
    item.averagePercent,
    item.budgetPlannedLak,
    item.budgetSpentLak,
    item.executionRate,
    item.executionAbove100 ? ABOVE_100_FLAG : null,
  ];
}

export function writeSummary(context: Context): void {
  const { workbook, report, label } = context;
  const columns = summaryColumns(report, label);
  const name = `${NATIONAL_TABS.summary}${context.suffix}`;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: '1:1' },
    headerFooter: { oddFooter: pageFooter(name, report.scope.label) },
  });
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    sheetColumn.font = BODY_FONT;
    // Titles wrap to a Lao line and an English line; the row writer sizes their rows.
    sheetColumn.alignment = { vertical: 'top', wrapText: column.key === 'title' };
    if (column.numFmt) sheetColumn.numFmt = column.numFmt;
  });
  const rows = new RowWriter(
    sheet,
    columns.map((column) => (column.key === 'title' ? column.width : undefined)),
  );
  const formats = new SheetFormats(sheet, context.sheetOffset + 1);
  const { scope, plan } = report;
  const months =
    scope.months.length > 1 ? `${scope.months[0]} - ${scope.months.at(-1)}` : (scope.months[0] ?? '');
  rows.write([`ບົດລາຍງານລະດັບຊາດ ${scope.label} / National report ${scope.label}`], {
    font: TITLE_FONT,
    height: 24,
  });
  rows.write([`${plan.title.lo} / ${plan.title.en}`], { font: BOLD_FONT });
  rows.write([`ສະບັບແຜນງານ / Plan version: ${plan.version} (${plan.span})`], { font: NOTE_FONT });
  rows.write([`ໄລຍະ / Scope: ${scope.label} (${months}, ${scope.months.length} ເດືອນ / months)`]);
  if (plan.illustrative)
    rows.write(
      [
        'ແຜນງານ, ໂຄງການ ແລະ ກິດຈະກຳ ເປັນຕົວຢ່າງ ລໍຖ້າແຜນທີ່ຮັບຮອງ / Programmes, projects and activities are illustrative until the adopted plan replaces them',
      ],
      { font: NOTE_FONT },
    );
  const rates = report.reporting.total;
  // Label across A:B, the rate in C, the counts behind it in D.
  const rateFormats = [undefined, undefined, RATE_FORMAT];
  rows.write(
    [
      'ອັດຕາການລາຍງານ / Reporting rate (%)',
      null,
      rates.reportingRate,
      `${rates.received} / ${rates.expected} ບົດລາຍງານທີ່ໄດ້ຮັບ / reports received`,
    ],
    { font: BOLD_FONT, formats: rateFormats },
  );
  rows.write(
    [
      'ອັດຕາລາຍງານທັນເວລາ / On-time rate (%)',
      null,
      rates.onTimeRate,
      `${rates.onTime} / ${rates.expected} ບົດລາຍງານທັນເວລາ / reports on time`,
    ],
    { font: BOLD_FONT, formats: rateFormats },
  );
  // Lao and English on lines of their own: one line of both would run past the table and
  // shrink the whole printed page to fit it.
  rows.write(
    [
      'ງົບປະມານ: ໃຊ້ຈ່າຍໃນໄລຍະ ທຽບກັບແຜນຂອງໄລຍະດຽວກັນ (1/12 ຂອງແຜນປີ ຕໍ່ເດືອນທີ່ລາຍງານ); ແບບຟອມສະບັບ 1: ໃຊ້ຈ່າຍສະສົມ ທຽບກັບງົບທັງໝົດຂອງກິດຈະກຳ',
    ],
    { font: NOTE_FONT },
  );
  rows.write(
    [
      'Budget: spent in the period against the plan for the same period (a twelfth of the year’s plan per month reported); template version 1 reports: spent to date against the activity’s whole budget',
    ],
    { font: NOTE_FONT },
  );
  let filterRange: { from: number; to: number } | undefined;
  const rateColumn = columnLetter(columns.findIndex((c) => c.key === 'execution_rate') + 1);
  const percentColumn = columnLetter(columns.findIndex((c) => c.key === 'average_percent') + 1);
  const table = (title: Bilingual, items: readonly ProgressSummary[]) => {
    rows.skip();
    rows.write([joinBilingual(title)], { font: SECTION_FONT });
    rows.write(
      columns.map((c) => c.key),
      { hidden: true },
    );
    const header = rows.write(
      columns.map((c) => `${c.header.lo}\n${c.header.en}`),
      { header: true, height: headerHeight(columns) },
    );
    for (const item of items) rows.write(summaryValues(report, item, item.code));
    const last = header + items.length;
    rows.write(summaryValues(report, report.progress.total, TOTAL_LABEL), { font: BOLD_FONT });
    if (items.length) formats.dataBar(`${percentColumn}${header + 1}:${percentColumn}${last}`);
    formats.above100(`${rateColumn}${header + 1}:${rateColumn}${last + 1}`, rateColumn, header + 1);
    filterRange ??= { from: header, to: last };
  };
  table(bi('ຕາມເປົ້າໝາຍ', 'By goal'), report.progress.goals);
  table(bi('ຕາມແຜນງານ', 'By programme'), report.progress.programmes);
  // A sheet has one auto-filter: it goes on the goal table, the programme table is short.
  if (filterRange)
    sheet.autoFilter = {
      from: { row: filterRange.from, column: 1 },
      to: { row: filterRange.to, column: columns.length },
    };
  formats.installExtensions();
  rows.commit();
}
