/**
 * Adds native charts to a finished .xlsx package. exceljs writes no charts (its issue #141),
 * so the workbook is written as usual and its chart parts are added afterwards, the way Excel
 * lays them out: per sheet one drawing part (`xl/drawings/drawingN.xml`) holding one anchored
 * frame per chart, each frame pointing at a chart part (`xl/charts/chartN.xml`); the sheet
 * gains a `<drawing r:id>` element and a relationship, `[Content_Types].xml` an override per
 * part. `docs/chart-writer-choice.md` records why this beat the chart libraries measured.
 *
 * Only the sheets that get charts, the content types and the relationship parts are read (as
 * text); every other entry is carried over byte for byte, still compressed (zip-entries.ts).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  type ChartAnchor,
  type ChartDefinition,
  chartAnchorXml,
  chartPartXml,
  drawingPartXml,
  escapeXml,
  NS,
} from './drawingml-chart.ts';
import { openZipEntries, type ZipEntries } from './zip-entries.ts';

/** A chart to place on a sheet. */
export interface PlacedChart {
  /** Name of the sheet that shows the chart (its data may sit on any sheet). */
  readonly sheet: string;
  readonly anchor: ChartAnchor;
  readonly chart: ChartDefinition;
}

/** The package is not a workbook this module understands (a bug, not bad user input). */
export class ChartPackageError extends Error {
  override readonly name = 'ChartPackageError';
}

const RELATIONSHIP_TYPE = {
  drawing: `${NS.relationships}/drawing`,
  chart: `${NS.relationships}/chart`,
} as const;
const CONTENT_TYPE = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
} as const;
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/**
 * Children of CT_Worksheet that come after `<drawing>` in the schema's sequence: the new
 * element goes before the first of them present, else before `</worksheet>`.
 */
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

const decodeAttribute = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Relationship id -> target of a `.rels` part. */
function relationshipsOf(xml: string): Map<string, { target: string; type: string }> {
  const found = new Map<string, { target: string; type: string }>();
  for (const match of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const attributes = match[1] ?? '';
    const id = /\bId="([^"]*)"/.exec(attributes)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(attributes)?.[1];
    const type = /\bType="([^"]*)"/.exec(attributes)?.[1];
    if (id && target && type) found.set(id, { target: decodeAttribute(target), type });
  }
  return found;
}

/** Sheet name -> worksheet part path (`xl/worksheets/sheet3.xml`). */
function sheetPaths(files: ZipEntries): Map<string, string> {
  const workbook = files.get('xl/workbook.xml');
  const rels = files.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new ChartPackageError('not a workbook: xl/workbook.xml is missing');
  const targets = relationshipsOf(strFromU8(rels));
  const paths = new Map<string, string>();
  for (const match of strFromU8(workbook).matchAll(/<sheet\b([^>]*)\/>/g)) {
    const attributes = match[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
    const id = /\br:id="([^"]*)"/.exec(attributes)?.[1];
    const target = id ? targets.get(id)?.target : undefined;
    if (name && target)
      paths.set(decodeAttribute(name), target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  return paths;
}

function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash)}/_rels/${partPath.slice(slash + 1)}.rels`;
}

function nextFreeNumber(files: ZipEntries, prefix: string): number {
  let highest = 0;
  for (const path of files.names()) {
    const match = new RegExp(`^${prefix}(\\d+)\\.xml$`).exec(path);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** Adds a relationship to a `.rels` part (creating it), returning its new id. */
function addRelationship(files: ZipEntries, relsPath: string, type: string, target: string): string {
  const rels = files.get(relsPath);
  const existing = rels ? strFromU8(rels) : null;
  const ids = existing ? [...relationshipsOf(existing).keys()] : [];
  let index = ids.length + 1;
  while (ids.includes(`rId${index}`)) index++;
  const id = `rId${index}`;
  const element = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  const xml = existing
    ? existing.replace('</Relationships>', `${element}</Relationships>`)
    : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${element}</Relationships>`;
  files.set(relsPath, strToU8(xml));
  return id;
}

/** Inserts `<drawing r:id>` where CT_Worksheet's sequence puts it. */
function insertDrawingElement(sheetXml: string, relationshipId: string): string {
  if (/<drawing\b/.test(sheetXml)) throw new ChartPackageError('the sheet already has a drawing');
  const element = `<drawing r:id="${relationshipId}"/>`;
  let xml = sheetXml;
  if (!/<worksheet\b[^>]*\bxmlns:r=/.test(xml))
    xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.relationships}"`);
  for (const name of AFTER_DRAWING) {
    const at = xml.search(new RegExp(`<${name}[\\s/>]`));
    if (at >= 0) return `${xml.slice(0, at)}${element}${xml.slice(at)}`;
  }
  const end = xml.lastIndexOf('</worksheet>');
  if (end < 0) throw new ChartPackageError('the worksheet part has no closing tag');
  return `${xml.slice(0, end)}${element}${xml.slice(end)}`;
}

const CONTENT_TYPES = '[Content_Types].xml';

function addContentTypes(files: ZipEntries, overrides: readonly [string, string][]): void {
  const path = CONTENT_TYPES;
  const xml = files.get(path);
  if (!xml) throw new ChartPackageError('not a package: [Content_Types].xml is missing');
  const elements = overrides
    .map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`)
    .join('');
  files.set(path, strToU8(strFromU8(xml).replace('</Types>', `${elements}</Types>`)));
}

/**
 * Returns a copy of the .xlsx package with the charts added. Charts on the same sheet share
 * its drawing; a sheet may get charts only once (it must not have a drawing already).
 */
export function addChartsToXlsx(xlsx: Uint8Array, charts: readonly PlacedChart[]): Uint8Array {
  if (!charts.length) return xlsx;
  const files = openZipEntries(xlsx) ?? wholePackage(xlsx);
  const paths = sheetPaths(files);
  const bySheet = new Map<string, PlacedChart[]>();
  for (const placed of charts) {
    if (!paths.has(placed.sheet)) throw new ChartPackageError(`no sheet named ${placed.sheet}`);
    bySheet.set(placed.sheet, [...(bySheet.get(placed.sheet) ?? []), placed]);
  }
  const overrides: [string, string][] = [];
  let drawingNumber = nextFreeNumber(files, 'xl/drawings/drawing');
  let chartNumber = nextFreeNumber(files, 'xl/charts/chart');
  let frameId = 2;
  for (const [sheet, placed] of bySheet) {
    const sheetPath = paths.get(sheet) as string;
    const drawingPath = `xl/drawings/drawing${drawingNumber++}.xml`;
    const anchors = placed.map((p) => {
      const chartPath = `xl/charts/chart${chartNumber++}.xml`;
      files.set(chartPath, strToU8(chartPartXml(p.chart)));
      overrides.push([chartPath, CONTENT_TYPE.chart]);
      const id = addRelationship(
        files,
        relsPathOf(drawingPath),
        RELATIONSHIP_TYPE.chart,
        `../charts/${chartPath.slice('xl/charts/'.length)}`,
      );
      const frame = frameId++;
      return chartAnchorXml(p.anchor, frame, id, `Chart ${frame}`);
    });
    files.set(drawingPath, strToU8(drawingPartXml(anchors)));
    overrides.push([drawingPath, CONTENT_TYPE.drawing]);
    const sheetRelationship = addRelationship(
      files,
      relsPathOf(sheetPath),
      RELATIONSHIP_TYPE.drawing,
      `../drawings/${drawingPath.slice('xl/drawings/'.length)}`,
    );
    const sheetXml = files.get(sheetPath);
    if (!sheetXml) throw new ChartPackageError(`the package lacks ${sheetPath}`);
    files.set(sheetPath, strToU8(insertDrawingElement(strFromU8(sheetXml), sheetRelationship)));
  }
  addContentTypes(files, overrides);
  // The content types part first, as Excel writes it (some readers sniff it there).
  return files.write(CONTENT_TYPES);
}

/**
 * A package the entry-level editor cannot read (zip64, or not a zip it understands): every
 * entry inflated and the whole package deflated again.
 */
function wholePackage(xlsx: Uint8Array): ZipEntries {
  const files: Record<string, Uint8Array> = unzipSync(xlsx);
  return {
    names: () => Object.keys(files),
    get: (name) => files[name],
    set: (name, bytes) => {
      files[name] = bytes;
    },
    write: (first) =>
      zipSync(
        Object.fromEntries(
          Object.keys(files)
            .sort((a, b) => (a === first ? -1 : b === first ? 1 : 0))
            .map((name) => [name, files[name] as Uint8Array]),
        ),
        { level: 6 },
      ),
  };
}
