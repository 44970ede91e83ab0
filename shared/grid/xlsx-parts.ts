/** Small readers for the parts of an .xlsx package (SpreadsheetML), shared by inspection and parsing. */

const XML_ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Decodes XML entities and SpreadsheetML's `_xHHHH_` escapes. */
export function decodeXmlText(text: string): string {
  const decoded = text.includes('&')
    ? text.replace(XML_ENTITY, (_, entity: string) => {
        switch (entity) {
          case 'lt':
            return '<';
          case 'gt':
            return '>';
          case 'amp':
            return '&';
          case 'quot':
            return '"';
          case 'apos':
            return "'";
          default:
            return String.fromCodePoint(
              entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10),
            );
        }
      })
    : text;
  return decoded.includes('_x')
    ? decoded.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : decoded;
}

/** One compiled pattern per attribute name: the scanner asks for r, t and s on every cell. */
const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

/** The value of an attribute in a tag's attribute text, decoded, or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[\\w]+:)?${name}="([^"]*)"`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  return match ? decodeXmlText(match[1] ?? '') : undefined;
}

/** A sheet as listed in workbook.xml: name, visibility and the path of its part. */
export interface SheetEntry {
  readonly name: string;
  readonly hidden: boolean;
  readonly part: string;
}

/** Lists the workbook's sheets in order, resolving each to its part through the relationships. */
export function listSheets(workbookXml: string, relsXml: string): SheetEntry[] {
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attribute(match[1] ?? '', 'Id');
    const target = attribute(match[1] ?? '', 'Target');
    if (id && target)
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheets: SheetEntry[] = [];
  for (const match of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
    const attributes = match[1] ?? '';
    const name = attribute(attributes, 'name');
    const relId = /\br:id="([^"]+)"|\b\w+:id="([^"]+)"/.exec(attributes);
    const part = targets.get(relId?.[1] ?? relId?.[2] ?? '');
    if (name !== undefined && part)
      sheets.push({ name, hidden: (attribute(attributes, 'state') ?? 'visible') !== 'visible', part });
  }
  return sheets;
}
