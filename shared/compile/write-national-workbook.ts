/**
 * Writes the national workbook from a {@link NationalReport}: Summary, Reporting status,
 * Activities, Case statistics, Victim assistance, Awareness and training, Warnings, Sources.
 * Bilingual headers, the Lao government font, frozen headers, filters, number formats,
 * data bars on percent complete, colours by status, A4 landscape printing.
 */
import type { Workbook, Worksheet } from 'exceljs';
import {
  A4_LANDSCAPE,
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  TITLE_FONT,
} from '../../templates/workbook-style.ts';
import { loadExcelJs } from '../grid/exceljs-workbook.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../spec/choices.ts';
import type { ChoiceListKey, FieldSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import type { Bilingual } from '../text/bilingual.ts';
import {
  ACTIVITY_STATUSES,
  type NationalReport,
  type ProgressSummary,
  type Rates,
} from './national-report.ts';

/** Sheet names, in order. */
export const NATIONAL_SHEETS = [
  'Summary',
  'Reporting status',
  'Activities',
  'Case statistics',
  'Victim assistance',
  'Awareness and training',
  'Warnings',
  'Sources',
] as const;

const TOTAL_LABEL = 'ລວມທັງໝົດ / Total';
const STATUS_LABELS: Record<string, Bilingual> = {
  on_time: { lo: 'ທັນເວລາ', en: 'On time' },
  late: { lo: 'ຊ້າ', en: 'Late' },
  missing: { lo: 'ບໍ່ໄດ້ສົ່ງ', en: 'Missing' },
  rejected: { lo: 'ຖືກປະຕິເສດ', en: 'Rejected' },
  not_reported: { lo: 'ບໍ່ໄດ້ລາຍງານ', en: 'Not reported' },
};
const COLOURS: Record<string, string> = {
  on_time: 'FFC6EFCE',
  completed: 'FFC6EFCE',
  late: 'FFFFEB9C',
  delayed: 'FFFFC7CE',
  in_progress: 'FFDDEBF7',
  missing: 'FFFFC7CE',
  rejected: 'FFFFC7CE',
  cancelled: 'FFD9D9D9',
  not_reported: 'FFD9D9D9',
  not_started: 'FFF2F2F2',
};

interface Column {
  readonly header: Bilingual;
  readonly width?: number;
  readonly format?: string;
}

const bi = (lo: string, en: string): Bilingual => ({ lo, en });
const label = (text: Bilingual) => `${text.lo}\n${text.en}`;

function fieldColumn(field: FieldSpec): Column {
  const format =
    field.type === 'count' || field.type === 'money' ? '#,##0' : field.type === 'percent' ? '0.0' : undefined;
  return { header: field.label, width: field.width ?? 14, format };
}

function addTableSheet(
  workbook: Workbook,
  name: string,
  title: Bilingual,
  columns: readonly Column[],
): Worksheet {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: '2:2' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.getCell(1, 1).value = `${title.lo} / ${title.en}`;
  sheet.getCell(1, 1).font = TITLE_FONT;
  const header = sheet.getRow(2);
  header.height = 42;
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = label(column.header);
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width ?? 14;
    sheetColumn.font = BODY_FONT;
    if (column.format) sheetColumn.numFmt = column.format;
  });
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: Math.max(1, columns.length) } };
  return sheet;
}

function colourByValue(
  sheet: Worksheet,
  column: number,
  firstRow: number,
  lastRow: number,
  codes: readonly string[],
) {
  if (lastRow < firstRow) return;
  const letter = sheet.getColumn(column).letter;
  sheet.addConditionalFormatting({
    ref: `${letter}${firstRow}:${letter}${lastRow}`,
    rules: codes
      .filter((code) => COLOURS[code])
      .map((code, index) => ({
        type: 'containsText',
        operator: 'containsText',
        text: code,
        priority: index + 1,
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLOURS[code] } } },
      })),
  });
}

function labelOf(catalogue: Catalogue, list: ChoiceListKey, code: string | null | undefined): string {
  if (!code) return '';
  const choice = resolveChoices(TEMPLATE_SPEC, catalogue, list).find((c) => c.code === code);
  return choice ? displayChoice(choice) : code;
}

function writeSummary(workbook: Workbook, report: NationalReport) {
  const sheet = workbook.addWorksheet('Summary', {
    pageSetup: A4_LANDSCAPE,
    views: [{ state: 'frozen', ySplit: 5 }],
  });
  sheet.getCell('A1').value = `ປຶ້ມລາຍງານລະດັບຊາດ ${report.scope.label} / National report ${report.scope.label}`;
  sheet.getCell('A1').font = TITLE_FONT;
  sheet.getCell('A2').value = 'ອັດຕາການລາຍງານ / Reporting rate (%)';
  sheet.getCell('B2').value = report.rates.reportingRate;
  sheet.getCell('A3').value = 'ອັດຕາລາຍງານທັນເວລາ / On-time rate (%)';
  sheet.getCell('B3').value = report.rates.onTimeRate;
  sheet.getCell('C2').value = `${report.rates.received} / ${report.rates.expected}`;
  sheet.getCell('C3').value = `${report.rates.onTime} / ${report.rates.expected}`;
  const columns = [
    bi('ລະຫັດ', 'Code'),
    bi('ຫົວຂໍ້', 'Title'),
    bi('ກິດຈະກຳ', 'Activities'),
    bi('ລາຍງານແລ້ວ', 'Reported'),
    ...[...ACTIVITY_STATUSES, 'not_reported'].map((s) => STATUS_LABELS[s] ?? labelStatus(s)),
    bi('ສຳເລັດສະເລ່ຍ (%)', 'Average percent complete'),
    bi('ງົບປະມານຕາມແຜນ (ກີບ)', 'Budget planned (LAK)'),
    bi('ງົບທີ່ໃຊ້ (ກີບ)', 'Budget spent (LAK)'),
    bi('ອັດຕາການເບີກຈ່າຍ (%)', 'Execution rate (%)'),
  ];
  const widths = [8, 50, 10, 10, 10, 10, 10, 10, 10, 10, 12, 16, 16, 12];
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
    sheet.getColumn(index + 1).font = BODY_FONT;
  });
  let row = 5;
  const section = (title: Bilingual, items: readonly ProgressSummary[]) => {
    sheet.getCell(row, 1).value = `${title.lo} / ${title.en}`;
    sheet.getCell(row, 1).font = { ...BODY_FONT, bold: true, size: 12 };
    row += 1;
    columns.forEach((column, index) => {
      const cell = sheet.getCell(row, index + 1);
      cell.value = label(column);
      cell.font = HEADER_FONT;
      cell.fill = HEADER_FILL;
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    });
    sheet.getRow(row).height = 42;
    const first = row + 1;
    for (const item of items) {
      row += 1;
      sheet.getRow(row).values = [
        item.code,
        `${item.title.lo}\n${item.title.en}`,
        item.activities,
        item.reported,
        ...[...ACTIVITY_STATUSES, 'not_reported'].map(
          (s) => item.byStatus[s as keyof ProgressSummary['byStatus']],
        ),
        item.averagePercent,
        item.budgetPlannedLak,
        item.budgetSpentLak,
        item.executionRate,
      ];
      sheet.getRow(row).alignment = { wrapText: true, vertical: 'top' };
    }
    for (const column of [12, 13])
      for (let r = first; r <= row; r++) sheet.getCell(r, column).numFmt = '#,##0';
    if (row >= first)
      sheet.addConditionalFormatting({
        ref: `K${first}:K${row}`,
        rules: [
          {
            type: 'dataBar',
            priority: 1,
            cfvo: [
              { type: 'num', value: 0 },
              { type: 'num', value: 100 },
            ],
            color: { argb: 'FF63BE7B' },
          } as never,
        ],
      });
    row += 2;
  };
  section(bi('ຕາມເປົ້າໝາຍ', 'By goal'), report.goals);
  section(bi('ຕາມແຜນງານ', 'By programme'), report.programmes);
  sheet.pageSetup.printTitlesRow = '1:1';
}

function labelStatus(code: string): Bilingual {
  const choice = TEMPLATE_SPEC.choiceLists.status.find((c) => c.code === code);
  return choice?.label ?? bi(code, code);
}

function writeReportingStatus(workbook: Workbook, report: NationalReport, catalogue: Catalogue) {
  const sheet = addTableSheet(workbook, 'Reporting status', bi('ສະຖານະການລາຍງານ', 'Reporting status'), [
    { header: bi('ເດືອນ', 'Month'), width: 10 },
    { header: bi('ລະຫັດ', 'Unit'), width: 10 },
    { header: bi('ຫົວໜ່ວຍ', 'Unit name'), width: 44 },
    { header: bi('ສະຖານະ', 'Status'), width: 12 },
    { header: bi('ສະຖານະ (ລາວ/ອັງກິດ)', 'Status label'), width: 22 },
    { header: bi('ສົ່ງເມື່ອ', 'Submitted at'), width: 22 },
    { header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 18 },
  ]);
  const statuses = [...report.statuses].sort(
    (a, b) => a.period.localeCompare(b.period) || a.unitCode.localeCompare(b.unitCode),
  );
  statuses.forEach((s, index) => {
    const unit = catalogue.unitByCode.get(s.unitCode);
    sheet.getRow(index + 3).values = [
      s.period,
      s.unitCode,
      unit ? `${unit.name.lo} / ${unit.name.en}` : s.unitCode,
      s.status,
      label(STATUS_LABELS[s.status] ?? bi(s.status, s.status)).replace('\n', ' / '),
      s.submittedAt,
      s.submittedBy,
    ];
  });
  colourByValue(sheet, 4, 3, statuses.length + 2, ['on_time', 'late', 'missing', 'rejected']);
  let row = statuses.length + 4;
  sheet.getCell(row, 1).value = 'ອັດຕາຕາມເດືອນ / Rates by month (DHIS2: received or on time / expected x 100)';
  sheet.getCell(row, 1).font = { ...BODY_FONT, bold: true };
  const rateRow = (r: Rates) => [r.period, r.expected, r.received, r.onTime, r.reportingRate, r.onTimeRate];
  sheet.getRow(++row).values = [
    'Period',
    'Expected',
    'Received',
    'On time',
    'Reporting rate (%)',
    'On-time rate (%)',
  ];
  for (const r of report.ratesByMonth) sheet.getRow(++row).values = rateRow(r);
  sheet.getRow(++row).values = [TOTAL_LABEL, ...rateRow(report.rates).slice(1)];
}

function writeActivities(workbook: Workbook, report: NationalReport, catalogue: Catalogue) {
  const fields = (TEMPLATE_SPEC.tables.find((t) => t.section === 'activities')?.fields ?? []).filter(
    (f) => !f.displayOnly && f.key !== 'activity_code',
  );
  const sheet = addTableSheet(workbook, 'Activities', bi('ຄວາມຄືບໜ້າຂອງກິດຈະກຳ', 'Activity progress'), [
    { header: bi('ລະຫັດ', 'Activity'), width: 10 },
    { header: bi('ກິດຈະກຳ', 'Activity title'), width: 48 },
    { header: bi('ເປົ້າໝາຍ', 'Goal'), width: 7 },
    { header: bi('ແຜນງານ', 'Programme'), width: 9 },
    { header: bi('ໂຄງການ', 'Project'), width: 8 },
    { header: bi('ເຈົ້າການ', 'Lead'), width: 8 },
    { header: bi('ຫົວໜ່ວຍລາຍງານ', 'Reported by'), width: 10 },
    ...fields.map(fieldColumn),
  ]);
  const statusColumn = 8 + fields.findIndex((f) => f.key === 'status');
  const percentColumn = 8 + fields.findIndex((f) => f.key === 'percent_complete');
  report.activities.forEach((line, index) => {
    const values = fields.map((field) => {
      const value = line.values[field.key];
      if (line.unitCode === null && field.key === 'status') return 'not_reported';
      if (field.type === 'choice' && field.list && field.key !== 'status')
        return labelOf(catalogue, field.list, value as string);
      return value ?? null;
    });
    sheet.getRow(index + 3).values = [
      line.activity.code,
      `${line.activity.title.lo}\n${line.activity.title.en}`,
      line.activity.goal,
      line.programme,
      line.activity.project,
      line.activity.lead,
      line.unitCode ?? 'ບໍ່ໄດ້ລາຍງານ / not reported',
      ...values,
    ];
  });
  const last = report.activities.length + 2;
  colourByValue(sheet, statusColumn, 3, last, [...ACTIVITY_STATUSES, 'not_reported']);
  const letter = sheet.getColumn(percentColumn).letter;
  sheet.addConditionalFormatting({
    ref: `${letter}3:${letter}${last}`,
    rules: [
      {
        type: 'dataBar',
        priority: 1,
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 100 },
        ],
        color: { argb: 'FF5B9BD5' },
      } as never,
    ],
  });
}

function writeSummed(
  workbook: Workbook,
  name: string,
  title: Bilingual,
  keyColumns: readonly { key: string; header: Bilingual; list: ChoiceListKey }[],
  fields: readonly FieldSpec[],
  rows: NationalReport['cases'],
  total: Readonly<Record<string, number>>,
  catalogue: Catalogue,
) {
  const sheet = addTableSheet(workbook, name, title, [
    ...keyColumns.map((k) => ({ header: k.header, width: 24 })),
    ...fields.map(fieldColumn),
    { header: bi('ຫົວໜ່ວຍທີ່ລາຍງານ', 'Reported by'), width: 30 },
  ]);
  rows.forEach((row, index) => {
    sheet.getRow(index + 3).values = [
      ...keyColumns.map((k) => labelOf(catalogue, k.list, row.keys[k.key])),
      ...fields.map((f) => row.values[f.key] ?? 0),
      row.units.join(', '),
    ];
  });
  const totalRow = sheet.getRow(rows.length + 3);
  totalRow.values = [
    TOTAL_LABEL,
    ...keyColumns.slice(1).map(() => ''),
    ...fields.map((f) => total[f.key] ?? 0),
  ];
  totalRow.font = { ...BODY_FONT, bold: true };
}

function writeAwareness(workbook: Workbook, report: NationalReport, catalogue: Catalogue) {
  const fields = (TEMPLATE_SPEC.tables.find((t) => t.section === 'awareness')?.fields ?? []).filter(
    (f) => !f.displayOnly,
  );
  const sheet = addTableSheet(
    workbook,
    'Awareness and training',
    bi('ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', 'Awareness raising and training'),
    [
      { header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 10 },
      { header: bi('ເດືອນ', 'Month'), width: 9 },
      ...fields.map(fieldColumn),
      { header: bi('ຜູ້ເຂົ້າຮ່ວມລວມ', 'Participants, total'), width: 12, format: '#,##0' },
    ],
  );
  report.events.forEach((event, index) => {
    sheet.getRow(index + 3).values = [
      event.unitCode,
      event.period,
      ...fields.map((f) => {
        const value = event.row[f.key] ?? null;
        if (f.type === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
        if (f.type === 'choice' && f.list) return labelOf(catalogue, f.list, value as string);
        return value;
      }),
      Number(event.row.participants_female ?? 0) + Number(event.row.participants_male ?? 0),
    ];
  });
  let row = report.events.length + 4;
  sheet.getRow(row).values = ['ຕາມປະເພດ / By type', 'Events', 'Female', 'Male', 'Total'];
  sheet.getRow(row).font = { ...BODY_FONT, bold: true };
  for (const type of report.eventsByType)
    sheet.getRow(++row).values = [
      labelOf(catalogue, 'event_type', type.eventType),
      type.events,
      type.female,
      type.male,
      type.female + type.male,
    ];
  const female = report.eventsByType.reduce((s, t) => s + t.female, 0);
  const male = report.eventsByType.reduce((s, t) => s + t.male, 0);
  sheet.getRow(++row).values = [TOTAL_LABEL, report.events.length, female, male, female + male];
  sheet.getRow(row).font = { ...BODY_FONT, bold: true };
}

function writeWarnings(workbook: Workbook, report: NationalReport) {
  const sheet = addTableSheet(
    workbook,
    'Warnings',
    bi('ຄຳເຕືອນຈາກການກວດສອບ', 'Warnings carried from validation'),
    [
      { header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 10 },
      { header: bi('ເດືອນ', 'Month'), width: 9 },
      { header: bi('ແຜ່ນງານ', 'Sheet'), width: 12 },
      { header: bi('ຫ້ອງ', 'Cell'), width: 7 },
      { header: bi('ລະຫັດ', 'Code'), width: 22 },
      { header: bi('ລາວ', 'Lao'), width: 60 },
      { header: bi('ອັງກິດ', 'English'), width: 60 },
    ],
  );
  report.warnings.forEach((w, index) => {
    sheet.getRow(index + 3).values = [
      w.unitCode,
      w.period,
      w.issue.sheet,
      w.issue.cell,
      w.issue.code,
      w.issue.message.lo,
      w.issue.message.en,
    ];
  });
}

function writeSources(workbook: Workbook, report: NationalReport) {
  const sheet = addTableSheet(workbook, 'Sources', bi('ແຫຼ່ງຂໍ້ມູນ', 'Sources'), [
    { header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 10 },
    { header: bi('ເດືອນ', 'Month'), width: 9 },
    { header: bi('ໄຟລ໌ sha256', 'File sha256'), width: 66 },
    { header: bi('ຊື່ໄຟລ໌', 'File name'), width: 30 },
    { header: bi('ສົ່ງເມື່ອ', 'Submitted at'), width: 22 },
    { header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 18 },
  ]);
  report.sources.forEach((s, index) => {
    sheet.getRow(index + 3).values = [
      s.unitCode,
      s.period,
      s.sha256,
      s.fileName,
      s.submittedAt,
      s.submittedBy,
    ];
  });
}

/** Builds the national workbook in memory. */
export async function buildNationalWorkbook(report: NationalReport, catalogue: Catalogue): Promise<Workbook> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Laingan';
  // Fixed dates: the same report gives the same content.
  workbook.created = new Date(Date.UTC(2021, 0, 1));
  workbook.modified = workbook.created;
  writeSummary(workbook, report);
  writeReportingStatus(workbook, report, catalogue);
  writeActivities(workbook, report, catalogue);
  writeSummed(
    workbook,
    'Case statistics',
    bi('ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ', 'Case statistics by province'),
    [{ key: 'province', header: bi('ແຂວງ', 'Province'), list: 'province' }],
    report.caseFields,
    report.cases,
    report.casesTotal,
    catalogue,
  );
  writeSummed(
    workbook,
    'Victim assistance',
    bi('ການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ', 'Victim protection and assistance'),
    [
      { key: 'assistance_type', header: bi('ປະເພດ', 'Assistance'), list: 'assistance_type' },
      { key: 'country_of_return', header: bi('ປະເທດ', 'Country of return'), list: 'country' },
      { key: 'province', header: bi('ແຂວງ', 'Province'), list: 'province' },
    ],
    report.assistanceFields,
    report.assistance,
    report.assistanceTotal,
    catalogue,
  );
  writeAwareness(workbook, report, catalogue);
  writeWarnings(workbook, report);
  writeSources(workbook, report);
  return workbook;
}

/** The national workbook as .xlsx bytes. */
export async function writeNationalWorkbookToBuffer(
  report: NationalReport,
  catalogue: Catalogue,
): Promise<Uint8Array> {
  const workbook = await buildNationalWorkbook(report, catalogue);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
