/**
 * Looks at an upload before any spreadsheet library touches it: is it an .xlsx at all, an
 * old .xls, a password-encrypted file, a damaged zip, a zip bomb, or a sheet with far more
 * rows than a monthly report can have? Each answer is one bilingual issue, found in
 * milliseconds and without unpacking the whole file.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { ValidationIssue } from '../validate/issue.ts';
import { messages } from '../validate/messages.ts';

/** Limits applied before parsing. */
export interface PackageLimits {
  /** Total unpacked size of all parts. */
  readonly maxUnpackedBytes: number;
  /** Most data rows a sheet may have, by sheet name; sheets not named get `defaultMaxRows`. */
  readonly maxRowsBySheet: ReadonlyMap<string, number>;
  readonly defaultMaxRows: number;
  /** Rows above the data (hidden keys, header) that do not count against the limit. */
  readonly headerRows: number;
}

const ROW_START = /<(?:\w+:)?row[\s>]/g;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Office puts a password-encrypted .xlsx in an OLE file with a stream named EncryptedPackage. */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

function fileIssue(code: ValidationIssue['code'], message: ValidationIssue['message']): ValidationIssue {
  return { severity: 'error', code, sheet: null, cell: null, field: null, message };
}

function describeNonZip(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head.startsWith('%PDF')) return 'PDF';
  if (/^\s*<(!doctype|html)/i.test(head)) return 'HTML';
  if (/^[\x20-\x7e\r\n\t,;"]+$/.test(head)) return 'text/CSV';
  return 'unknown format';
}

/** Maps sheet names to their part paths using workbook.xml and its relationships. */
function sheetPartsByName(parts: Record<string, Uint8Array>): Map<string, string> {
  const decoder = new TextDecoder();
  const workbook = decoder.decode(parts['xl/workbook.xml'] ?? new Uint8Array());
  const rels = decoder.decode(parts['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(match[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(match[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const byName = new Map<string, string>();
  for (const match of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(match[0])?.[1];
    const id = /\b(?:\w+:)?id="([^"]+)"/.exec(match[0])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) byName.set(decodeXmlEntities(name), part);
  }
  return byName;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Counts `<row` elements of the given parts while inflating them chunk by chunk, and stops a
 * part as soon as it passes its limit, so a 100,000-row sheet is refused after ~limit rows.
 */
function findOversizedSheet(
  bytes: Uint8Array,
  limitsByPart: ReadonlyMap<string, { sheet: string; limit: number }>,
): { sheet: string; limit: number } | undefined {
  let oversized: { sheet: string; limit: number } | undefined;
  const unzipper = new Unzip((file) => {
    const wanted = limitsByPart.get(file.name);
    if (!wanted || oversized) return;
    let rows = 0;
    let carry = '';
    const decoder = new TextDecoder();
    file.ondata = (error, chunk, final) => {
      if (error || oversized) return;
      const text = carry + decoder.decode(chunk, { stream: !final });
      let lastMatchEnd = 0;
      for (const match of text.matchAll(ROW_START)) {
        rows += 1;
        lastMatchEnd = match.index + match[0].length;
      }
      // Keep an uncounted tail: a `<row` split across two chunks is counted with the next one.
      carry = text.slice(Math.max(lastMatchEnd, text.length - 8));
      if (rows > wanted.limit) {
        oversized = wanted;
        file.terminate();
      }
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  unzipper.push(bytes, true);
  return oversized;
}

/**
 * Returns the issue that makes these bytes unreadable as a monthly report, or undefined when
 * the file can go on to the parser.
 */
export function inspectXlsxPackage(bytes: Uint8Array, limits: PackageLimits): ValidationIssue | undefined {
  if (bytes.byteLength === 0) return fileIssue('file/empty', messages.fileEmpty());
  if (startsWith(bytes, OLE_MAGIC)) {
    return containsUtf16(bytes, 'EncryptedPackage')
      ? fileIssue('file/encrypted', messages.fileEncrypted())
      : fileIssue('file/old-xls', messages.fileOldXls());
  }
  if (!startsWith(bytes, ZIP_MAGIC))
    return fileIssue('file/not-xlsx', messages.fileNotXlsx(describeNonZip(bytes)));

  let unpackedBytes = 0;
  let parts: Record<string, Uint8Array>;
  const names: string[] = [];
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        unpackedBytes += file.originalSize;
        return file.name === 'xl/workbook.xml' || file.name === 'xl/_rels/workbook.xml.rels';
      },
    });
  } catch (cause) {
    return fileIssue('file/corrupt', messages.fileCorrupt((cause as Error).message || 'zip'));
  }
  if (unpackedBytes > limits.maxUnpackedBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    return fileIssue('file/too-large', messages.fileTooLarge(mb(unpackedBytes), mb(limits.maxUnpackedBytes)));
  }
  if (!parts['xl/workbook.xml']) {
    const what = names.includes('mimetype')
      ? 'OpenDocument .ods'
      : names.includes('word/document.xml')
        ? 'Word'
        : 'zip';
    return fileIssue('file/not-xlsx', messages.fileNotXlsx(what));
  }
  const limitsByPart = new Map<string, { sheet: string; limit: number }>();
  for (const [sheet, part] of sheetPartsByName(parts)) {
    const dataRows = limits.maxRowsBySheet.get(sheet) ?? limits.defaultMaxRows;
    limitsByPart.set(part, { sheet, limit: dataRows + limits.headerRows });
  }
  let oversized: { sheet: string; limit: number } | undefined;
  try {
    oversized = findOversizedSheet(bytes, limitsByPart);
  } catch (cause) {
    return fileIssue('file/corrupt', messages.fileCorrupt((cause as Error).message || 'zip'));
  }
  if (oversized) {
    const dataRows = oversized.limit - limits.headerRows;
    return fileIssue('file/too-many-rows', messages.fileTooManyRows(oversized.sheet, dataRows, dataRows));
  }
  return undefined;
}
