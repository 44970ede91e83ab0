/**
 * The front section of the national workbook: four portrait pages a Committee member reads
 * first (Front page, Plan progress, Indicators and trend, Highlights), then a small Chart data sheet the native
 * charts draw from. Written from the {@link FrontSection} (plain data), with the streaming
 * writer: each row is committed as written. Returns the charts to add to the package.
 *
 * Portrait A4, fitted to one page wide, with each sheet about 100 characters wide so the type
 * prints near full size; rows get explicit heights for the lines their Lao and English text
 * wrap to (Excel does not grow rows on open; LibreOffice and Google Sheets keep the height).
 */
import type { Alignment, Borders, Fill, Font, Style, Worksheet } from 'exceljs';
import {
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  LAO_FONT_NAME,
  TITLE_FONT,
} from '../../../templates/workbook-style.ts';
import type { Bilingual } from '../../text/bilingual.ts';
import type { FrontSection, IndicatorLine } from '../front-section.ts';
import {
  attribution,
  NAMED_UNITS_LIMIT,
  NAMES_ON_REPORTING_SHEET,
  SERIES_COLOURS,
  STATUS_COLOURS,
  shorten,
  statusLabels,
  unitCodeEntry,
} from '../front-section-look.ts';
import type { PlacedChart } from '../xlsx-charts/add-charts-to-xlsx.ts';
import { MERGED, type RowCell, RowXmlWriter, type SharedStyle, type SheetValue } from './row-xml.ts';
import { columnLetter, pageFooter, pageSetupFor, type StreamWorkbook, textHeight } from './sheet-kit.ts';
import { NATIONAL_TABS } from './table-kit.ts';

/** Tabs of the front section, Lao first, each within Excel's 31 characters. */
export const FRONT_SHEETS = {
  front: 'ໜ້າຫຼັກ Front page',
  progress: 'ຄວາມຄືບໜ້າ Plan progress',
  indicators: 'ຕົວຊີ້ວັດ Indicators and trend',
  highlights: 'ຈຸດເດັ່ນ Highlights',
  chartData: 'ຂໍ້ມູນກຣາຟ Chart data',
} as const;

const COUNT = '#,##0';
const PERCENT = '0.0" %"';
const bi = (lo: string, en: string): Bilingual => ({ lo, en });
const line = (text: Bilingual) => `${text.lo} / ${text.en}`;
const twoLines = (text: Bilingual) => `${text.lo}\n${text.en}`;

const SECTION_FONT: Partial<Font> = { ...BODY_FONT, bold: true, size: 11, color: { argb: 'FF1F3864' } };
const GROUP_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const NOTE_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN: Partial<Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
const SMALL_FONT: Partial<Font> = { ...BODY_FONT, size: 8, color: { argb: 'FF595959' } };

/** A cell of a front row: its value and how it looks. */
interface FrontCell {
  readonly value: SheetValue;
  readonly format?: string;
  readonly font?: Partial<Font>;
  readonly fill?: Fill;
  readonly align?: Partial<Alignment>;
  /** Columns this cell spans (merged), default 1. */
  readonly span?: number;
  readonly border?: boolean;
}

/**
 * Writes front rows top-down on a sheet of fixed column widths, merging and sizing each row,
 * straight to the sheet's XML (see RowXmlWriter). Cells that look alike share one style.
 */
class FrontRows {
  next = 1;
  private readonly xml: RowXmlWriter;
  private readonly styles = new Map<string, SharedStyle>();
  private readonly parts = new Map<object, number>();
  constructor(
    readonly sheet: Worksheet,
    readonly widths: readonly number[],
  ) {
    widths.forEach((width, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = width;
      column.font = BODY_FONT;
    });
    this.xml = new RowXmlWriter(sheet);
  }

  write(cells: readonly (FrontCell | null)[], options: { minHeight?: number } = {}): number {
    const values: RowCell[] = [];
    const styles: (SharedStyle | undefined)[] = [];
    let column = 0;
    let height = options.minHeight ?? 16;
    for (const cell of cells) {
      if (!cell) {
        values.push(null);
        styles.push(undefined);
        column++;
        continue;
      }
      const span = cell.span ?? 1;
      const style = this.styleOf(cell);
      values.push(cell.value);
      styles.push(style);
      if (span > 1) {
        // The covered cells take the first cell's style, as a merge in Excel does.
        for (let k = 1; k < span; k++) {
          values.push(MERGED);
          styles.push(style);
        }
        this.xml.merge(this.next, column, column + span - 1);
      }
      const width = this.widths.slice(column, column + span).reduce((a, b) => a + b, 0);
      if (typeof cell.value === 'string')
        height = Math.max(height, textHeight(cell.value, width, cell.font?.size ?? 10));
      column += span;
    }
    this.xml.writeRow(this.next, values, styles, { height });
    return this.next++;
  }

  /** The shared style of a front cell: its font, number format, fill, alignment and border. */
  private styleOf(cell: FrontCell): SharedStyle {
    const font = cell.font ?? BODY_FONT;
    const key = [
      this.partId(font),
      cell.format ?? '',
      cell.fill ? this.partId(cell.fill) : 0,
      cell.align ? JSON.stringify(cell.align) : '',
      cell.border ? 1 : 0,
    ].join('|');
    let shared = this.styles.get(key);
    if (!shared) {
      const style: Partial<Style> = { font, alignment: { vertical: 'top', wrapText: true, ...cell.align } };
      if (cell.format) style.numFmt = cell.format;
      if (cell.fill) style.fill = cell.fill;
      if (cell.border) style.border = THIN;
      shared = { style };
      this.styles.set(key, shared);
    }
    return shared;
  }

  /** A number for a font or fill object, so equal objects key alike. */
  private partId(part: object): number {
    let id = this.parts.get(part);
    if (id === undefined) {
      id = this.parts.size + 1;
      this.parts.set(part, id);
    }
    return id;
  }

  gap(height = 6): void {
    this.xml.writeRow(this.next, [], [], { height });
    this.next++;
  }

  /** Writes the buffered rows and commits the sheet. */
  commit(): void {
    this.xml.commit();
  }

  section(title: Bilingual, span: number): number {
    return this.write([{ value: line(title), font: SECTION_FONT, span }], { minHeight: 22 });
  }
}

function openFrontSheet(workbook: StreamWorkbook, name: string, title: Bilingual, section: FrontSection) {
  return workbook.addWorksheet(name, {
    // One page each, whatever the month holds (a long list of late units shrinks the page a
    // little instead of spilling onto a fifth): the front section is four pages.
    pageSetup: pageSetupFor('portrait', 1, 1),
    headerFooter: {
      oddHeader: `&L${line(title)}&R${section.scope.label}`,
      oddFooter: pageFooter(name, section.scope.label),
    },
    views: [{ showGridLines: false }],
  });
}

const header = (text: Bilingual, span = 1): FrontCell => ({
  value: twoLines(text),
  font: HEADER_FONT,
  fill: HEADER_FILL,
  align: { horizontal: 'center', vertical: 'middle' },
  span,
  border: true,
});
const text = (value: string, span = 1, font?: Partial<Font>): FrontCell => ({
  value,
  span,
  font,
  border: true,
});
const number = (value: number | null, format = COUNT): FrontCell =>
  value === null
    ? { value: '–', align: { horizontal: 'right' }, border: true }
    : { value, format, align: { horizontal: 'right' }, border: true };

// ---------------------------------------------------------------------------------------
// Front page: title, headline figures with comparisons, reporting, trend charts

function writeFrontPage(workbook: StreamWorkbook, section: FrontSection): void {
  const name = FRONT_SHEETS.front;
  const sheet = openFrontSheet(workbook, name, bi('ບົດລາຍງານແຫ່ງຊາດ', 'National report'), section);
  const rows = new FrontRows(sheet, [52, 12, 12, 12, 12]);
  const all = 5;
  rows.write(
    [{ value: `ບົດລາຍງານແຫ່ງຊາດ ${section.scope.label}`, font: { ...TITLE_FONT, size: 16 }, span: all }],
    {
      minHeight: 28,
    },
  );
  rows.write([{ value: `National report ${section.scope.label}`, font: TITLE_FONT, span: all }], {
    minHeight: 22,
  });
  rows.write([{ value: twoLines(section.plan.title), span: all }]);
  const notes = [
    section.plan.illustrative
      ? bi('ແຜນງານໃນລະບົບນີ້ ເປັນພຽງຕົວຢ່າງ.', 'The plan breakdown in this system is illustrative.')
      : null,
    section.indicators.illustrative ? section.indicators.note : null,
  ].filter((n): n is Bilingual => n !== null);
  for (const note of notes)
    rows.write([{ value: twoLines(note), span: all, fill: NOTE_FILL, font: SMALL_FONT }]);

  rows.gap();
  rows.section(bi('ຕົວເລກສຳຄັນ', 'Headline figures'), all);
  rows.write(
    [
      header(bi('', '')),
      ...section.windows.map((w) => header(bi(`${w.title.lo}`, `${w.title.en}\n${w.label}`))),
    ],
    { minHeight: 58 },
  );
  for (const group of section.headline) {
    rows.write([
      {
        value: line(group.title),
        font: { ...BODY_FONT, bold: true },
        fill: GROUP_FILL,
        span: all,
        border: true,
      },
    ]);
    for (const row of group.rows)
      rows.write([
        text(`${line(row.label)} (${row.unit.lo})`),
        ...section.windows.map((w) => number(section.values[row.key]?.[w.key] ?? null)),
      ]);
  }
  rows.write([
    text(line(bi('ອັດຕາການລາຍງານ (%)', 'Reporting rate (%)'))),
    ...section.windows.map((w) => number(w.reporting.reportingRate, PERCENT)),
  ]);
  rows.write([
    {
      value: line(bi('– ໝາຍເຖິງ ບໍ່ໄດ້ຮັບລາຍງານໃນໄລຍະນັ້ນ.', '– means no report was received in that period.')),
      font: SMALL_FONT,
      span: all,
    },
  ]);

  rows.gap();
  rows.section(bi('ການລາຍງານ', 'Reporting'), all);
  const total = section.reporting.total;
  rows.write([
    text(line(bi('ອັດຕາການລາຍງານ', 'Reporting rate'))),
    number(total.reportingRate, PERCENT),
    { value: `${total.received} / ${total.expected}`, span: 3, border: true },
  ]);
  rows.write([
    text(line(bi('ອັດຕາທັນເວລາ', 'On-time rate'))),
    number(total.onTimeRate, PERCENT),
    {
      value: `${line(bi('ຊ້າ', 'late'))}: ${total.late} · ${line(bi('ຖືກປະຕິເສດ', 'rejected'))}: ${total.rejected} · ${line(bi('ບໍ່ໄດ້ສົ່ງ', 'missing'))}: ${total.missing}`,
      span: 3,
      border: true,
    },
  ]);
  const months = section.scope.months.length > 1;
  // Units named in one wrapped cell each list; a long list by code only, so the page still fits.
  const unitRows = (title: Bilingual, units: FrontSection['reporting']['missing']) => {
    rows.write([
      { value: line(title), font: { ...BODY_FONT, bold: true }, fill: GROUP_FILL, span: all, border: true },
    ]);
    const named =
      units.length > NAMED_UNITS_LIMIT
        ? [
            `${units.length}: ${units.map((unit) => unitCodeEntry(unit, months)).join('; ')} (${line(NAMES_ON_REPORTING_SHEET)})`,
          ]
        : units.map((unit) => `${line(unit.name)} (${unitCodeEntry(unit, months)})`);
    rows.write([
      { value: named.length ? named.join('; ') : line(bi('ບໍ່ມີ', 'none')), span: all, border: true },
    ]);
  };
  unitRows(bi('ຫົວໜ່ວຍທີ່ບໍ່ໄດ້ສົ່ງ', 'Units that did not report'), [
    ...section.reporting.missing,
    ...section.reporting.rejected,
  ]);
  unitRows(bi('ຫົວໜ່ວຍທີ່ສົ່ງຊ້າ', 'Units that reported late'), section.reporting.late);

  rows.commit();
}

// ---------------------------------------------------------------------------------------
// Plan progress: goals, chart, programmes, indicators

function indicatorCells(line: IndicatorLine | undefined): FrontCell[] {
  if (!line) return [number(null), number(null), number(null)];
  const format = line.unit.en === '%' ? PERCENT : COUNT;
  return [number(line.target, format), number(line.achieved, format), number(line.percentOfTarget, PERCENT)];
}

function writeProgress(
  workbook: StreamWorkbook,
  section: FrontSection,
  statusList: readonly { code: string; label: Bilingual }[],
): PlacedChart[] {
  const name = FRONT_SHEETS.progress;
  const sheet = openFrontSheet(workbook, name, bi('ຄວາມຄືບໜ້າຕາມແຜນ', 'Progress against the plan'), section);
  const statuses = statusLabels(section, statusList);
  // Code, title, activities, one column per status, average percent: about 100 characters.
  const widths = [6, 40, 8, ...statuses.map(() => 7), 9];
  const rows = new FrontRows(sheet, widths);
  const all = widths.length;
  rows.section(bi('ຄວາມຄືບໜ້າຕາມແຜນ ຕາມເປົ້າໝາຍ', 'Progress against the plan, by goal'), all);
  rows.write(
    [
      header(bi('', '')),
      header(bi('ເປົ້າໝາຍ', 'Goal')),
      header(bi('ກິດຈະກຳ', 'Activities')),
      ...statuses.map((s) => ({ ...header(s.label), font: { ...HEADER_FONT, size: 8 } })),
      header(bi('ສະເລ່ຍ %', 'Average %')),
    ],
    { minHeight: 44 },
  );
  const first = rows.next;
  const progressRow = (item: FrontSection['progress']['goals'][number], label: string) =>
    rows.write([
      text(item.code === 'TOTAL' ? '' : item.code),
      text(label, 1, { ...BODY_FONT, size: 8 }),
      number(item.activities),
      ...statuses.map((s) => number(item.byStatus[s.code] ?? 0)),
      number(item.averagePercent, PERCENT),
    ]);
  const shortTitle = (title: Bilingual) => `${shorten(title.lo, 44)}\n${shorten(title.en, 56)}`;
  for (const goal of section.progress.goals) progressRow(goal, shortTitle(goal.title));
  const last = rows.next - 1;
  progressRow(section.progress.total, line(section.progress.total.title));

  rows.gap();
  const chartTop = rows.next - 1;
  const chartRows = 18;
  for (let i = 0; i < chartRows; i++) rows.gap(15);

  rows.gap();
  rows.section(bi('ຕາມແຜນງານ', 'By programme'), all);
  for (const programme of section.progress.programmes)
    rows.write([
      text(programme.code),
      text(line(programme.title), 1, { ...BODY_FONT, size: 8 }),
      number(programme.activities),
      ...statuses.map((s) => number(programme.byStatus[s.code] ?? 0)),
      number(programme.averagePercent, PERCENT),
    ]);

  rows.commit();
  const statusColumn = (index: number) => columnLetter(4 + index);
  return [
    {
      sheet: name,
      anchor: { fromColumn: 0, fromRow: chartTop, toColumn: all, toRow: chartTop + chartRows },
      chart: {
        kind: 'bar',
        grouping: 'stacked',
        title: line(bi('ກິດຈະກຳ ຕາມສະຖານະ ແລະ ເປົ້າໝາຍ', 'Activities by status and goal')),
        font: LAO_FONT_NAME,
        categories: {
          sheet: name,
          range: `$A$${first}:$A$${last}`,
          values: section.progress.goals.map((g) => g.code),
        },
        series: statuses.map((s, index) => ({
          name: line(s.label),
          colour: STATUS_COLOURS[s.code] ?? '999999',
          values: {
            sheet: name,
            range: `$${statusColumn(index)}$${first}:$${statusColumn(index)}$${last}`,
            values: section.progress.goals.map((g) => g.byStatus[s.code] ?? 0),
          },
        })),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Indicators against targets, and the twelve-month trend

function writeIndicators(workbook: StreamWorkbook, section: FrontSection): PlacedChart[] {
  const name = FRONT_SHEETS.indicators;
  const sheet = openFrontSheet(workbook, name, bi('ຕົວຊີ້ວັດ ແລະ ແນວໂນ້ມ', 'Indicators and trend'), section);
  // Goal, indicator, baseline, then target / achieved / % for the year and for the plan.
  const rows = new FrontRows(sheet, [6, 40, 9, 8, 8, 7, 8, 8, 7]);
  const all = 9;
  rows.section(bi('ຕົວຊີ້ວັດ ທຽບກັບຄາດໝາຍ', 'Indicators against targets'), all);
  const lines = section.indicators.lines;
  const year = section.scope.months.at(-1)?.slice(0, 4) ?? '';
  const yearOver = lines.find((l) => l.span === year)?.measuredOver ?? year;
  const planLine = lines.find((l) => l.span.includes('-'));
  rows.write(
    [
      header(bi('', '')),
      header(bi('ຕົວຊີ້ວັດ', 'Indicator')),
      header(bi('ພື້ນຖານ', 'Baseline')),
      header(bi(`ປີ ${year}`, `Year ${year} (${yearOver})`), 3),
      header(bi(`ແຜນ ${planLine?.span ?? ''}`, `Plan (${planLine?.measuredOver ?? ''})`), 3),
    ],
    { minHeight: 44 },
  );
  rows.write([
    null,
    null,
    null,
    header(bi('ຄາດໝາຍ', 'Target')),
    header(bi('ໄດ້', 'Achieved')),
    header(bi('%', '%')),
    header(bi('ຄາດໝາຍ', 'Target')),
    header(bi('ໄດ້', 'Achieved')),
    header(bi('%', '%')),
  ]);
  if (!lines.length) rows.write([{ value: line(bi('ແຜນບໍ່ມີຕົວຊີ້ວັດ', 'The plan has no indicators')), span: all }]);
  for (const code of [...new Set(lines.map((l) => l.code))]) {
    const of = lines.filter((l) => l.code === code);
    const head = of[0];
    if (!head) continue;
    rows.write([
      text(head.appliesTo),
      text(`${line(head.title)} (${head.unit.lo})`, 1, { ...BODY_FONT, size: 8 }),
      number(head.baseline.value, head.unit.en === '%' ? PERCENT : COUNT),
      ...indicatorCells(of.find((l) => l.span === year)),
      ...indicatorCells(of.find((l) => l.span !== year)),
    ]);
  }
  rows.gap();
  rows.section(bi('ແນວໂນ້ມ 12 ເດືອນ', 'Twelve-month trend'), all);
  const chartTop = rows.next - 1;
  const chartRows = 16;
  for (let i = 0; i < chartRows; i++) rows.gap(15);
  rows.commit();
  const trend = section.trend;
  const data = (column: string, values: readonly (number | null)[]) => ({
    sheet: FRONT_SHEETS.chartData,
    range: `$${column}$3:$${column}$${2 + trend.months.length}`,
    values,
  });
  const categories = {
    sheet: FRONT_SHEETS.chartData,
    range: `$A$3:$A$${2 + trend.months.length}`,
    values: [...trend.months],
  };
  return [
    {
      sheet: name,
      anchor: { fromColumn: 0, fromRow: chartTop, toColumn: 2, toRow: chartTop + chartRows },
      chart: {
        kind: 'column',
        grouping: 'clustered',
        title: line(bi('ຜູ້ຖືກເຄາະຮ້າຍ ຕາມເດືອນ', 'Victims identified by month')),
        font: LAO_FONT_NAME,
        categories,
        series: [
          {
            name: line(bi('ຍິງ', 'female')),
            colour: SERIES_COLOURS.female,
            values: data('B', trend.victimsFemale),
          },
          {
            name: line(bi('ຊາຍ', 'male')),
            colour: SERIES_COLOURS.male,
            values: data('C', trend.victimsMale),
          },
        ],
      },
    },
    {
      sheet: name,
      anchor: { fromColumn: 2, fromRow: chartTop, toColumn: all, toRow: chartTop + chartRows },
      chart: {
        kind: 'line',
        title: line(bi('ອັດຕາການລາຍງານ (%)', 'Reporting rate (%)')),
        font: LAO_FONT_NAME,
        valueAxis: { min: 0, max: 100, format: '0' },
        categories,
        series: [
          {
            name: line(bi('ລາຍງານ', 'reported')),
            colour: SERIES_COLOURS.reporting,
            values: data('D', trend.reportingRate),
          },
          {
            name: line(bi('ທັນເວລາ', 'on time')),
            colour: SERIES_COLOURS.onTime,
            values: data('E', trend.onTimeRate),
          },
        ],
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Highlights and challenges

function writeHighlights(workbook: StreamWorkbook, section: FrontSection): void {
  const name = FRONT_SHEETS.highlights;
  const sheet = openFrontSheet(
    workbook,
    name,
    bi('ຜົນງານເດັ່ນ ແລະ ຂໍ້ຫຍຸ້ງຍາກ', 'Highlights and challenges'),
    section,
  );
  const rows = new FrontRows(sheet, [6, 47, 47]);
  rows.section(bi('ຜົນງານເດັ່ນ ແລະ ຂໍ້ຫຍຸ້ງຍາກ ຕາມເປົ້າໝາຍ', 'Highlights and challenges by goal'), 3);
  rows.write([
    {
      value: line(
        bi(
          `ຂໍ້ຄວາມສັ້ນກ່ອນ, ພ້ອມຜູ້ຂຽນ; ທັງໝົດຢູ່ໃນແຜ່ນ ${NATIONAL_TABS.activities}.`,
          `Shortest first, with who wrote it; all of them are on the ${NATIONAL_TABS.activities} sheet.`,
        ),
      ),
      font: SMALL_FONT,
      span: 3,
    },
  ]);
  rows.write(
    [header(bi('', '')), header(bi('ຜົນງານເດັ່ນ', 'Highlights')), header(bi('ຂໍ້ຫຍຸ້ງຍາກ', 'Challenges'))],
    {
      minHeight: 34,
    },
  );
  const goals = section.narrative.filter((g) => g.highlights.length || g.challenges.length);
  if (!goals.length)
    rows.write([{ value: line(bi('ບໍ່ມີໃນໄລຍະນີ້', 'none this period')), span: 3, border: true }]);
  const itemText = (item: FrontSection['narrative'][number]['highlights'][number] | undefined) =>
    item ? `${item.text} — ${attribution(item.authors)}` : '';
  for (const goal of goals) {
    rows.write([
      { value: goal.goal, font: { ...BODY_FONT, bold: true }, fill: GROUP_FILL, border: true },
      {
        value: line({ lo: shorten(goal.title.lo, 70), en: shorten(goal.title.en, 60) }),
        font: { ...BODY_FONT, bold: true, size: 8 },
        fill: GROUP_FILL,
        span: 2,
        border: true,
      },
    ]);
    const count = Math.max(goal.highlights.length, goal.challenges.length);
    for (let i = 0; i < count; i++)
      rows.write([text(''), text(itemText(goal.highlights[i])), text(itemText(goal.challenges[i]))]);
    if (goal.moreHighlights || goal.moreChallenges)
      rows.write([
        text(''),
        text(
          goal.moreHighlights ? line(bi(`ອີກ ${goal.moreHighlights} ຂໍ້`, `${goal.moreHighlights} more`)) : '',
          1,
          SMALL_FONT,
        ),
        text(
          goal.moreChallenges ? line(bi(`ອີກ ${goal.moreChallenges} ຂໍ້`, `${goal.moreChallenges} more`)) : '',
          1,
          SMALL_FONT,
        ),
      ]);
  }
  rows.commit();
}

// ---------------------------------------------------------------------------------------

/** The monthly series the front page's charts draw from (charts point at these cells). */
export function writeChartData(workbook: StreamWorkbook, section: FrontSection): void {
  const sheet = workbook.addWorksheet(FRONT_SHEETS.chartData, {
    pageSetup: pageSetupFor('portrait'),
    headerFooter: { oddFooter: pageFooter(FRONT_SHEETS.chartData, section.scope.label) },
  });
  const rows = new FrontRows(sheet, [12, 16, 16, 16, 16]);
  rows.write([
    { value: line(bi('ຂໍ້ມູນຂອງກຣາຟໃນໜ້າຫຼັກ', 'Data of the front page charts')), font: SECTION_FONT, span: 5 },
  ]);
  rows.write([
    header(bi('ເດືອນ', 'Month')),
    header(bi('ຜູ້ຖືກເຄາະຮ້າຍ ຍິງ', 'Victims, female')),
    header(bi('ຜູ້ຖືກເຄາະຮ້າຍ ຊາຍ', 'Victims, male')),
    header(bi('ອັດຕາການລາຍງານ %', 'Reporting rate %')),
    header(bi('ອັດຕາທັນເວລາ %', 'On-time rate %')),
  ]);
  const trend = section.trend;
  trend.months.forEach((month, i) => {
    const value = (v: number | null | undefined, format: string): FrontCell =>
      v === null || v === undefined ? { value: null, border: true } : { value: v, format, border: true };
    rows.write([
      text(month),
      value(trend.victimsFemale[i], COUNT),
      value(trend.victimsMale[i], COUNT),
      value(trend.reportingRate[i], PERCENT),
      value(trend.onTimeRate[i], PERCENT),
    ]);
  });
  rows.commit();
}

/**
 * Writes the four front sheets (the chart data sheet is written by {@link writeChartData},
 * wherever the workbook wants it) and returns their charts.
 */
export function writeFrontSheets(
  workbook: StreamWorkbook,
  section: FrontSection,
  statusList: readonly { code: string; label: Bilingual }[],
): PlacedChart[] {
  writeFrontPage(workbook, section);
  const charts = [...writeProgress(workbook, section, statusList), ...writeIndicators(workbook, section)];
  writeHighlights(workbook, section);
  return charts;
}
