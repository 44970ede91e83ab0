/**
 * Writes the national workbook from a {@link NationalReport} with exceljs's streaming writer:
 * each row is committed as soon as it is written, so memory stays flat however many
 * submissions the scope holds (measured: 0.61x the time and a third of the memory of the
 * in-memory writer).
 *
 * Sheets: Summary, Reporting status, Activities, Case statistics, Victim assistance,
 * Awareness and training, Warnings, Sources. Table sheets keep the templates' contract:
 * hidden field keys (row 1), bilingual header (row 2), data from row 3; then a frozen
 * header, auto-filter, number formats, A4 landscape with the header repeated on every
 * printed page and the sheet's title and scope in the page header. Codes stay in their own
 * column next to their Lao / English label, so a machine (or a filter) can still key on them.
 *
 * The same report always gives the same cell content: fixed workbook dates, no clock.
 */
import { Writable } from 'node:stream';
import type { Alignment, CellValue, ConditionalFormattingRule, Font, Style, Worksheet } from 'exceljs';
import {
  A4_LANDSCAPE,
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  NUMBER_FORMATS,
  TITLE_FONT,
} from '../../templates/workbook-style.ts';
import { loadStreamingWorkbookWriter } from '../grid/exceljs-workbook.ts';
import type { FieldValue } from '../parse/coerce-cell.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../spec/choices.ts';
import type { ChoiceListKey, FieldSpec } from '../spec/field-types.ts';
import { FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, TEMPLATE_SPEC } from '../spec/template-spec.ts';
import { type Bilingual, joinBilingual } from '../text/bilingual.ts';
import type { ReportingStatus } from './compile-input.ts';
import type { FrontSection } from './front-section.ts';
import {
  type ActivityLine,
  type NationalReport,
  NOT_REPORTED,
  type ProgressSummary,
  type ReportingRates,
  type SummedRow,
  type SummedSection,
} from './national-report.ts';
import type { SectionStatus } from './section-status.ts';
import { writeChartData, writeFrontSheets } from './sheets/front-sheets.ts';
import {
  RECONCILIATION_COLUMNS,
  RECONCILIATION_EMPTY,
  RECONCILIATION_SHEET,
  RECONCILIATION_TITLE,
  reconciliationRows,
} from './sheets/reconciliation-sheet.ts';
import { addChartsToXlsx, type PlacedChart } from './xlsx-charts/add-charts-to-xlsx.ts';

/** Sheet names, in workbook order. */
export const NATIONAL_SHEETS = [
  'Summary',
  'Reporting status',
  'Activities',
  'Case statistics',
  'Victim assistance',
  'Awareness and training',
  RECONCILIATION_SHEET,
  'Warnings',
  'Sources',
] as const;

/** Label in column A of every total row (tests and readers find totals by it). */
export const TOTAL_LABEL = 'ລວມທັງໝົດ / Total';
/** Label of the assistance row counting each person once (the total above it counts services). */
export const PERSONS_ASSISTED_LABEL = 'ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ (ຄົນ) / Persons assisted (each once)';
const SERVICES_NOTE =
  'ແຖວ "ລວມທັງໝົດ" ນັບການບໍລິການ (ຄົນດຽວອາດໄດ້ຫຼາຍຢ່າງ); ແຖວ "ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ" ນັບແຕ່ລະຄົນເທື່ອດຽວ. ຕົວເລກມາຈາກແຫຼ່ງທາງການເທົ່ານັ້ນ (ເບິ່ງ Reconciliation) / The Total row counts services given (one person may get several); Persons assisted counts each person once. Figures come from their source of record only (see Reconciliation)';

/** Rows of a table sheet, as in the templates: hidden field keys, bilingual header, first data row. */
export const TABLE_LAYOUT = { keyRow: KEY_ROW, headerRow: HEADER_ROW, firstDataRow: FIRST_DATA_ROW } as const;

/** Fixed workbook dates: the same report must give the same workbook content. */
const FIXED_DATE = new Date(Date.UTC(2021, 0, 1));

const COUNT_FORMAT = '#,##0';
const RATE_FORMAT = '0.0';
const BOLD_FONT: Partial<Font> = { ...BODY_FONT, bold: true };
const SECTION_FONT: Partial<Font> = { ...BODY_FONT, bold: true, size: 12, color: { argb: 'FF1F3864' } };
const NOTE_FONT: Partial<Font> = { ...BODY_FONT, italic: true, color: { argb: 'FF7F7F7F' } };

const GREEN = 'FFC6EFCE';
const AMBER = 'FFFFEB9C';
const RED = 'FFFFC7CE';
const GREY = 'FFD9D9D9';
const DATA_BAR_COLOUR = 'FF5B9BD5';

/** Cell colours by activity status: done green, trouble red, stopped or silent grey. */
const ACTIVITY_COLOURS: Readonly<Record<string, string>> = {
  completed: GREEN,
  in_progress: 'FFDDEBF7',
  not_started: 'FFF2F2F2',
  delayed: RED,
  cancelled: 'FFBFBFBF',
  [NOT_REPORTED]: GREY,
};

/** Cell colours by reporting status. */
const REPORTING_COLOURS: Readonly<Record<ReportingStatus, string>> = {
  on_time: GREEN,
  late: AMBER,
  missing: RED,
  rejected: RED,
  returned: RED,
};

const REPORTING_LABELS: Readonly<Record<ReportingStatus, Bilingual>> = {
  on_time: { lo: 'ສົ່ງທັນເວລາ', en: 'On time' },
  late: { lo: 'ສົ່ງຊ້າ', en: 'Late' },
  missing: { lo: 'ບໍ່ໄດ້ສົ່ງ', en: 'Missing' },
  rejected: { lo: 'ຖືກປະຕິເສດ', en: 'Rejected' },
  returned: { lo: 'ກອງເລຂາສົ່ງຄືນ', en: 'Returned by the Secretariat' },
};

const REVIEW_LABELS: Readonly<Record<'reviewed' | 'unreviewed', Bilingual>> = {
  reviewed: { lo: 'ກອງເລຂາກວດແລ້ວ', en: 'Reviewed' },
  unreviewed: { lo: 'ຍັງບໍ່ໄດ້ກວດ', en: 'Not reviewed' },
};

const NOT_REPORTED_LABEL: Bilingual = { lo: 'ບໍ່ໄດ້ລາຍງານ', en: 'Not reported' };

/** Per-section status of a unit's month: complete, explicitly nil, or missing. */
const SECTION_STATUS_TEXT: Readonly<Record<SectionStatus, string>> = {
  complete: 'ຄົບ / Complete',
  nil: 'ບໍ່ມີ / Nil',
  missing: 'ຂາດ / Missing',
  not_assigned: '-',
};
/** Colours by the cell's own text (the section columns have no separate code column). */
const SECTION_STATUS_COLOURS: Readonly<Record<string, string>> = {
  [SECTION_STATUS_TEXT.complete]: GREEN,
  [SECTION_STATUS_TEXT.nil]: 'FFDDEBF7',
  [SECTION_STATUS_TEXT.missing]: RED,
  [SECTION_STATUS_TEXT.not_assigned]: GREY,
};
const SECTION_TITLES: Readonly<Record<string, Bilingual>> = Object.fromEntries(
  TEMPLATE_SPEC.tables.map((t) => [t.section, t.title]),
);

/** More spent than planned: a red cell and a flag, never a capped figure. */
const ABOVE_100_FLAG = 'ໃຊ້ເກີນແຜນ > 100 % / Above 100 %: check spent and planned';

const bi = (lo: string, en: string): Bilingual => ({ lo, en });

/** One column of a table sheet. */
interface ColumnDef {
  /** Machine key, written in the hidden key row. */
  readonly key: string;
  readonly header: Bilingual;
  readonly width: number;
  readonly numFmt?: string;
}

type Labeller = (list: ChoiceListKey, code: FieldValue | undefined) => string | null;

/** Labels codes the way the report's spec does (its choice lists, the catalogue's provinces and units). */
function labellerFor(report: NationalReport, catalogue: Catalogue): Labeller {
  const spec = { ...TEMPLATE_SPEC, choiceLists: report.choiceLists };
  const cache = new Map<ChoiceListKey, Map<string, string>>();
  return (list, code) => {
    if (code === null || code === undefined || code === '') return null;
    let labels = cache.get(list);
    if (!labels) {
      labels = new Map(resolveChoices(spec, catalogue, list).map((c) => [c.code, displayChoice(c)]));
      cache.set(list, labels);
    }
    return labels.get(String(code)) ?? String(code);
  };
}

function unitName(catalogue: Catalogue, code: string | null): string | null {
  if (!code) return null;
  const unit = catalogue.unitByCode.get(code);
  return unit ? joinBilingual(unit.name) : code;
}

function formatOf(field: FieldSpec): string | undefined {
  if (field.type === 'count' || field.type === 'money') return COUNT_FORMAT;
  if (field.type === 'percent') return RATE_FORMAT;
  if (field.type === 'date') return NUMBER_FORMATS.date;
  return undefined;
}

/** The header of a field with its unit of measure: cases, persons, LAK, %. */
function fieldHeader(field: FieldSpec): Bilingual {
  const measure = field.measure;
  if (!measure) return field.label;
  return bi(`${field.label.lo} (${measure.lo})`, `${field.label.en} (${measure.en})`);
}

/** A field's columns: choice fields get a code column and a label column, others one column. */
function fieldColumns(field: FieldSpec): ColumnDef[] {
  if (field.type === 'choice')
    return [
      { key: field.key, header: bi(`${field.label.lo} (ລະຫັດ)`, `${field.label.en} (code)`), width: 11 },
      { key: `${field.key}_label`, header: field.label, width: field.width ?? 22 },
    ];
  return [{ key: field.key, header: fieldHeader(field), width: field.width ?? 14, numFmt: formatOf(field) }];
}

/** A field's cell values, matching {@link fieldColumns}. */
function fieldCells(field: FieldSpec, value: FieldValue | undefined, label: Labeller): CellValue[] {
  const present = value === undefined || value === '' ? null : value;
  if (field.type === 'choice') return [present, field.list ? label(field.list, present) : present];
  // Dates are stored as ISO days; Date.UTC keeps the calendar day in every time zone.
  if (field.type === 'date' && typeof present === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(present))
    return [new Date(`${present}T00:00:00Z`)];
  return [present];
}

/** Rough header height: enough lines for both languages at the column width. */
function headerHeight(columns: readonly ColumnDef[]): number {
  const lines = columns.map(
    (c) =>
      Math.ceil(c.header.lo.length / Math.max(4, c.width - 1)) +
      Math.ceil(c.header.en.length / Math.max(4, c.width - 1)),
  );
  return Math.min(150, Math.max(30, 14 * Math.max(2, ...lines)));
}

const HEADER_ALIGNMENT: Partial<Alignment> = { wrapText: true, vertical: 'middle', horizontal: 'center' };

/**
 * Writes rows in order and commits each at once: the streaming writer keeps nothing behind.
 *
 * Cells that look alike share one style object. exceljs gives every new cell its own copy of
 * the column's style and, on commit, serialises each cell's style to XML to find its index
 * (its index cache is keyed by object identity); a shared object is serialised once per
 * sheet. Cells are only ever given a whole style here, never a property of one, so a shared
 * object is never changed through one cell (the exceljs pitfall of restyling neighbours).
 */
class RowWriter {
  next = 1;
  private readonly styles = new Map<string, Partial<Style>>();
  private readonly fontIds = new Map<Partial<Font>, number>();
  constructor(readonly sheet: Worksheet) {}

  /** The shared style of a cell in column `index` (its column's style plus the overrides). */
  private styleFor(
    index: number,
    columnStyle: Partial<Style>,
    format: string | undefined,
    font: Partial<Font> | undefined,
    header: boolean,
  ): Partial<Style> {
    let fontId = font ? this.fontIds.get(font) : 0;
    if (font && fontId === undefined) {
      fontId = this.fontIds.size + 1;
      this.fontIds.set(font, fontId);
    }
    const key = `${index}|${format ?? ''}|${header ? 'header' : fontId}`;
    let shared = this.styles.get(key);
    if (!shared) {
      shared = { ...columnStyle };
      if (format) shared.numFmt = format;
      if (header)
        Object.assign(shared, { font: HEADER_FONT, fill: HEADER_FILL, alignment: HEADER_ALIGNMENT });
      else if (font) shared.font = font;
      this.styles.set(key, shared);
    }
    return shared;
  }

  /** Writes a row; `formats` overrides column number formats cell by cell. */
  write(
    values: readonly CellValue[],
    style: {
      font?: Partial<Font>;
      formats?: readonly (string | undefined)[];
      height?: number;
      hidden?: boolean;
      header?: boolean;
    } = {},
  ): number {
    const row = this.sheet.getRow(this.next);
    values.forEach((value, index) => {
      const cell = row.getCell(index + 1);
      if (value !== null && value !== undefined) cell.value = value;
      cell.style = this.styleFor(
        index,
        cell.style,
        style.formats?.[index],
        style.font,
        style.header === true,
      );
    });
    if (style.height) row.height = style.height;
    if (style.hidden) row.hidden = true;
    row.commit();
    return this.next++;
  }

  skip(): void {
    this.next++;
  }
}

/** Conditional formats of one sheet, with priorities unique within it. */
class SheetFormats {
  private priority = 1;
  private readonly dataBars: { id: string; ref: string }[] = [];
  constructor(
    readonly sheet: Worksheet,
    private readonly sheetIndex: number,
  ) {}

  /** Colours the cells of `ref` by the code in `codeColumn` (an exact match, not "contains"). */
  colourByCode(ref: string, codeColumn: string, firstRow: number, colours: Readonly<Record<string, string>>) {
    const rules: ConditionalFormattingRule[] = Object.entries(colours).map(([code, argb]) => ({
      type: 'expression',
      priority: this.priority++,
      formulae: [`$${codeColumn}${firstRow}="${code}"`],
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb } } },
    }));
    this.sheet.addConditionalFormatting({ ref, rules });
  }

  /** Fills red the cells of `ref` whose rate passes 100 (execution above plan): flagged, not hidden. */
  above100(ref: string, column: string, firstRow: number) {
    this.sheet.addConditionalFormatting({
      ref,
      rules: [
        {
          type: 'expression',
          priority: this.priority++,
          formulae: [`AND(ISNUMBER($${column}${firstRow}),$${column}${firstRow}>100)`],
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: RED } },
            font: { bold: true },
          },
        },
      ],
    });
  }

  /** A solid data bar from 0 to 100 (percent complete, averages). */
  dataBar(ref: string) {
    const id = `{00000000-0000-4000-8000-${String(this.sheetIndex * 1000 + this.dataBars.length + 1).padStart(12, '0')}}`;
    this.dataBars.push({ id, ref });
    const rule = {
      type: 'dataBar',
      priority: this.priority++,
      gradient: false,
      cfvo: [
        { type: 'num', value: 0 },
        { type: 'num', value: 100 },
      ],
      color: { argb: DATA_BAR_COLOUR },
      x14Id: id,
    };
    this.sheet.addConditionalFormatting({ ref, rules: [rule as ConditionalFormattingRule] });
  }

  /**
   * exceljs writes a data bar's 2007 part with a reference to its Excel 2010 part (solid
   * fill, bar from 0), but its streaming writer never writes that part: a dangling reference
   * Excel may "repair". Write it ourselves, last in the worksheet where the schema puts it.
   */
  installExtensions(): void {
    if (!this.dataBars.length) return;
    const internals = this.sheet as unknown as {
      _writeCloseWorksheet?: () => void;
      _write?: (text: string) => void;
    };
    const close = internals._writeCloseWorksheet;
    const write = internals._write;
    if (typeof close !== 'function' || typeof write !== 'function') return;
    const xml = dataBarExtensionXml(this.dataBars);
    internals._writeCloseWorksheet = () => {
      write.call(this.sheet, xml);
      close.call(this.sheet);
    };
  }
}

function dataBarExtensionXml(bars: readonly { id: string; ref: string }[]): string {
  const formattings = bars
    .map(
      (bar) =>
        '<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">' +
        `<x14:cfRule type="dataBar" id="${bar.id}">` +
        '<x14:dataBar minLength="0" maxLength="100" gradient="0">' +
        '<x14:cfvo type="num"><xm:f>0</xm:f></x14:cfvo><x14:cfvo type="num"><xm:f>100</xm:f></x14:cfvo>' +
        '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/>' +
        `</x14:dataBar></x14:cfRule><xm:sqref>${bar.ref}</xm:sqref></x14:conditionalFormatting>`,
    )
    .join('');
  return (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" ' +
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
    `<x14:conditionalFormattings>${formattings}</x14:conditionalFormattings></ext></extLst>`
  );
}

/** Column letter(s) of a 1-based column number. */
function letter(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

type StreamWorkbook = InstanceType<Awaited<ReturnType<typeof loadStreamingWorkbookWriter>>>;

/** Context shared by the sheet writers. */
interface Context {
  readonly workbook: StreamWorkbook;
  readonly report: NationalReport;
  readonly catalogue: Catalogue;
  readonly label: Labeller;
}

interface TableSheet {
  readonly sheet: Worksheet;
  readonly rows: RowWriter;
  readonly formats: SheetFormats;
  readonly columns: readonly ColumnDef[];
}

/**
 * Opens a table sheet: columns, frozen header, print set-up, hidden keys and header, all
 * before the first row is committed (the streaming writer cannot go back).
 */
function openTable(
  context: Context,
  name: (typeof NATIONAL_SHEETS)[number],
  title: Bilingual,
  columns: readonly ColumnDef[],
  freezeColumns: number,
): TableSheet {
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  const sheet = context.workbook.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: freezeColumns,
        ySplit: TABLE_LAYOUT.headerRow,
        topLeftCell: `${letter(freezeColumns + 1)}${TABLE_LAYOUT.firstDataRow}`,
        activeCell: `A${TABLE_LAYOUT.firstDataRow}`,
      },
    ],
    pageSetup: {
      ...A4_LANDSCAPE,
      // Wide tables (case statistics has 50 columns) print on several pages, not in 3-point type.
      fitToWidth: Math.max(1, Math.ceil(totalWidth / 200)),
      printTitlesRow: `${TABLE_LAYOUT.headerRow}:${TABLE_LAYOUT.headerRow}`,
      ...(freezeColumns ? { printTitlesColumn: `A:${letter(freezeColumns)}` } : {}),
    },
    headerFooter: {
      oddHeader: `&L${joinBilingual(title)}&R${context.report.scope.label}`,
      oddFooter: `&L${name} - ${context.report.scope.label}&R&P / &N`,
    },
  });
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    sheetColumn.font = BODY_FONT;
    if (column.numFmt) sheetColumn.numFmt = column.numFmt;
  });
  const rows = new RowWriter(sheet);
  rows.write(
    columns.map((c) => c.key),
    { hidden: true },
  );
  rows.write(
    columns.map((c) => `${c.header.lo}\n${c.header.en}`),
    { header: true, height: headerHeight(columns) },
  );
  const formats = new SheetFormats(sheet, NATIONAL_SHEETS.indexOf(name) + 1);
  return { sheet, rows, formats, columns };
}

/** Auto-filter over the header and data rows (never the totals below), then commit. */
function closeTable(table: TableSheet, lastDataRow: number): void {
  table.sheet.autoFilter = {
    from: { row: TABLE_LAYOUT.headerRow, column: 1 },
    to: { row: Math.max(TABLE_LAYOUT.headerRow, lastDataRow), column: table.columns.length },
  };
  table.formats.installExtensions();
  table.sheet.commit();
}

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

function summaryValues(report: NationalReport, item: ProgressSummary, first: CellValue): CellValue[] {
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

function writeSummary(context: Context): void {
  const { workbook, report, label } = context;
  const columns = summaryColumns(report, label);
  const sheet = workbook.addWorksheet('Summary', {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: '1:1' },
    headerFooter: { oddFooter: `&LSummary - ${report.scope.label}&R&P / &N` },
  });
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    sheetColumn.font = BODY_FONT;
    // Titles wrap to a Lao line and an English line; rows without a set height grow to fit.
    sheetColumn.alignment = { vertical: 'top', wrapText: column.key === 'title' };
    if (column.numFmt) sheetColumn.numFmt = column.numFmt;
  });
  const rows = new RowWriter(sheet);
  const formats = new SheetFormats(sheet, 1);
  const { scope, plan } = report;
  const months =
    scope.months.length > 1 ? `${scope.months[0]} - ${scope.months.at(-1)}` : (scope.months[0] ?? '');
  rows.write([`ບົດລາຍງານລະດັບຊາດ ${scope.label} / National report ${scope.label}`], {
    font: TITLE_FONT,
    height: 24,
  });
  rows.write([`${plan.title.lo} / ${plan.title.en}`], { font: BOLD_FONT });
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
  rows.write(
    [
      'ງົບປະມານ: ໃຊ້ຈ່າຍໃນໄລຍະ ທຽບກັບແຜນຂອງໄລຍະດຽວກັນ (1/12 ຂອງແຜນປີ ຕໍ່ເດືອນທີ່ລາຍງານ); ແບບຟອມສະບັບ 1: ໃຊ້ຈ່າຍສະສົມ ທຽບກັບງົບທັງໝົດຂອງກິດຈະກຳ / Budget: spent in the period against the plan for the same period (a twelfth of the year’s plan per month reported); template version 1 reports: spent to date against the activity’s whole budget',
    ],
    { font: NOTE_FONT },
  );
  let filterRange: { from: number; to: number } | undefined;
  const rateColumn = letter(columns.findIndex((c) => c.key === 'execution_rate') + 1);
  const percentColumn = letter(columns.findIndex((c) => c.key === 'average_percent') + 1);
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
  sheet.commit();
}

// ---------------------------------------------------------------------------------------
// Reporting status

function rateCells(rates: ReportingRates, first: CellValue): CellValue[] {
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

function writeReportingStatus(context: Context): void {
  const { report, catalogue } = context;
  const columns: ColumnDef[] = [
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    { key: 'unit_code', header: bi('ລະຫັດຫົວໜ່ວຍ', 'Unit code'), width: 11 },
    { key: 'unit_name', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 50 },
    { key: 'status', header: bi('ສະຖານະ (ລະຫັດ)', 'Status (code)'), width: 11 },
    { key: 'status_label', header: bi('ສະຖານະ', 'Status'), width: 22 },
    { key: 'submitted_at', header: bi('ສົ່ງເມື່ອ (UTC)', 'Submitted at (UTC)'), width: 24 },
    { key: 'submitted_by', header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 20 },
    { key: 'file_name', header: bi('ຊື່ໄຟລ໌', 'File name'), width: 30 },
    { key: 'sha256', header: bi('ລາຍນິ້ວມືໄຟລ໌ (sha256)', 'File sha256'), width: 20 },
    { key: 'review', header: bi('ການກວດຂອງກອງເລຂາ', 'Secretariat review'), width: 22 },
    // Per section: complete, nil (marked "nothing to report") or missing.
    ...Object.entries(SECTION_TITLES).map(([section, title]) => ({
      key: `section_${section}`,
      header: title,
      width: 15,
    })),
  ];
  const table = openTable(context, 'Reporting status', bi('ສະຖານະການລາຍງານ', 'Reporting status'), columns, 2);
  const { rows, formats } = table;
  const sectionKeys = Object.keys(SECTION_TITLES) as (keyof typeof SECTION_TITLES)[];
  for (const entry of report.reporting.entries)
    rows.write([
      entry.period,
      entry.unitCode,
      unitName(catalogue, entry.unitCode),
      entry.status,
      joinBilingual(REPORTING_LABELS[entry.status]),
      entry.submittedAt,
      entry.submittedBy,
      entry.fileName,
      entry.sha256,
      entry.review ? joinBilingual(REVIEW_LABELS[entry.review]) : null,
      ...sectionKeys.map((section) => {
        const status = entry.sections[section as keyof typeof entry.sections];
        return status ? SECTION_STATUS_TEXT[status] : null;
      }),
    ]);
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
      const column = letter(first + index);
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

// ---------------------------------------------------------------------------------------
// Activities

function writeActivities(context: Context): void {
  const { report, label } = context;
  const fields = report.activities.fields;
  const fixed: ColumnDef[] = [
    { key: 'activity_code', header: bi('ລະຫັດກິດຈະກຳ', 'Activity code'), width: 11 },
    { key: 'activity_title_lo', header: bi('ກິດຈະກຳ', 'Activity (Lao)'), width: 40 },
    { key: 'activity_title_en', header: bi('ກິດຈະກຳ (ອັງກິດ)', 'Activity'), width: 40 },
    { key: 'goal', header: bi('ເປົ້າໝາຍ', 'Goal'), width: 8 },
    { key: 'programme', header: bi('ແຜນງານ', 'Programme'), width: 10 },
    { key: 'project', header: bi('ໂຄງການ', 'Project'), width: 9 },
    { key: 'lead_unit', header: bi('ຫົວໜ່ວຍຮັບຜິດຊອບຫຼັກ', 'Lead unit'), width: 11 },
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍລາຍງານ', 'Reported by'), width: 11 },
    { key: 'periods', header: bi('ເດືອນທີ່ລາຍງານ', 'Months reported'), width: 16 },
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
    { key: 'money_basis', header: bi('ພື້ນຖານ', 'Basis'), width: 14 },
  ];
  const columns = [...fixed, ...fields.flatMap(fieldColumns), ...moneyColumns];
  const table = openTable(context, 'Activities', bi('ຄວາມຄືບໜ້າຂອງກິດຈະກຳ', 'Activity progress'), columns, 1);
  const { rows, formats } = table;
  const cellsOf = (line: ActivityLine): CellValue[] =>
    fields.flatMap((field) => {
      if (line.unitCode === null && field.key === 'status')
        return [NOT_REPORTED, joinBilingual(NOT_REPORTED_LABEL)];
      return fieldCells(field, line.values[field.key], label);
    });
  for (const line of report.activities.lines)
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
  const last = rows.next - 1;
  const first = TABLE_LAYOUT.firstDataRow;
  if (last >= first) {
    const statusIndex = columns.findIndex((c) => c.key === 'status');
    if (statusIndex >= 0) {
      const code = letter(statusIndex + 1);
      const end = columns[statusIndex + 1]?.key === 'status_label' ? letter(statusIndex + 2) : code;
      formats.colourByCode(`${code}${first}:${end}${last}`, code, first, ACTIVITY_COLOURS);
    }
    const percentIndex = columns.findIndex((c) => c.key === 'percent_complete');
    if (percentIndex >= 0) {
      const percent = letter(percentIndex + 1);
      formats.dataBar(`${percent}${first}:${percent}${last}`);
    }
    const rate = letter(columns.findIndex((c) => c.key === 'execution_rate') + 1);
    formats.above100(`${rate}${first}:${rate}${last}`, rate, first);
  }
  closeTable(table, last);
}

// ---------------------------------------------------------------------------------------
// Summed tables: case statistics, victim assistance

const UNITS_COLUMN: ColumnDef = { key: 'units', header: bi('ຫົວໜ່ວຍທີ່ລາຍງານ', 'Reported by'), width: 30 };

function summedColumns(section: SummedSection): ColumnDef[] {
  return [...section.keyFields.flatMap(fieldColumns), ...section.fields.flatMap(fieldColumns), UNITS_COLUMN];
}

function summedCells(section: SummedSection, row: SummedRow, label: Labeller): CellValue[] {
  return [
    ...section.keyFields.flatMap((f) => fieldCells(f, row.keys[f.key] ?? null, label)),
    ...section.fields.map((f) => row.values[f.key] ?? 0),
    row.units.join(', ') || null,
  ];
}

function totalCells(section: SummedSection, row: SummedRow): CellValue[] {
  const keyWidth = section.keyFields.flatMap(fieldColumns).length;
  return [
    TOTAL_LABEL,
    ...Array.from({ length: Math.max(0, keyWidth - 1) }, () => null),
    ...section.fields.map((f) => row.values[f.key] ?? 0),
    row.units.join(', ') || null,
  ];
}

function writeCases(context: Context): void {
  const { report, label } = context;
  const section = report.cases;
  const columns = summedColumns(section);
  const table = openTable(
    context,
    'Case statistics',
    bi('ສະຖິຕິຄະດີ ແຍກຕາມແຂວງ', 'Case statistics by province'),
    columns,
    section.keyFields.flatMap(fieldColumns).length,
  );
  for (const row of section.rows) table.rows.write(summedCells(section, row, label));
  const last = table.rows.next - 1;
  table.rows.write(totalCells(section, section.total), { font: BOLD_FONT });
  closeTable(table, last);
}

function writeAssistance(context: Context): void {
  const { report, label } = context;
  const section = report.assistance;
  const columns = summedColumns(section);
  const table = openTable(
    context,
    'Victim assistance',
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

// ---------------------------------------------------------------------------------------
// Awareness and training

function writeAwareness(context: Context): void {
  const { report, catalogue, label } = context;
  const section = report.awareness;
  const participantsHeader = bi('ຜູ້ເຂົ້າຮ່ວມ ລວມ', 'Participants, total');
  const columns: ColumnDef[] = [
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 11 },
    { key: 'unit_name', header: bi('ຊື່ຫົວໜ່ວຍ', 'Unit name'), width: 36 },
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    ...section.fields.flatMap(fieldColumns),
    { key: 'participants_total', header: participantsHeader, width: 12, numFmt: COUNT_FORMAT },
  ];
  const table = openTable(
    context,
    'Awareness and training',
    bi('ການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', 'Awareness raising and training'),
    columns,
    1,
  );
  const { rows } = table;
  for (const event of section.events)
    rows.write([
      event.unitCode,
      unitName(catalogue, event.unitCode),
      event.period,
      ...section.fields.flatMap((f) => fieldCells(f, event.values[f.key], label)),
      event.participantsTotal,
    ]);
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

// ---------------------------------------------------------------------------------------
// Reconciliation (content in ./sheets/reconciliation-sheet.ts)

function writeReconciliation(context: Context): void {
  const table = openTable(context, RECONCILIATION_SHEET, RECONCILIATION_TITLE, RECONCILIATION_COLUMNS, 3);
  const rows = reconciliationRows(context.report, (list, code) => context.label(list, code));
  for (const cells of rows) table.rows.write(cells);
  const last = table.rows.next - 1;
  if (!rows.length) table.rows.write([joinBilingual(RECONCILIATION_EMPTY)], { font: NOTE_FONT });
  closeTable(table, last);
}

// ---------------------------------------------------------------------------------------
// Warnings and sources

function writeWarnings(context: Context): void {
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
    'Warnings',
    bi('ຄຳເຕືອນຈາກການກວດສອບ', 'Warnings carried from validation'),
    columns,
    2,
  );
  for (const w of context.report.warnings)
    table.rows.write([w.unitCode, w.period, w.sheet, w.cell, w.field, w.code, w.message.lo, w.message.en]);
  closeTable(table, table.rows.next - 1);
}

function writeSources(context: Context): void {
  const columns: ColumnDef[] = [
    { key: 'unit_code', header: bi('ຫົວໜ່ວຍ', 'Unit'), width: 11 },
    { key: 'unit_name', header: bi('ຊື່ຫົວໜ່ວຍ', 'Unit name'), width: 44 },
    { key: 'period', header: bi('ເດືອນ', 'Month'), width: 10 },
    { key: 'submitted_at', header: bi('ສົ່ງເມື່ອ (UTC)', 'Submitted at (UTC)'), width: 24 },
    { key: 'submitted_by', header: bi('ສົ່ງໂດຍ', 'Submitted by'), width: 20 },
    { key: 'file_name', header: bi('ຊື່ໄຟລ໌', 'File name'), width: 30 },
    { key: 'sha256', header: bi('ລາຍນິ້ວມືໄຟລ໌ (sha256)', 'File sha256'), width: 68 },
  ];
  const table = openTable(context, 'Sources', bi('ແຫຼ່ງຂໍ້ມູນ', 'Sources'), columns, 1);
  for (const s of context.report.sources)
    table.rows.write([
      s.unitCode,
      unitName(context.catalogue, s.unitCode),
      s.period,
      s.submittedAt,
      s.submittedBy,
      s.fileName,
      s.sha256,
    ]);
  closeTable(table, table.rows.next - 1);
}

// ---------------------------------------------------------------------------------------

/**
 * Streams the national workbook of a report to `output` (a file, an upload, a response).
 * Resolves once the whole .xlsx has been written and `output` has finished.
 */
/** What the workbook may hold besides the report's detail sheets. */
export interface NationalWorkbookOptions {
  /** The front section: its sheets come first, its chart data last. */
  readonly front?: FrontSection;
}

/**
 * Streams the national workbook of a report to `output`. Returns the native charts to add to
 * the finished package (see {@link writeNationalWorkbookToBuffer}, which adds them).
 */
export async function writeNationalWorkbook(
  report: NationalReport,
  catalogue: Catalogue,
  output: Writable,
  options: NationalWorkbookOptions = {},
): Promise<PlacedChart[]> {
  const WorkbookWriter = await loadStreamingWorkbookWriter();
  const workbook = new WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Laingan';
  workbook.lastModifiedBy = 'Laingan';
  workbook.title = `National report ${report.scope.label}`;
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const context: Context = { workbook, report, catalogue, label: labellerFor(report, catalogue) };
  const charts = options.front ? writeFrontSheets(workbook, options.front, report.choiceLists.status) : [];
  writeSummary(context);
  writeReportingStatus(context);
  writeActivities(context);
  writeCases(context);
  writeAssistance(context);
  writeAwareness(context);
  writeReconciliation(context);
  writeWarnings(context);
  writeSources(context);
  if (options.front) writeChartData(workbook, options.front);
  await workbook.commit();
  return charts;
}

/** The national workbook as .xlsx bytes (tests, small scopes, storage `put`). */
export async function writeNationalWorkbookToBuffer(
  report: NationalReport,
  catalogue: Catalogue,
  options: NationalWorkbookOptions = {},
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    },
  });
  const charts = await writeNationalWorkbook(report, catalogue, sink, options);
  return addChartsToXlsx(new Uint8Array(Buffer.concat(chunks)), charts);
}
