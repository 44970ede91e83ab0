/**
 * Edits of an .xlsx package at the zip level, for files exceljs cannot take as they are:
 * moving comment parts to where exceljs looks for them (openpyxl and others put them
 * elsewhere), and adding a plain sheet to a package without re-writing anything else.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { attribute, listSheets } from '../grid/xlsx-parts.ts';

type Parts = Record<string, Uint8Array>;

const COMMENTS_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const VML_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing';
const WORKSHEET_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const WORKSHEET_CONTENT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** Resolves a relationship target against the folder of the part that owns the rels file. */
function resolveTarget(ownerFolder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = ownerFolder.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .split('')
      // XML 1.0 has no place for control characters other than tab, newline and return.
      .filter((ch) => ch.charCodeAt(0) >= 0x20 || ch === '\t' || ch === '\n' || ch === '\r')
      .join('')
  );
}

/**
 * Returns the package spelled the way exceljs 4.4 reads it, meaning unchanged: each sheet's
 * comments at `xl/commentsN.xml` and its VML drawing at `xl/drawings/vmlDrawingN.vml` (openpyxl
 * writes `/xl/comments/comment1.xml`, which makes exceljs throw), comment text in runs, and
 * style flags as 0/1. Anything else is left byte for byte.
 */
export function normalizeForExcelJs(bytes: Uint8Array): Uint8Array {
  const parts: Parts = unzipSync(bytes);
  let changed = false;
  const renames = new Map<string, string>();
  for (const relsName of Object.keys(parts)) {
    const match = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/.exec(relsName);
    if (!match) continue;
    const number = match[1];
    let xml = strFromU8(parts[relsName] as Uint8Array);
    xml = xml.replace(/<(?:\w+:)?Relationship\b[^>]*>/g, (tag) => {
      const type = attribute(tag, 'Type');
      const target = attribute(tag, 'Target');
      if (!target || (type !== COMMENTS_TYPE && type !== VML_TYPE)) return tag;
      const wanted = type === COMMENTS_TYPE ? `comments${number}.xml` : `drawings/vmlDrawing${number}.vml`;
      const from = resolveTarget('xl/worksheets', target);
      const to = `xl/${wanted}`;
      if (from === to && target === `../${wanted}`) return tag;
      if (from !== to) renames.set(from, to);
      changed = true;
      return tag.replace(/\bTarget="[^"]*"/, `Target="../${wanted}"`);
    });
    parts[relsName] = strToU8(xml);
  }
  // exceljs reads a comment's text only from runs (<r><t>); plain <text><t> comes back empty.
  for (const name of Object.keys(parts)) {
    if (!/^xl\/comments\/|^xl\/comments\d*\.xml$|^xl\/[^/]*comment[^/]*\.xml$/i.test(name)) continue;
    const xml = strFromU8(parts[name] as Uint8Array);
    const wrapped = xml.replace(
      /<((?:\w+:)?)text>\s*<((?:\w+:)?)t\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?t>\s*<\/(?:\w+:)?text>/g,
      (_, p1: string, p2: string, attrs: string, body: string) =>
        `<${p1}text><${p2}r><${p2}t${attrs}>${body}</${p2}t></${p2}r></${p1}text>`,
    );
    if (wrapped !== xml) {
      parts[name] = strToU8(wrapped);
      changed = true;
    }
  }
  // exceljs reads protection flags only as "0"/"1"; LibreOffice writes "false"/"true", so
  // every unlocked input cell would come back locked. Both spellings mean the same.
  const styles = parts['xl/styles.xml'];
  if (styles) {
    const xml = strFromU8(styles);
    const spelled = xml.replace(
      /\b(locked|hidden|wrapText|shrinkToFit|justifyLastLine|apply\w+)="(true|false)"/g,
      (_, name: string, value: string) => `${name}="${value === 'true' ? 1 : 0}"`,
    );
    if (spelled !== xml) {
      parts['xl/styles.xml'] = strToU8(spelled);
      changed = true;
    }
  }
  if (!changed) return bytes;
  const moved: Parts = {};
  for (const [from, to] of renames) {
    const body = parts[from];
    if (body) moved[to] = body;
    delete parts[from];
  }
  Object.assign(parts, moved);
  const types = parts['[Content_Types].xml'];
  if (types) {
    let xml = strFromU8(types);
    for (const [from, to] of renames) xml = xml.split(`PartName="/${from}"`).join(`PartName="/${to}"`);
    // VML is typed by extension; make sure the default exists after the move.
    if (!/Extension="vml"/i.test(xml))
      xml = xml.replace(
        '</Types>',
        '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/></Types>',
      );
    parts['[Content_Types].xml'] = strToU8(xml);
  }
  return zipSync(parts);
}

/** One row of a plain sheet: text cells, and an optional in-workbook link on one of them. */
export interface PlainRow {
  readonly cells: readonly string[];
  readonly link?: { readonly column: number; readonly location: string };
}

function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Adds a sheet of inline-string rows (last in the tab order) to a package without
 * touching any other part's content: the fallback when the original cannot be restyled.
 * In-workbook links need no relationship (`<hyperlink location>`), so none is added.
 */
export function appendPlainSheet(
  bytes: Uint8Array,
  name: string,
  rows: readonly PlainRow[],
  widths: readonly number[],
): Uint8Array {
  const parts: Parts = unzipSync(bytes);
  const workbookXml = strFromU8(parts['xl/workbook.xml'] ?? new Uint8Array());
  const relsXml = strFromU8(parts['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
  const existing = listSheets(workbookXml, relsXml);
  let partNumber = 1;
  while (parts[`xl/worksheets/sheet${partNumber}.xml`]) partNumber += 1;
  const partName = `xl/worksheets/sheet${partNumber}.xml`;
  const relIds = new Set([...relsXml.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let relNumber = relIds.size + 1;
  while (relIds.has(`rIdIssues${relNumber}`)) relNumber += 1;
  const relId = `rIdIssues${relNumber}`;
  const sheetIds = [...workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"/g)].map((m) =>
    Number(m[1]),
  );
  const sheetId = Math.max(0, ...sheetIds) + 1;
  let uniqueName = name;
  for (let n = 2; existing.some((s) => s.name.toLowerCase() === uniqueName.toLowerCase()); n++)
    uniqueName = `${name} ${n}`;

  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const body = rows
    .map((row, r) => {
      const cells = row.cells
        .map((text, c) =>
          text === ''
            ? ''
            : `<c r="${columnLetters(c + 1)}${r + 1}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`,
        )
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const links = rows
    .map((row, r) =>
      row.link
        ? `<hyperlink ref="${columnLetters(row.link.column)}${r + 1}" location="${escapeXml(row.link.location)}"/>`
        : '',
    )
    .join('');
  parts[partName] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetViews><sheetView workbookViewId="0"/></sheetViews><cols>${cols}</cols>` +
      `<sheetData>${body}</sheetData>${links ? `<hyperlinks>${links}</hyperlinks>` : ''}` +
      '<pageSetup paperSize="9" orientation="landscape"/></worksheet>',
  );
  parts['xl/_rels/workbook.xml.rels'] = strToU8(
    relsXml.replace(
      /<\/(\w+:)?Relationships>/,
      (close) =>
        `<Relationship Id="${relId}" Type="${WORKSHEET_TYPE}" Target="worksheets/sheet${partNumber}.xml"/>${close}`,
    ),
  );
  // Last in the tab order: no other sheet's position, view or print range moves.
  let updated = workbookXml.replace(
    /<\/((?:\w+:)?)sheets>/,
    (close, prefix: string) =>
      `<${prefix}sheet name="${escapeXml(uniqueName)}" sheetId="${sheetId}" r:id="${relId}"/>${close}`,
  );
  if (!/xmlns:r=/.test(updated))
    updated = updated.replace(
      /<((?:\w+:)?)workbook\b/,
      (open) => `${open} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`,
    );
  parts['xl/workbook.xml'] = strToU8(updated);
  const types = strFromU8(parts['[Content_Types].xml'] ?? new Uint8Array());
  parts['[Content_Types].xml'] = strToU8(
    types.replace(
      '</Types>',
      `<Override PartName="/${partName}" ContentType="${WORKSHEET_CONTENT}"/></Types>`,
    ),
  );
  return zipSync(parts);
}
