import type { Alignment, ConditionalFormattingRule, Font, Style, Worksheet } from 'exceljs';
import {
  A4_LANDSCAPE,
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  NUMBER_FORMATS,
} from '../../../templates/workbook-style.ts';
import { sheetXmlTaken } from '../../grid/exceljs-workbook.ts';
import type { FieldValue } from '../../parse/coerce-cell.ts';
import type { Catalogue } from '../../reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../../spec/choices.ts';
import type { ChoiceListKey, FieldSpec } from '../../spec/field-types.ts';
import { FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, TEMPLATE_SPEC } from '../../spec/template-spec.ts';
import { type Bilingual, joinBilingual } from '../../text/bilingual.ts';
import type { ReportingStatus } from '../compile-input.ts';
import { type NationalReport, NOT_REPORTED } from '../national-report.ts';
import type { SectionStatus } from '../section-status.ts';
import { RECONCILIATION_SHEET } from './reconciliation-sheet.ts';
import { RowXmlWriter, type SharedStyle, type SheetValue } from './row-xml.ts';
import { columnLetter, LAO_CHAR, pageFooter, type StreamWorkbook, textHeight } from './sheet-kit.ts';

/** Height of one wrapped line of 10-point Lao ({@link textHeight} of a short text). */
const ONE_LINE_HEIGHT = textHeight('ກ', 100);

/**
 * Tabs of the detail sheets, Lao first with English. A plan section's suffix (` 2021-25`, or
 * ` 2021-25b` when spans repeat: at most 9 characters) keeps each within Excel's 31.
 */
export const NATIONAL_TABS = {
  summary: 'ສະຫຼຸບ Summary',
  reporting: 'ການລາຍງານ Reporting',
  activities: 'ກິດຈະກຳ Activities',
  cases: 'ຄະດີ Case statistics',
  assistance: 'ຊ່ວຍເຫຼືອ Assistance',
  awareness: 'ເຜີຍແຜ່ Awareness',
  reconciliation: RECONCILIATION_SHEET,
  warnings: 'ຄຳເຕືອນ Warnings',
  sources: 'ແຫຼ່ງຂໍ້ມູນ Sources',
} as const;

/** Longest plan-section suffix a tab must leave room for. */
export const SECTION_SUFFIX_ROOM = 9;

/** Sheet names, in workbook order. */
export const NATIONAL_SHEETS = Object.values(NATIONAL_TABS);

/** Label in column A of every total row (tests and readers find totals by it). */
export const TOTAL_LABEL = 'ລວມທັງໝົດ / Total';
/** Label of the assistance row counting each person once (the total above it counts services). */
export const PERSONS_ASSISTED_LABEL = 'ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ (ຄົນ) / Persons assisted (each once)';
/** Note under the case statistics: each figure from its source of record only. */
export const SOURCE_OF_RECORD_NOTE =
  'ແຕ່ລະຕົວເລກມາຈາກແຫຼ່ງທາງການຂອງມັນເທົ່ານັ້ນ (shared/reference/sources-of-record.json); ຕົວເລກຂອງຫົວໜ່ວຍອື່ນຢູ່ໃນແຜ່ນ Reconciliation / Each figure comes from its source of record only; what other units reported is on the Reconciliation sheet';
export const SERVICES_NOTE =
  'ແຖວ "ລວມທັງໝົດ" ນັບການບໍລິການ (ຄົນດຽວອາດໄດ້ຫຼາຍຢ່າງ); ແຖວ "ຜູ້ໄດ້ຮັບການຊ່ວຍເຫຼືອ" ນັບແຕ່ລະຄົນເທື່ອດຽວ. ຕົວເລກມາຈາກແຫຼ່ງທາງການເທົ່ານັ້ນ (ເບິ່ງ Reconciliation) / The Total row counts services given (one person may get several); Persons assisted counts each person once. Figures come from their source of record only (see Reconciliation)';

/** Rows of a table sheet, as in the templates: hidden field keys, bilingual header, first data row. */
export const TABLE_LAYOUT = { keyRow: KEY_ROW, headerRow: HEADER_ROW, firstDataRow: FIRST_DATA_ROW } as const;

/** Fixed workbook dates: the same report must give the same workbook content. */
export const FIXED_DATE = new Date(Date.UTC(2021, 0, 1));

export const COUNT_FORMAT = '#,##0';
export const RATE_FORMAT = '0.0';
export const BOLD_FONT: Partial<Font> = { ...BODY_FONT, bold: true };
export const SECTION_FONT: Partial<Font> = {
  ...BODY_FONT,
  bold: true,
  size: 12,
  color: { argb: 'FF1F3864' },
};
export const NOTE_FONT: Partial<Font> = { ...BODY_FONT, italic: true, color: { argb: 'FF7F7F7F' } };

export const GREEN = 'FFC6EFCE';
export const AMBER = 'FFFFEB9C';
export const RED = 'FFFFC7CE';
export const GREY = 'FFD9D9D9';
export const DATA_BAR_COLOUR = 'FF5B9BD5';

/** Cell colours by activity status: done green, trouble red, stopped or silent grey. */
export const ACTIVITY_COLOURS: Readonly<Record<string, string>> = {
  completed: GREEN,
  in_progress: 'FFDDEBF7',
  not_started: 'FFF2F2F2',
  delayed: RED,
  cancelled: 'FFBFBFBF',
  [NOT_REPORTED]: GREY,
};

/** Cell colours by reporting status. */
export const REPORTING_COLOURS: Readonly<Record<ReportingStatus, string>> = {
  on_time: GREEN,
  late: AMBER,
  missing: RED,
  rejected: RED,
  returned: RED,
};

export const REPORTING_LABELS: Readonly<Record<ReportingStatus, Bilingual>> = {
  on_time: { lo: 'ສົ່ງທັນເວລາ', en: 'On time' },
  late: { lo: 'ສົ່ງຊ້າ', en: 'Late' },
  missing: { lo: 'ບໍ່ໄດ້ສົ່ງ', en: 'Missing' },
  rejected: { lo: 'ຖືກປະຕິເສດ', en: 'Rejected' },
  returned: { lo: 'ກອງເລຂາສົ່ງຄືນ', en: 'Returned by the Secretariat' },
};

export const REVIEW_LABELS: Readonly<Record<'reviewed' | 'unreviewed', Bilingual>> = {
  reviewed: { lo: 'ກອງເລຂາກວດແລ້ວ', en: 'Reviewed' },
  unreviewed: { lo: 'ຍັງບໍ່ໄດ້ກວດ', en: 'Not reviewed' },
};

export const NOT_REPORTED_LABEL: Bilingual = { lo: 'ບໍ່ໄດ້ລາຍງານ', en: 'Not reported' };

/** Per-section status of a unit's month: complete, explicitly nil, or missing. */
export const SECTION_STATUS_TEXT: Readonly<Record<SectionStatus, string>> = {
  complete: 'ຄົບ / Complete',
  nil: 'ບໍ່ມີ / Nil',
  missing: 'ຂາດ / Missing',
  not_assigned: '-',
};
/** Colours by the cell's own text (the section columns have no separate code column). */
export const SECTION_STATUS_COLOURS: Readonly<Record<string, string>> = {
  [SECTION_STATUS_TEXT.complete]: GREEN,
  [SECTION_STATUS_TEXT.nil]: 'FFDDEBF7',
  [SECTION_STATUS_TEXT.missing]: RED,
  [SECTION_STATUS_TEXT.not_assigned]: GREY,
};
export const SECTION_TITLES: Readonly<Record<string, Bilingual>> = Object.fromEntries(
  TEMPLATE_SPEC.tables.map((t) => [t.section, t.title]),
);

/** More spent than planned: a red cell and a flag, never a capped figure. */
export const ABOVE_100_FLAG = 'ໃຊ້ເກີນແຜນ > 100 % / Above 100 %: check spent and planned';

export const bi = (lo: string, en: string): Bilingual => ({ lo, en });

/** One column of a table sheet. */
export interface ColumnDef {
  /** Machine key, written in the hidden key row. */
  readonly key: string;
  readonly header: Bilingual;
  readonly width: number;
  readonly numFmt?: string;
  /** Wraps its text, rows growing to fit; by default every text column 20 or more wide. */
  readonly wrap?: boolean;
}

/** Whether a column wraps its text (see {@link ColumnDef.wrap}). */
export const wrapsText = (column: ColumnDef): boolean =>
  column.wrap ?? (!column.numFmt && column.width >= 20);

export type Labeller = (list: ChoiceListKey, code: FieldValue | undefined) => string | null;

/** Labels codes the way the report's spec does (its choice lists, the catalogue's provinces and units). */
export function labellerFor(report: NationalReport, catalogue: Catalogue): Labeller {
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

export function unitName(catalogue: Catalogue, code: string | null): string | null {
  if (!code) return null;
  const unit = catalogue.unitByCode.get(code);
  return unit ? joinBilingual(unit.name) : code;
}

export function formatOf(field: FieldSpec): string | undefined {
  if (field.type === 'count' || field.type === 'money') return COUNT_FORMAT;
  if (field.type === 'percent') return RATE_FORMAT;
  if (field.type === 'date') return NUMBER_FORMATS.date;
  return undefined;
}

/** The header of a field with its unit of measure: cases, persons, LAK, %. */
export function fieldHeader(field: FieldSpec): Bilingual {
  const measure = field.measure;
  if (!measure) return field.label;
  // A label that already names its unit ("ສຳເລັດ (%)") keeps it once, language by language.
  const withMeasure = (label: string, unit: string) =>
    label.endsWith(`(${unit})`) ? label : `${label} (${unit})`;
  return bi(withMeasure(field.label.lo, measure.lo), withMeasure(field.label.en, measure.en));
}

/** A field's columns: choice fields get a code column and a label column, others one column. */
export function fieldColumns(field: FieldSpec): ColumnDef[] {
  if (field.type === 'choice')
    return [
      // Codes wrap rather than run under the label beside them ("development_partner").
      {
        key: field.key,
        header: bi(`${field.label.lo} (ລະຫັດ)`, `${field.label.en} (code)`),
        width: 11,
        wrap: true,
      },
      { key: `${field.key}_label`, header: field.label, width: field.width ?? 22 },
    ];
  return [{ key: field.key, header: fieldHeader(field), width: field.width ?? 14, numFmt: formatOf(field) }];
}

/** A field's cell values, matching {@link fieldColumns}. */
export function fieldCells(field: FieldSpec, value: FieldValue | undefined, label: Labeller): SheetValue[] {
  const present = value === undefined || value === '' ? null : value;
  if (field.type === 'choice') return [present, field.list ? label(field.list, present) : present];
  // Dates are stored as ISO days; Date.UTC keeps the calendar day in every time zone.
  if (field.type === 'date' && typeof present === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(present))
    return [new Date(`${present}T00:00:00Z`)];
  return [present];
}

/** Rough header height: enough lines for both languages at the column width. */
export function headerHeight(columns: readonly ColumnDef[]): number {
  const lines = columns.map(
    (c) =>
      Math.ceil(c.header.lo.length / Math.max(4, c.width - 1)) +
      Math.ceil(c.header.en.length / Math.max(4, c.width - 1)),
  );
  return Math.min(150, Math.max(30, 14 * Math.max(2, ...lines)));
}

export const HEADER_ALIGNMENT: Partial<Alignment> = {
  wrapText: true,
  vertical: 'middle',
  horizontal: 'center',
};

/**
 * Writes rows in order, straight to the sheet's XML (see RowXmlWriter): the streaming writer
 * keeps nothing behind.
 *
 * Cells that look alike share one style, registered once in the workbook's styles table: a
 * cell's style is its column's (font, alignment, number format) with the row's overrides.
 */
export class RowWriter {
  next = 1;
  private readonly xml: RowXmlWriter;
  /** Per column, the style of a cell with no overrides (most cells). */
  private readonly plainStyles: SharedStyle[] = [];
  private readonly styles = new Map<string, SharedStyle>();
  /** The styles of the row being written (one array for all rows: the XML writer keeps none). */
  private readonly rowStyles: SharedStyle[] = [];
  private readonly fontIds = new Map<Partial<Font>, number>();
  /** Indexes of the columns whose text wraps. */
  private readonly wrapColumns: number[] = [];
  /**
   * Heights of recent texts per column and font size: titles and unit names repeat row after
   * row. Keyed by the text itself (its hash is kept with the string). Bounded, so memory stays flat.
   */
  private heights = new Map<number, Map<string, number>>();
  private heightCount = 0;
  /**
   * @param wrapWidths the width of each column whose text wraps (undefined for the others):
   *   a row that does not set its own height is made tall enough for its longest wrapped text,
   *   Lao included (LibreOffice and Excel keep the height written; neither grows the row).
   */
  constructor(
    readonly sheet: Worksheet,
    private readonly wrapWidths: readonly (number | undefined)[] = [],
  ) {
    this.xml = new RowXmlWriter(sheet);
    wrapWidths.forEach((width, index) => {
      if (width !== undefined) this.wrapColumns.push(index);
    });
  }

  /** Height (points) the wrapped cells of a row need, or undefined when one line fits. */
  private wrappedHeight(values: readonly SheetValue[], fontSize: number): number | undefined {
    let height = 0;
    for (const index of this.wrapColumns) {
      const value = values[index];
      if (typeof value !== 'string') continue;
      const width = this.wrapWidths[index] as number;
      // One line for sure: no break and room for every character at Lao width.
      if (!value.includes('\n') && value.length * LAO_CHAR * (fontSize / 10) <= width - 1) continue;
      const bucketKey = index * 1000 + fontSize;
      let bucket = this.heights.get(bucketKey);
      if (!bucket) {
        bucket = new Map();
        this.heights.set(bucketKey, bucket);
      }
      let needed = bucket.get(value);
      if (needed === undefined) {
        needed = textHeight(value, width, fontSize);
        if (++this.heightCount > 4096) {
          this.heights = new Map([[bucketKey, bucket]]);
          bucket.clear();
          this.heightCount = 1;
        }
        bucket.set(value, needed);
      }
      if (needed > height) height = needed;
    }
    return height > ONE_LINE_HEIGHT ? height : undefined;
  }

  /** A column's own style, as exceljs gives a new cell of it. */
  private columnStyle(index: number): Partial<Style> {
    const own: Partial<Style> = this.sheet.getColumn(index + 1).style ?? {};
    const style: Partial<Style> = {};
    if (own.numFmt) style.numFmt = own.numFmt;
    if (own.font) style.font = own.font;
    if (own.alignment) style.alignment = own.alignment;
    if (own.border) style.border = own.border;
    if (own.fill) style.fill = own.fill;
    if (own.protection) style.protection = own.protection;
    return style;
  }

  /** The shared style of a cell in column `index` (its column's style plus the overrides). */
  private styleFor(
    index: number,
    format: string | undefined,
    font: Partial<Font> | undefined,
    header: boolean,
  ): SharedStyle {
    if (!format && !font && !header) {
      let plain = this.plainStyles[index];
      if (!plain) {
        plain = { style: this.columnStyle(index) };
        this.plainStyles[index] = plain;
      }
      return plain;
    }
    let fontId = font ? this.fontIds.get(font) : 0;
    if (font && fontId === undefined) {
      fontId = this.fontIds.size + 1;
      this.fontIds.set(font, fontId);
    }
    const key = `${index}|${format ?? ''}|${header ? 'header' : fontId}`;
    let shared = this.styles.get(key);
    if (!shared) {
      const style = this.columnStyle(index);
      if (format) style.numFmt = format;
      if (header) Object.assign(style, { font: HEADER_FONT, fill: HEADER_FILL, alignment: HEADER_ALIGNMENT });
      else if (font) style.font = font;
      shared = { style };
      this.styles.set(key, shared);
    }
    return shared;
  }

  /** Writes a row; `formats` overrides column number formats cell by cell. */
  write(
    values: readonly SheetValue[],
    style: {
      font?: Partial<Font>;
      formats?: readonly (string | undefined)[];
      height?: number;
      hidden?: boolean;
      header?: boolean;
    } = {},
  ): number {
    const header = style.header === true;
    const styles = this.rowStyles;
    styles.length = values.length;
    for (let index = 0; index < values.length; index++)
      styles[index] = this.styleFor(index, style.formats?.[index], style.font, header);
    const height =
      style.height ??
      (header || style.hidden ? undefined : this.wrappedHeight(values, style.font?.size ?? 10));
    this.xml.writeRow(this.next, values, styles, { height, hidden: style.hidden });
    return this.next++;
  }

  /** Writes the buffered rows and commits the sheet. */
  commit(): void {
    this.xml.commit();
  }

  skip(): void {
    this.next++;
  }

  /**
   * Every {@link ROWS_PER_PAUSE} rows, waits until the zip has taken the sheet's XML so far
   * (see sheetXmlTaken). Long lists call it after each row: a five-year workbook's lists are
   * about 17 MB of XML, which was otherwise all held in memory until the workbook's commit.
   */
  async pause(): Promise<void> {
    if (this.next % ROWS_PER_PAUSE !== 0) return;
    this.xml.flush();
    await sheetXmlTaken(this.sheet);
  }
}

/** Rows written between pauses for the zip: a few hundred rows are a few hundred KB of XML. */
const ROWS_PER_PAUSE = 256;

/** Conditional formats of one sheet, with priorities unique within it. */
export class SheetFormats {
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

export function dataBarExtensionXml(bars: readonly { id: string; ref: string }[]): string {
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

/** Context shared by the sheet writers. */
export interface Context {
  readonly workbook: StreamWorkbook;
  readonly report: NationalReport;
  readonly catalogue: Catalogue;
  readonly label: Labeller;
  /** Added to every sheet name of a section (`''` for a one-plan workbook). */
  readonly suffix: string;
  /** Keeps data-bar ids unique when one workbook holds several sections. */
  readonly sheetOffset: number;
}

export interface TableSheet {
  readonly sheet: Worksheet;
  readonly rows: RowWriter;
  readonly formats: SheetFormats;
  readonly columns: readonly ColumnDef[];
}

/**
 * Opens a table sheet: columns, frozen header, print set-up, hidden keys and header, all
 * before the first row is committed (the streaming writer cannot go back).
 */
export function openTable(
  context: Context,
  name: (typeof NATIONAL_TABS)[keyof typeof NATIONAL_TABS],
  title: Bilingual,
  columns: readonly ColumnDef[],
  freezeColumns: number,
): TableSheet {
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  const sheetName = `${name}${context.suffix}`;
  const sheet = context.workbook.addWorksheet(sheetName, {
    views: [
      {
        state: 'frozen',
        xSplit: freezeColumns,
        ySplit: TABLE_LAYOUT.headerRow,
        topLeftCell: `${columnLetter(freezeColumns + 1)}${TABLE_LAYOUT.firstDataRow}`,
        activeCell: `A${TABLE_LAYOUT.firstDataRow}`,
      },
    ],
    pageSetup: {
      ...A4_LANDSCAPE,
      // Wide tables (case statistics has 50 columns) print on several pages, not in 3-point type.
      // One page wide; only the widest tables (case statistics) print two pages wide.
      fitToWidth: totalWidth > 260 ? 2 : 1,
      // A wide table's left and right halves of the same rows print on facing pages.
      pageOrder: 'overThenDown',
      printTitlesRow: `${TABLE_LAYOUT.headerRow}:${TABLE_LAYOUT.headerRow}`,
      ...(freezeColumns ? { printTitlesColumn: `A:${columnLetter(freezeColumns)}` } : {}),
    },
    headerFooter: {
      oddHeader: `&L${joinBilingual(title)}&R${context.report.scope.label}`,
      oddFooter: pageFooter(sheetName, context.report.scope.label),
    },
  });
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    sheetColumn.font = BODY_FONT;
    // Top-aligned, so a row's figures sit level with the first line of its wrapped text.
    sheetColumn.alignment = wrapsText(column) ? { vertical: 'top', wrapText: true } : { vertical: 'top' };
    if (column.numFmt) sheetColumn.numFmt = column.numFmt;
  });
  const rows = new RowWriter(
    sheet,
    columns.map((column) => (wrapsText(column) ? column.width : undefined)),
  );
  rows.write(
    columns.map((c) => c.key),
    { hidden: true },
  );
  rows.write(
    columns.map((c) => `${c.header.lo}\n${c.header.en}`),
    { header: true, height: headerHeight(columns) },
  );
  const formats = new SheetFormats(sheet, context.sheetOffset + NATIONAL_SHEETS.indexOf(name) + 1);
  return { sheet, rows, formats, columns };
}

/** Times are shown as Vientiane wall-clock dates (spreadsheets have no time zones). */
export const REPORT_TIME_ZONE = 'Asia/Vientiane';

/** Header of a submission time column. */
export const SUBMITTED_AT_HEADER = bi('ສົ່ງເມື່ອ (ເວລາວຽງຈັນ)', 'Submitted at (Vientiane time)');

/** Who submitted, as people know them: the unit's name for `unit:CODE`, not the token's principal. */
export function submitterName(catalogue: Catalogue, submittedBy: string | null): string | null {
  if (!submittedBy) return null;
  const unit = /^unit:(.+)$/.exec(submittedBy)?.[1];
  if (unit) return unitName(catalogue, unit);
  if (submittedBy === 'secretariat') return 'ກອງເລຂາ / Secretariat';
  return submittedBy;
}

/** An empty list says so on one line instead of printing blank pages. */
export const NONE_THIS_PERIOD = 'ບໍ່ມີໃນໄລຍະນີ້ / none this period';

/** Auto-filter over the header and data rows (never the totals below), then commit. */
export function closeTable(table: TableSheet, lastDataRow: number): void {
  table.sheet.autoFilter = {
    from: { row: TABLE_LAYOUT.headerRow, column: 1 },
    to: { row: Math.max(TABLE_LAYOUT.headerRow, lastDataRow), column: table.columns.length },
  };
  table.formats.installExtensions();
  table.rows.commit();
}
