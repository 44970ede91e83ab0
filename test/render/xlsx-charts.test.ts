/**
 * Native charts added to a finished package: the parts validate against the ECMA-376 chart
 * and drawing types (transcribed subset, see test/fixtures/ooxml-subset/README.md), the
 * package wiring resolves, exceljs still reads the workbook, and LibreOffice draws the bars.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { addChartsToXlsx, type PlacedChart } from '../../shared/compile/xlsx-charts/add-charts-to-xlsx.ts';
import { type ChartDefinition, chartPartXml } from '../../shared/compile/xlsx-charts/drawingml-chart.ts';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import {
  convertWithLibreOffice,
  missingRenderTools,
  pixelsOfColour,
  rasterisePdf,
} from '../support/render-tools.ts';

const SCHEMA_DIR = join(import.meta.dirname, '../fixtures/ooxml-subset');
const SCHEMAS = ['dml-main.xsd', 'relationships.xsd', 'dml-chart.xsd', 'dml-spreadsheetDrawing.xsd'].map(
  (fileName) => ({ fileName, contents: readFileSync(join(SCHEMA_DIR, fileName), 'utf8') }),
);
const OUT = join(import.meta.dirname, '../../out/renders/charts');

async function validatePart(xml: string, schema: string) {
  const result = await validateXML({
    xml: { fileName: 'part.xml', contents: xml },
    schema: SCHEMAS.find((s) => s.fileName === schema) ?? [],
    preload: SCHEMAS.filter((s) => s.fileName !== schema),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

const SHEET = 'ໜ້າຫຼັກ Front';
const GOALS = ['G1', 'G2', 'G3', 'G4', 'G5'];
const COMPLETED = [2, 3, 4, 5, 6];
const DELAYED = [5, 4, 3, 2, 1];
const GREEN = '70AD47';
const ORANGE = 'ED7D31';

const barChart: ChartDefinition = {
  kind: 'bar',
  grouping: 'stacked',
  title: 'ກິດຈະກຳຕາມສະຖານະ / Activities by status',
  font: 'Phetsarath OT',
  categories: { sheet: SHEET, range: '$A$2:$A$6', values: GOALS },
  series: [
    {
      name: 'ສຳເລັດ / Completed',
      colour: GREEN,
      values: { sheet: SHEET, range: '$B$2:$B$6', values: COMPLETED },
    },
    { name: 'ຊັກຊ້າ / Delayed', colour: ORANGE, values: { sheet: SHEET, range: '$C$2:$C$6', values: DELAYED } },
  ],
};
const columnChart: ChartDefinition = { ...barChart, kind: 'column', grouping: 'clustered' };
const lineChart: ChartDefinition = {
  ...barChart,
  kind: 'line',
  valueAxis: { min: 0, max: 100, format: '0' },
  series: [
    {
      name: 'Rate & <share>',
      colour: ORANGE,
      values: { sheet: SHEET, range: '$B$2:$B$6', values: [50, null, 70, 80, 90] },
    },
  ],
};

/** A workbook written by exceljs's streaming writer (as the national workbook is), with a data bar. */
async function baseWorkbook(): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const { PassThrough } = await import('node:stream');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '&P / &N' },
  });
  sheet.getRow(1).values = ['Goal', 'Completed', 'Delayed'];
  GOALS.forEach((goal, index) => {
    sheet.getRow(index + 2).values = [goal, COMPLETED[index] ?? 0, DELAYED[index] ?? 0];
  });
  sheet.commit();
  workbook.addWorksheet('Other').commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

const placed: PlacedChart[] = [
  { sheet: SHEET, anchor: { fromColumn: 4, fromRow: 0, toColumn: 12, toRow: 16 }, chart: barChart },
  { sheet: SHEET, anchor: { fromColumn: 0, fromRow: 17, toColumn: 8, toRow: 32 }, chart: lineChart },
];

describe('chart parts against the ECMA-376 types', () => {
  it.each([
    ['stacked horizontal bars', barChart],
    ['clustered columns', columnChart],
    ['a line with a gap and escaped text', lineChart],
  ])('%s validate', async (_name, chart) => {
    expect(await validatePart(chartPartXml(chart), 'dml-chart.xsd')).toEqual({ valid: true, errors: [] });
  });

  it('a part out of schema order fails (the check can fail)', async () => {
    const broken = chartPartXml(barChart).replace(
      /(<c:barDir val="bar"\/>)(<c:grouping val="stacked"\/>)/,
      '$2$1',
    );
    const result = await validatePart(broken, 'dml-chart.xsd');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/grouping/);
  });
});

describe('the package', () => {
  let files: Record<string, Uint8Array>;
  let withCharts: Uint8Array;
  beforeAll(async () => {
    withCharts = addChartsToXlsx(await baseWorkbook(), placed);
    files = unzipSync(withCharts);
  });
  const text = (name: string) => strFromU8(files[name] ?? new Uint8Array());

  it('has one drawing with two chart frames, each part valid and declared', async () => {
    expect(Object.keys(files).filter((n) => n.startsWith('xl/charts/'))).toEqual([
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
    ]);
    const drawing = text('xl/drawings/drawing1.xml');
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(2);
    expect(await validatePart(drawing, 'dml-spreadsheetDrawing.xsd')).toEqual({ valid: true, errors: [] });
    const types = text('[Content_Types].xml');
    for (const part of ['/xl/drawings/drawing1.xml', '/xl/charts/chart1.xml', '/xl/charts/chart2.xml'])
      expect(types).toContain(`PartName="${part}"`);
    expect(Object.keys(files)[0]).toBe('[Content_Types].xml');
  });

  it('wires sheet -> drawing -> charts through relationships that resolve', () => {
    const sheetRels = text('xl/worksheets/_rels/sheet1.xml.rels');
    const drawingId = /Id="(rId\d+)"[^>]*Target="..\/drawings\/drawing1.xml"/.exec(sheetRels)?.[1];
    expect(drawingId).toBeDefined();
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(`<drawing r:id="${drawingId}"/>`);
    // CT_Worksheet: drawing comes after headerFooter and before any extLst.
    expect(sheet.indexOf('<drawing ')).toBeGreaterThan(sheet.indexOf('<headerFooter'));
    const extLst = sheet.indexOf('<extLst');
    if (extLst >= 0) expect(sheet.indexOf('<drawing ')).toBeLessThan(extLst);
    const drawingRels = text('xl/drawings/_rels/drawing1.xml.rels');
    for (const id of text('xl/drawings/drawing1.xml').matchAll(/r:id="(rId\d+)"/g))
      expect(drawingRels).toMatch(new RegExp(`Id="${id[1]}"[^>]*Target="../charts/chart\\d.xml"`));
    expect(text('xl/worksheets/sheet2.xml')).not.toContain('<drawing');
  });

  it('still opens in exceljs with its cells', async () => {
    const ExcelJS = await loadExcelJs();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(withCharts) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet(SHEET)?.getCell('B6').value).toBe(6);
  });

  it('refuses an unknown sheet', async () => {
    expect(() => addChartsToXlsx(withCharts, [{ ...placed[0]!, sheet: 'Nope' }])).toThrow(
      /no sheet named Nope/,
    );
  });
});

describe.skipIf(missingRenderTools())('LibreOffice', () => {
  it('draws the bars and the line (series colours on the rendered page, none without charts)', async () => {
    mkdirSync(OUT, { recursive: true });
    const base = await baseWorkbook();
    writeFileSync(join(OUT, 'plain.xlsx'), base);
    writeFileSync(join(OUT, 'charts.xlsx'), addChartsToXlsx(base, placed));
    const [chartsPdf, plainPdf] = await Promise.all([
      convertWithLibreOffice(join(OUT, 'charts.xlsx'), 'pdf', OUT),
      convertWithLibreOffice(join(OUT, 'plain.xlsx'), 'pdf', join(OUT, 'plain')),
    ]);
    const [withCharts] = await rasterisePdf(chartsPdf, join(OUT, 'charts'), { dpi: 50, first: 1, last: 1 });
    const [without] = await rasterisePdf(plainPdf, join(OUT, 'plain', 'plain'), {
      dpi: 50,
      first: 1,
      last: 1,
    });
    expect(pixelsOfColour(withCharts!, GREEN)).toBeGreaterThan(300);
    expect(pixelsOfColour(withCharts!, ORANGE)).toBeGreaterThan(300);
    expect(pixelsOfColour(without!, GREEN)).toBe(0);
    expect(pixelsOfColour(without!, ORANGE)).toBe(0);
  }, 180_000);
});
