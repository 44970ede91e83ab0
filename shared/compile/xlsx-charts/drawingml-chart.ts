/**
 * DrawingML chart parts (ECMA-376 Part 1, §21.2 "DrawingML - Charts") written as text: a
 * bar / column / line chart whose series point at cells of the workbook, with the values
 * cached so that a reader which does not recalculate (LibreOffice, Google Sheets, a phone
 * viewer) draws the same picture as Excel.
 *
 * Every element is emitted in the order of its schema type's `xsd:sequence` (CT_ChartSpace,
 * CT_Chart, CT_PlotArea, CT_BarChart, CT_LineChart, CT_BarSer, CT_LineSer, CT_CatAx, CT_ValAx,
 * CT_Legend): the test checks the parts against those sequences.
 */

/** Namespaces of the chart and drawing parts. */
export const NS = {
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  drawing: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  spreadsheetDrawing: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  relationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
} as const;

/** A range of a worksheet, with the values it holds (the cache readers draw from). */
export interface CellRange<T> {
  /** Sheet name as shown on its tab. */
  readonly sheet: string;
  /** Absolute A1 range, e.g. `$B$5:$B$13`. */
  readonly range: string;
  readonly values: readonly T[];
}

export interface ChartSeries {
  /** Legend text. */
  readonly name: string;
  readonly values: CellRange<number | null>;
  /** Fill (bar) or line colour, `RRGGBB`. */
  readonly colour: string;
}

export interface ChartDefinition {
  /** `bar`: horizontal bars; `column`: vertical bars; `line`: lines with markers. */
  readonly kind: 'bar' | 'column' | 'line';
  /** Bars side by side, stacked, or stacked to 100 %. Ignored for lines. */
  readonly grouping?: 'clustered' | 'stacked' | 'percentStacked';
  readonly title: string;
  readonly categories: CellRange<string>;
  readonly series: readonly ChartSeries[];
  /** Value axis bounds (e.g. 0-100 for rates). */
  readonly valueAxis?: { readonly min?: number; readonly max?: number; readonly format?: string };
  /** Font for every text of the chart (a Lao-capable face). */
  readonly font: string;
}

/** Where a chart sits on its sheet: zero-based cell corners (the bottom-right cell is excluded). */
export interface ChartAnchor {
  readonly fromColumn: number;
  readonly fromRow: number;
  readonly toColumn: number;
  readonly toRow: number;
}

const CATEGORY_AXIS_ID = 500100;
const VALUE_AXIS_ID = 500200;

/** Escapes text for an XML element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A sheet-qualified formula reference: `'Front page'!$B$5:$B$13`. */
export function sheetReference(range: CellRange<unknown>): string {
  return `'${range.sheet.replace(/'/g, "''")}'!${range.range}`;
}

const solidFill = (colour: string) => `<a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>`;

/** Run properties of every text: size in hundredths of a point, the Lao-capable face for all scripts. */
function runProperties(font: string, size: number, bold = false): string {
  const face = escapeXml(font);
  return (
    `<a:defRPr sz="${size}" b="${bold ? 1 : 0}">${solidFill('404040')}` +
    `<a:latin typeface="${face}"/><a:ea typeface="${face}"/><a:cs typeface="${face}"/></a:defRPr>`
  );
}

/** CT_TextBody for `txPr`: the default look of an element's text. */
function textProperties(font: string, size: number): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProperties(font, size)}</a:pPr><a:endParaRPr lang="lo-LA"/></a:p></c:txPr>`;
}

function titleXml(text: string, font: string): string {
  const face = escapeXml(font);
  return (
    '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>' +
    `<a:pPr>${runProperties(font, 1100, true)}</a:pPr>` +
    `<a:r><a:rPr lang="lo-LA" sz="1100" b="1"><a:latin typeface="${face}"/><a:ea typeface="${face}"/><a:cs typeface="${face}"/></a:rPr>` +
    `<a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
  );
}

function stringReference(range: CellRange<string>): string {
  const points = range.values
    .map((value, index) => `<c:pt idx="${index}"><c:v>${escapeXml(value)}</c:v></c:pt>`)
    .join('');
  return (
    `<c:strRef><c:f>${escapeXml(sheetReference(range))}</c:f>` +
    `<c:strCache><c:ptCount val="${range.values.length}"/>${points}</c:strCache></c:strRef>`
  );
}

function numberReference(range: CellRange<number | null>, format: string): string {
  const points = range.values
    .map((value, index) =>
      value === null || !Number.isFinite(value) ? '' : `<c:pt idx="${index}"><c:v>${value}</c:v></c:pt>`,
    )
    .join('');
  return (
    `<c:numRef><c:f>${escapeXml(sheetReference(range))}</c:f>` +
    `<c:numCache><c:formatCode>${escapeXml(format)}</c:formatCode><c:ptCount val="${range.values.length}"/>${points}</c:numCache></c:numRef>`
  );
}

/** CT_BarSer or CT_LineSer, children in schema order. */
function seriesXml(chart: ChartDefinition, series: ChartSeries, index: number): string {
  const head = `<c:idx val="${index}"/><c:order val="${index}"/><c:tx><c:v>${escapeXml(series.name)}</c:v></c:tx>`;
  const data =
    `<c:cat>${stringReference(chart.categories)}</c:cat>` +
    `<c:val>${numberReference(series.values, chart.valueAxis?.format ?? 'General')}</c:val>`;
  if (chart.kind === 'line')
    return (
      `<c:ser>${head}<c:spPr><a:ln w="28575" cap="rnd">${solidFill(series.colour)}<a:round/></a:ln></c:spPr>` +
      `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr>${solidFill(series.colour)}</c:spPr></c:marker>` +
      `${data}<c:smooth val="0"/></c:ser>`
    );
  return `<c:ser>${head}<c:spPr>${solidFill(series.colour)}</c:spPr><c:invertIfNegative val="0"/>${data}</c:ser>`;
}

function chartGroupXml(chart: ChartDefinition): string {
  const series = chart.series.map((s, index) => seriesXml(chart, s, index)).join('');
  const axes = `<c:axId val="${CATEGORY_AXIS_ID}"/><c:axId val="${VALUE_AXIS_ID}"/>`;
  if (chart.kind === 'line')
    return `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`;
  const grouping = chart.grouping ?? 'clustered';
  const overlap = grouping === 'clustered' ? '' : '<c:overlap val="100"/>';
  return (
    `<c:barChart><c:barDir val="${chart.kind === 'bar' ? 'bar' : 'col'}"/><c:grouping val="${grouping}"/>` +
    `<c:varyColors val="0"/>${series}<c:gapWidth val="60"/>${overlap}${axes}</c:barChart>`
  );
}

function axesXml(chart: ChartDefinition): string {
  // Horizontal bars read top-down in the order of the table: reverse the category axis.
  const horizontal = chart.kind === 'bar';
  const categoryPosition = horizontal ? 'l' : 'b';
  const valuePosition = horizontal ? 'b' : 'l';
  const orientation = horizontal ? 'maxMin' : 'minMax';
  const bounds = chart.valueAxis;
  const scaling =
    '<c:scaling><c:orientation val="minMax"/>' +
    (bounds?.max !== undefined ? `<c:max val="${bounds.max}"/>` : '') +
    (bounds?.min !== undefined ? `<c:min val="${bounds.min}"/>` : '') +
    '</c:scaling>';
  const gridlines = `<c:majorGridlines><c:spPr><a:ln w="6350">${solidFill('D9D9D9')}</a:ln></c:spPr></c:majorGridlines>`;
  return (
    `<c:catAx><c:axId val="${CATEGORY_AXIS_ID}"/><c:scaling><c:orientation val="${orientation}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${categoryPosition}"/><c:numFmt formatCode="General" sourceLinked="0"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${textProperties(chart.font, horizontal ? 800 : 900)}<c:crossAx val="${VALUE_AXIS_ID}"/><c:crosses val="autoZero"/>` +
    // Every category labelled: readers otherwise skip labels when space is short.
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="${VALUE_AXIS_ID}"/>${scaling}<c:delete val="0"/><c:axPos val="${valuePosition}"/>` +
    `${gridlines}<c:numFmt formatCode="${escapeXml(bounds?.format ?? '#,##0')}" sourceLinked="0"/>` +
    '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    `${textProperties(chart.font, 900)}<c:crossAx val="${CATEGORY_AXIS_ID}"/><c:crosses val="${horizontal ? 'max' : 'autoZero'}"/>` +
    `<c:crossBetween val="between"/></c:valAx>`
  );
}

/** The chart part (`xl/charts/chartN.xml`): a CT_ChartSpace. */
export function chartPartXml(chart: ChartDefinition): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.drawing}" xmlns:r="${NS.relationships}">` +
    '<c:date1904 val="0"/><c:lang val="lo-LA"/><c:roundedCorners val="0"/>' +
    `<c:chart>${titleXml(chart.title, chart.font)}<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${chartGroupXml(chart)}${axesXml(chart)}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProperties(chart.font, 900)}</c:legend>` +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    `<c:spPr>${solidFill('FFFFFF')}<a:ln w="6350">${solidFill('BFBFBF')}</a:ln></c:spPr>` +
    `${textProperties(chart.font, 900)}` +
    '<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings>' +
    '</c:chartSpace>'
  );
}

/** One anchored chart frame of a drawing part (CT_TwoCellAnchor). */
export function chartAnchorXml(
  anchor: ChartAnchor,
  id: number,
  relationshipId: string,
  name: string,
): string {
  const marker = (column: number, row: number) =>
    `<xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    '<xdr:twoCellAnchor editAs="oneCell">' +
    `<xdr:from>${marker(anchor.fromColumn, anchor.fromRow)}</xdr:from>` +
    `<xdr:to>${marker(anchor.toColumn, anchor.toRow)}</xdr:to>` +
    '<xdr:graphicFrame macro="">' +
    `<xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${escapeXml(name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.chart}"><c:chart xmlns:c="${NS.chart}" r:id="${relationshipId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** A drawing part (`xl/drawings/drawingN.xml`): CT_Drawing holding the given anchors. */
export function drawingPartXml(anchors: readonly string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<xdr:wsDr xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.drawing}" xmlns:r="${NS.relationships}">` +
    `${anchors.join('')}</xdr:wsDr>`
  );
}
