import { joinBilingual } from '../../text/bilingual.ts';
import type { ReportingRates } from '../national-report.ts';
import type { SheetValue } from './row-xml.ts';
import { columnLetter, DATE_TIME_FORMAT, wallClockDate } from './sheet-kit.ts';

import {
  BOLD_FONT,
  bi,
  COUNT_FORMAT,
  type ColumnDef,
  type Context,
  closeTable,
  NATIONAL_TABS,
  openTable,
  RATE_FORMAT,
  REPORT_TIME_ZONE,
  REPORTING_COLOURS,
  REPORTING_LABELS,
  REVIEW_LABELS,
  SECTION_FONT,
  SECTION_STATUS_COLOURS,
  SECTION_STATUS_TEXT,
  SECTION_TITLES,
  SUBMITTED_AT_HEADER,
  submitterName,
  TABLE_LAYOUT,
  TOTAL_LABEL,
  unitName,
} from './table-kit.ts';

// ---------------------------------------------------------------------------------------
// Reporting status

function rateCells(rates: ReportingRates, first: SheetValue): SheetValue[] {
  return [
    first,
    rates.expected,
    rates.received,
    rates.onTime,
    rates.late,
    rates.rejected,
    rates.missing,
    rates.reportingRate,
    rates.onTimeRate,
  ];
}

export async function writeReportingStatus(context: Context): Promise<void> {
  const { report, catalogue } = context;
  const columns: ColumnDef[] = [
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    { key: 'unit_code', header: bi('ລະຫັດຫົວໜ່ວຍ', 'Unit code'), width: 11 },
    { key: 'unit_name', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 50 },
    { key: 'status', header: bi('ສະຖານະ (ລະຫັດ)', 'Status (code)'), width: 11 },
    { key: 'status_label', header: bi('ສະຖານະ', 'Status'), width: 22 },
    { key: 'submitted_at', header: SUBMITTED_AT_HEADER, width: 18, numFmt: DATE_TIME_FORMAT },
    { key: 'submitted_by', header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 32 },
    { key: 'file_name', header: bi('ຊື່ໄຟລ໌', 'File name'), width: 24 },
    { key: 'review', header: bi('ການກວດຂອງກອງເລຂາ', 'Secretariat review'), width: 22 },
    // Per section: complete, nil (marked "nothing to report") or missing.
    ...Object.entries(SECTION_TITLES).map(([section, title]) => ({
      key: `section_${section}`,
      header: title,
      width: 15,
    })),
  ];
  const table = openTable(
    context,
    NATIONAL_TABS.reporting,
    bi('ສະຖານະການລາຍງານ', 'Reporting status'),
    columns,
    2,
  );
  const { rows, formats } = table;
  const sectionKeys = Object.keys(SECTION_TITLES) as (keyof typeof SECTION_TITLES)[];
  for (const entry of report.reporting.entries) {
    rows.write([
      entry.period,
      entry.unitCode,
      unitName(catalogue, entry.unitCode),
      entry.status,
      joinBilingual(REPORTING_LABELS[entry.status]),
      wallClockDate(entry.submittedAt, REPORT_TIME_ZONE),
      submitterName(catalogue, entry.submittedBy),
      entry.fileName,
      entry.review ? joinBilingual(REVIEW_LABELS[entry.review]) : null,
      ...sectionKeys.map((section) => {
        const status = entry.sections[section as keyof typeof entry.sections];
        return status ? SECTION_STATUS_TEXT[status] : null;
      }),
    ]);
    await rows.pause();
  }
  const last = rows.next - 1;
  if (last >= TABLE_LAYOUT.firstDataRow) {
    formats.colourByCode(
      `D${TABLE_LAYOUT.firstDataRow}:E${last}`,
      'D',
      TABLE_LAYOUT.firstDataRow,
      REPORTING_COLOURS,
    );
    const first = columns.findIndex((c) => c.key.startsWith('section_')) + 1;
    sectionKeys.forEach((_, index) => {
      const column = columnLetter(first + index);
      formats.colourByCode(
        `${column}${TABLE_LAYOUT.firstDataRow}:${column}${last}`,
        column,
        TABLE_LAYOUT.firstDataRow,
        SECTION_STATUS_COLOURS,
      );
    });
  }

  // Rates by month, below the table and outside its filter.
  rows.skip();
  rows.write(['ອັດຕາການລາຍງານ ຕາມເດືອນ (DHIS2) / Reporting rates by month (DHIS2)'], { font: SECTION_FONT });
  const rateFormats = [
    undefined,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    RATE_FORMAT,
    RATE_FORMAT,
  ];
  rows.write(
    [
      'ເດືອນ\nMonth',
      'ຄາດວ່າຈະໄດ້ຮັບ\nExpected',
      'ໄດ້ຮັບ\nReceived',
      'ທັນເວລາ\nOn time',
      'ຊ້າ\nLate',
      'ຖືກປະຕິເສດ\nRejected',
      'ບໍ່ໄດ້ສົ່ງ\nMissing',
      'ອັດຕາການລາຍງານ (%)\nReporting rate (%)',
      'ອັດຕາທັນເວລາ (%)\nOn-time rate (%)',
    ],
    { header: true, height: 42 },
  );
  for (const rates of report.reporting.byMonth)
    rows.write(rateCells(rates, rates.period), { formats: rateFormats });
  rows.write(rateCells(report.reporting.total, TOTAL_LABEL), { font: BOLD_FONT, formats: rateFormats });
  closeTable(table, last);
}
