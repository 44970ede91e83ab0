/**
 * Files as Google Sheets' "Download > Microsoft Excel (.xlsx)" writes them. Google cannot be
 * reached from here, so two real Google exports (test/fixtures/google-sheets/, from roo-rb/roo,
 * MIT; see SOURCE.md there) are the evidence, and this module does two things with it:
 * - {@link GOOGLE_EXPORT_TRAITS}: the package traits those exports share, each a check on a
 *   file's parts (tests hold that the real exports have them and our own files do not);
 * - {@link reshapeAsGoogleSheetsExport}: rewrites one of our .xlsx files into that package
 *   shape, keeping its cells, so a filled template can be tried as if it came from Google.
 * Not reproduced, for want of evidence in a real export: how Google writes data validations,
 * merged cells, sheet protection, frozen panes and number formats.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

type Parts = Record<string, Uint8Array>;

const text = (parts: Parts, name: string) => (parts[name] ? strFromU8(parts[name]) : '');
const worksheetNames = (parts: Parts) =>
  Object.keys(parts).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
const relsOf = (part: string) => part.replace(/([^/]+)$/, '_rels/$1.rels');

/** Namespaces Google declares on workbook and worksheet roots, with no `mc:Ignorable`. */
const GOOGLE_NAMESPACES =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:mx="http://schemas.microsoft.com/office/mac/excel/2008/main" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:mv="urn:schemas-microsoft-com:mac:vml" ' +
  'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" ' +
  'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" ' +
  'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ' +
  'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"';
/** The empty drawing part Google attaches to every worksheet. */
const EMPTY_DRAWING =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"/>';
const DRAWING_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';

/** One trait of a Google export, checked on a file's parts (and, for order, its part names). */
export interface GoogleExportTrait {
  readonly name: string;
  /** Undefined when the file has nothing the trait is about (e.g. no comments). */
  readonly holds: (parts: Parts, order: readonly string[]) => boolean | undefined;
}

export const GOOGLE_EXPORT_TRAITS: readonly GoogleExportTrait[] = [
  {
    name: 'no docProps (no application name, no core properties)',
    holds: (p) => !Object.keys(p).some((n) => n.startsWith('docProps/')),
  },
  {
    name: 'package relationships name only the workbook',
    holds: (p) => (text(p, '_rels/.rels').match(/<Relationship /g) ?? []).length === 1,
  },
  {
    name: '[Content_Types].xml is the last zip entry',
    holds: (_, order) => order.at(-1) === '[Content_Types].xml',
  },
  { name: 'no directory entries in the zip', holds: (_, order) => !order.some((n) => n.endsWith('/')) },
  {
    name: 'workbook root declares mx/mv/x14/x14ac/xm without mc:Ignorable',
    holds: (p) => {
      const root = /<workbook [^>]*>/.exec(text(p, 'xl/workbook.xml'))?.[0] ?? '';
      return (
        ['xmlns:mx=', 'xmlns:mv=', 'xmlns:x14=', 'xmlns:x14ac=', 'xmlns:xm='].every((ns) =>
          root.includes(ns),
        ) && !root.includes('mc:Ignorable')
      );
    },
  },
  {
    name: 'workbook: empty <workbookPr/> and <calcPr/>, <definedNames>, no bookViews',
    holds: (p) => {
      const xml = text(p, 'xl/workbook.xml');
      return (
        xml.includes('<workbookPr/>') &&
        xml.includes('<calcPr/>') &&
        /<definedNames\s*\/?>/.test(xml) &&
        !xml.includes('<bookViews')
      );
    },
  },
  {
    name: 'worksheets: no <dimension>, no row spans',
    holds: (p) =>
      worksheetNames(p).every((n) => {
        const xml = text(p, n);
        return !xml.includes('<dimension') && !/<row [^>]*spans=/.test(xml);
      }),
  },
  {
    name: 'worksheets: <sheetPr><outlinePr summaryBelow="0" summaryRight="0"/>, since 2023',
    holds: (p) =>
      worksheetNames(p).every((n) => text(p, n).includes('<outlinePr summaryBelow="0" summaryRight="0"/>')),
  },
  {
    name: 'worksheets: <sheetFormatPr customHeight="1" ... defaultRowHeight="15.75"/>',
    holds: (p) =>
      worksheetNames(p).every((n) =>
        /<sheetFormatPr customHeight="1" [^>]*defaultRowHeight="15.75"\/>/.test(text(p, n)),
      ),
  },
  {
    name: 'every worksheet points at an empty drawing part',
    holds: (p) =>
      worksheetNames(p).every((n) => {
        const id = /<drawing r:id="([^"]+)"\/>/.exec(text(p, n))?.[1];
        const target =
          id &&
          new RegExp(
            `Id="${id}"[^>]*Target="\\.\\./drawings/([^"]+)"|Target="\\.\\./drawings/([^"]+)"[^>]*Id="${id}"`,
          ).exec(text(p, relsOf(n)));
        const drawing = target && text(p, `xl/drawings/${target[1] ?? target[2]}`);
        return Boolean(drawing && /<xdr:wsDr [^>]*\/>$/.test(drawing.trim()));
      }),
  },
  {
    name: 'the default border written empty (<border/>), since 2023',
    holds: (p) => /<borders [^>]*><border\/>/.test(text(p, 'xl/styles.xml')),
  },
  {
    name: 'font sizes written with a decimal (sz val="10.0")',
    holds: (p) => /<sz val="\d+\.\d+"\/>/.test(text(p, 'xl/styles.xml')),
  },
  {
    name: 'comments: one empty author, plain text without runs',
    holds: (p) => {
      const comments = Object.keys(p).filter((n) => /^xl\/comments[^/]*\.xml$/.test(n));
      if (!comments.length) return undefined;
      return comments.every((n) => {
        const xml = text(p, n);
        return xml.includes('<authors><author></author></authors>') && !xml.includes('<r>');
      });
    },
  },
];

/** The traits a file has, by name (undefined where the file has nothing they are about). */
export function googleExportTraits(bytes: Uint8Array): Record<string, boolean | undefined> {
  const parts = unzipSync(bytes);
  const order = Object.keys(parts);
  return Object.fromEntries(GOOGLE_EXPORT_TRAITS.map((t) => [t.name, t.holds(parts, order)]));
}

/** A comment's text as Google writes it: the runs' text joined into one plain `<t>`. */
function plainComments(xml: string): string {
  return xml
    .replace(/<authors>[\s\S]*?<\/authors>/, '<authors><author></author></authors>')
    .replace(/<text>([\s\S]*?)<\/text>/g, (_, body: string) => {
      const joined = [...body.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('');
      return `<text><t xml:space="preserve">${joined}</t></text>`;
    });
}

/** A worksheet as Google writes it, pointing at drawing relationship `drawingId`. */
function googleWorksheet(xml: string, drawingId: string): string {
  let out = xml
    .replace(/<worksheet [^>]*>/, `<worksheet ${GOOGLE_NAMESPACES}>`)
    .replace(/<dimension [^>]*\/>/, '')
    .replace(
      /<sheetFormatPr [^>]*\/>/,
      '<sheetFormatPr customHeight="1" defaultColWidth="12.63" defaultRowHeight="15.75"/>',
    )
    .replace(/(<row [^>]*?) spans="[^"]*"/g, '$1')
    .replace(/ x14ac:dyDescent="[^"]*"/g, '');
  const outline = '<outlinePr summaryBelow="0" summaryRight="0"/>';
  if (out.includes('<sheetPr/>')) out = out.replace('<sheetPr/>', `<sheetPr>${outline}</sheetPr>`);
  else if (/<sheetPr[ >]/.test(out))
    // CT_SheetPr: tabColor, outlinePr, pageSetUpPr.
    out = /<tabColor [^>]*\/>/.test(out)
      ? out.replace(/(<sheetPr[^>]*>[\s\S]*?<tabColor [^>]*\/>)/, `$1${outline}`)
      : out.replace(/(<sheetPr[^>]*>)/, `$1${outline}`);
  else out = out.replace(/(<worksheet [^>]*>)/, `$1<sheetPr>${outline}</sheetPr>`);
  // CT_Worksheet: drawing before legacyDrawing, tableParts and extLst.
  const drawing = `<drawing r:id="${drawingId}"/>`;
  const before = [
    '<legacyDrawing ',
    '<legacyDrawingHF',
    '<picture ',
    '<oleObjects',
    '<controls',
    '<webPublishItems',
    '<tableParts',
    '<extLst',
    '</worksheet>',
  ].find((tag) => out.includes(tag)) as string;
  const at = out.indexOf(before);
  return `${out.slice(0, at)}${drawing}${out.slice(at)}`;
}

/**
 * One of our .xlsx files in the package shape of a Google Sheets export (the traits above),
 * with the same cells, comments, styles and sheets.
 */
export function reshapeAsGoogleSheetsExport(bytes: Uint8Array): Uint8Array {
  const parts: Parts = {};
  for (const [name, body] of Object.entries(unzipSync(bytes)))
    if (!name.endsWith('/') && !name.startsWith('docProps/')) parts[name] = body;
  const edit = (name: string, change: (xml: string) => string) => {
    parts[name] = strToU8(change(text(parts, name)));
  };
  edit('_rels/.rels', (xml) => xml.replace(/<Relationship [^>]*Target="docProps\/[^"]*"\/>/g, ''));
  edit('[Content_Types].xml', (xml) => xml.replace(/<Override PartName="\/docProps\/[^"]*"[^>]*\/>/g, ''));
  edit('xl/workbook.xml', (xml) =>
    xml
      .replace(/<workbook [^>]*>/, `<workbook ${GOOGLE_NAMESPACES}>`)
      .replace(/<fileVersion [^>]*\/>/, '')
      .replace(/<workbookPr[^>]*\/>/, '<workbookPr/>')
      .replace(/<bookViews>[\s\S]*?<\/bookViews>/, '')
      .replace(/<sheet (?![^>]*state=)/g, '<sheet state="visible" ')
      .replace(/<calcPr[^>]*\/>/, '<calcPr/>')
      .replace(/<\/sheets>(?![\s\S]*<definedNames)/, '</sheets><definedNames/>'),
  );
  edit('xl/styles.xml', (xml) =>
    xml
      .replace(/<sz val="(\d+)"\/>/g, '<sz val="$1.0"/>')
      // The default border (index 0): Google writes it as an empty element.
      .replace(/(<borders [^>]*>)<border>[\s\S]*?<\/border>/, '$1<border/>'),
  );
  for (const name of Object.keys(parts).filter((n) => /^xl\/comments[^/]*\.xml$/.test(n)))
    edit(name, plainComments);
  worksheetNames(parts).forEach((sheet, index) => {
    const drawingPart = `xl/drawings/drawing${index + 1}.xml`;
    parts[drawingPart] = strToU8(EMPTY_DRAWING);
    const rels = relsOf(sheet);
    const existing = text(parts, rels);
    const id = `rIdGoogleDrawing${index + 1}`;
    const relationship = `<Relationship Id="${id}" Type="${DRAWING_TYPE}" Target="../drawings/drawing${index + 1}.xml"/>`;
    parts[rels] = strToU8(
      existing
        ? existing.replace('</Relationships>', `${relationship}</Relationships>`)
        : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationship}</Relationships>`,
    );
    edit(sheet, (xml) => googleWorksheet(xml, id));
    edit('[Content_Types].xml', (xml) =>
      xml.replace(
        '</Types>',
        `<Override ContentType="application/vnd.openxmlformats-officedocument.drawing+xml" PartName="/${drawingPart}"/></Types>`,
      ),
    );
  });
  // Google's zip order: the xl/ parts, then _rels/.rels, then [Content_Types].xml last.
  const names = Object.keys(parts).sort((a, b) => rank(a) - rank(b));
  return zipSync(Object.fromEntries(names.map((n) => [n, parts[n] as Uint8Array])), { level: 6 });
}

function rank(name: string): number {
  if (name === '[Content_Types].xml') return 3;
  if (name === '_rels/.rels') return 2;
  return 1;
}
