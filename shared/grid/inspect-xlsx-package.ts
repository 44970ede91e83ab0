/**
 * Looks at an upload before anything is unpacked: is it an .xlsx at all, an old .xls, a
 * password-encrypted file, a macro-enabled (.xlsm) or binary (.xlsb) workbook, a damaged zip,
 * or a zip bomb? Each answer is one bilingual issue,
 * found from the magic bytes and the zip's central directory in well under a millisecond.
 * (Row limits are enforced by the reader while it scans.)
 */
import { unzipSync } from 'fflate';
import type { ValidationIssue } from '../validate/issue.ts';
import { messages } from '../validate/messages.ts';

/** Limits applied before and while parsing. */
export interface PackageLimits {
  /** Total unpacked size of all parts, as the zip's directory declares it. */
  readonly maxUnpackedBytes: number;
  /** Most data rows a sheet may have, by sheet name; sheets not named get `defaultMaxRows`. */
  readonly maxRowsBySheet: ReadonlyMap<string, number>;
  readonly defaultMaxRows: number;
  /** Rows above the data (hidden keys, header) that do not count against the limit. */
  readonly headerRows: number;
}

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
  const names: string[] = [];
  try {
    // Reads the central directory only: nothing is inflated here (the reader does that once).
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        unpackedBytes += file.originalSize;
        return false;
      },
    });
  } catch (cause) {
    return fileIssue('file/corrupt', messages.fileCorrupt((cause as Error).message || 'zip'));
  }
  if (unpackedBytes > limits.maxUnpackedBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    return fileIssue('file/too-large', messages.fileTooLarge(mb(unpackedBytes), mb(limits.maxUnpackedBytes)));
  }
  // Refused outright, whatever else the file holds: a macro never runs here, but a file that
  // carries one is not passed on (it would travel on to the Secretariat's desktop).
  if (names.some((name) => /(^|\/)vba[^/]*\.bin$/i.test(name)))
    return fileIssue('file/macro-enabled', messages.fileMacroEnabled());
  if (names.includes('xl/workbook.bin')) return fileIssue('file/xlsb', messages.fileXlsb());
  if (!names.includes('xl/workbook.xml')) {
    const what = names.includes('mimetype')
      ? 'OpenDocument .ods'
      : names.includes('word/document.xml')
        ? 'Word'
        : 'zip';
    return fileIssue('file/not-xlsx', messages.fileNotXlsx(what));
  }
  return undefined;
}
