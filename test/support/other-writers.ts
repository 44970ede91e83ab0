/**
 * Fixtures saved by the writers focal points really use, not only by exceljs: openpyxl
 * (Debian's python3-openpyxl), LibreOffice headless and SheetJS. Also an independent
 * cell-by-cell dump (openpyxl) to compare two files. Locally a missing tool skips the test
 * with a reason; in CI (CI=true) a missing tool fails it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const DUMP_SCRIPT = fileURLToPath(new URL('./dump-cells.py', import.meta.url));

function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether openpyxl can be imported by the system Python. */
export const hasOpenpyxl = works(PYTHON, ['-c', 'import openpyxl']);
/** Whether LibreOffice headless is installed. */
export const hasSoffice = works('soffice', ['--version']);
/** In CI the tools must be there: skipping is only for a developer's machine. */
export const mustRun = process.env.CI === 'true';

/** Why a test is skipped, or undefined when it runs. */
export function skipReason(...needs: ('openpyxl' | 'soffice')[]): string | undefined {
  if (mustRun) return undefined;
  const missing = needs.filter((n) => (n === 'openpyxl' ? !hasOpenpyxl : !hasSoffice));
  return missing.length ? `not installed here: ${missing.join(', ')}` : undefined;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'laingan-writers-'));
}

/**
 * Re-saves a workbook with openpyxl, running `python` (statements using `wb`) in between.
 * openpyxl rewrites every part its own way: shared strings, styles, comments under
 * `/xl/comments/`, no cached formula values.
 */
export function resaveWithOpenpyxl(bytes: Uint8Array, python = ''): Uint8Array {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'in.xlsx'), bytes);
    const script = [
      'import sys, openpyxl',
      'from openpyxl.comments import Comment',
      'wb = openpyxl.load_workbook(sys.argv[1])',
      python,
      'wb.save(sys.argv[2])',
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, join(dir, 'in.xlsx'), join(dir, 'out.xlsx')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'out.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Converts with LibreOffice headless to `xlsx`, `ods`, `xls` or `pdf`; its own profile per call. */
export function convertWithLibreOffice(
  bytes: Uint8Array,
  to: 'xlsx' | 'ods' | 'xls' | 'pdf',
  from = 'xlsx',
): Uint8Array {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, `in.${from}`), bytes);
    const filter = to === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : to === 'xls' ? 'xls:MS Excel 97' : to;
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        filter,
        '--outdir',
        join(dir, 'out'),
        join(dir, `in.${from}`),
      ],
      { stdio: 'pipe', timeout: 180_000 },
    );
    return readFileSync(join(dir, 'out', `in.${to}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Re-saves with SheetJS (npm `xlsx`), which keeps values but neither styles nor validations. */
export async function resaveWithSheetJs(bytes: Uint8Array): Promise<Uint8Array> {
  const XLSX = (await import('xlsx')).default;
  const workbook = XLSX.read(bytes, { type: 'array', cellStyles: true });
  return new Uint8Array(XLSX.write(workbook, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** One cell as openpyxl sees it: value, look, comment. */
export type DumpedCell = [unknown, unknown[], string | null];
export interface DumpedSheet {
  readonly state: string;
  readonly cells: Record<string, DumpedCell>;
  readonly merged: string[];
  readonly widths: Record<string, number>;
}

/** Every cell of a workbook with its look, read by openpyxl (not by exceljs). */
export function dumpCells(bytes: Uint8Array): Record<string, DumpedSheet> {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'in.xlsx'), bytes);
    const out = execFileSync(PYTHON, [DUMP_SCRIPT, join(dir, 'in.xlsx')], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(out) as Record<string, DumpedSheet>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same look spelled two ways counts as one: "general" alignment and no alignment, wrap
 * false and unset, bottom vertical alignment and unset, black as RGB and as theme colour 1.
 */
function canonical(cell: DumpedCell | undefined): string {
  if (!cell) return 'none';
  const [value, look, comment] = cell;
  const l = [...look];
  if (l[4] === 'FF000000' || l[4] === 'theme:1') l[4] = null;
  if (l[8] === false) l[8] = null;
  if (l[9] === 'general') l[9] = null;
  if (l[10] === 'bottom') l[10] = null;
  return JSON.stringify([value, l, comment]);
}

/** Addresses (`Sheet!A1`) whose value, look or comment differ between two dumps. */
export function changedCells(
  before: Record<string, DumpedSheet>,
  after: Record<string, DumpedSheet>,
): string[] {
  const changed: string[] = [];
  for (const [name, sheet] of Object.entries(before)) {
    const other = after[name];
    if (!other) {
      changed.push(`${name}!*`);
      continue;
    }
    for (const address of new Set([...Object.keys(sheet.cells), ...Object.keys(other.cells)]))
      if (canonical(sheet.cells[address]) !== canonical(other.cells[address]))
        changed.push(`${name}!${address}`);
    if (JSON.stringify(sheet.merged) !== JSON.stringify(other.merged)) changed.push(`${name}!merged`);
  }
  return changed.sort();
}
