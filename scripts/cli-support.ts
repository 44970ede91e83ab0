/** Small helpers shared by the command-line scripts. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import type { Unit } from '../shared/reference/reference-schema.ts';

/** Prints a bilingual usage error and exits with the given code. */
export function fail(message: string, exitCode = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

/** The unit for a code, or a clear error listing the valid codes. */
export function requireUnit(catalogue: Catalogue, code: string | undefined): Unit {
  if (!code) fail('ກະລຸນາລະບຸ --unit / Give --unit CODE (e.g. MPS, LA-VT)');
  const unit = catalogue.unitByCode.get(code.toUpperCase());
  if (!unit)
    fail(`ບໍ່ຮູ້ຈັກຫົວໜ່ວຍ / Unknown unit "${code}". Known: ${catalogue.units.map((u) => u.code).join(', ')}`);
  return unit;
}

/** A YYYY-MM period, or a clear error. */
export function requirePeriod(period: string | undefined, fallback?: string): string {
  const value = period ?? fallback;
  if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    fail(`ເດືອນບໍ່ຖືກຕ້ອງ / Bad period "${value ?? ''}": use YYYY-MM, e.g. 2025-06`);
  return value;
}

/** Writes a file, creating its folder first. */
export async function writeFileEnsuringDir(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
