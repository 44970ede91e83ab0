/**
 * Which Google Sheet each unit reports in. Kept in storage as append-only entries
 * (`sheets/registry/<unit>/<sequence>.json`): registering again replaces, unregistering adds
 * a tombstone, the highest sequence per unit wins, and every change is in the audit log.
 */
import { z } from 'zod';
import { layout } from '../store/storage-layout.ts';
import type { SubmissionStore } from '../store/submission-store.ts';

const entrySchema = z.object({
  unitCode: z.string(),
  action: z.enum(['register', 'unregister']),
  spreadsheetId: z.string().nullable(),
  at: z.iso.datetime(),
  by: z.string(),
});
type RegistryEntry = z.infer<typeof entrySchema>;

/** A unit's current sheet. */
export interface SheetRegistration {
  readonly unitCode: string;
  readonly spreadsheetId: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

/** The registry on the submission store's storage. */
export class SheetRegistry {
  constructor(private readonly store: SubmissionStore) {}

  /** Entries in key order: by unit, then by sequence. */
  private async entries(unitCode?: string): Promise<RegistryEntry[]> {
    const prefix = unitCode ? `${layout.sheetRegistry()}${unitCode}/` : layout.sheetRegistry();
    const keys = (await this.store.storage.list(prefix)).filter((key) => key.endsWith('.json'));
    const entries = await Promise.all(
      keys.map(async (key) => {
        const bytes = await this.store.storage.get(key);
        return bytes ? entrySchema.parse(JSON.parse(new TextDecoder().decode(bytes))) : undefined;
      }),
    );
    return entries.filter((e): e is RegistryEntry => e !== undefined);
  }

  private async append(entry: RegistryEntry): Promise<void> {
    // The next sequence number: the newest entry wins even when two share a timestamp.
    const sequence = (await this.entries(entry.unitCode)).length + 1;
    const key = layout.sheetRegistration(entry.unitCode, sequence);
    await this.store.storage.put(key, `${JSON.stringify(entry, null, 1)}\n`, {
      contentType: 'application/json',
    });
    await this.store.appendAudit({
      at: entry.at,
      action: entry.action === 'register' ? 'sheet-registered' : 'sheet-unregistered',
      actor: entry.by,
      details: { unit: entry.unitCode, spreadsheetId: entry.spreadsheetId },
    });
  }

  /** Every unit's current sheet, by unit code. */
  async list(unitCode?: string): Promise<SheetRegistration[]> {
    const latest = new Map<string, RegistryEntry>();
    for (const entry of await this.entries(unitCode)) latest.set(entry.unitCode, entry);
    return [...latest.values()]
      .filter((e) => e.action === 'register' && e.spreadsheetId)
      .map((e) => ({
        unitCode: e.unitCode,
        spreadsheetId: e.spreadsheetId as string,
        registeredAt: e.at,
        registeredBy: e.by,
      }))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  }

  /** The unit's current sheet, if any. */
  async find(unitCode: string): Promise<SheetRegistration | undefined> {
    return (await this.list(unitCode)).find((r) => r.unitCode === unitCode);
  }

  /** Points a unit at a sheet (replacing any earlier one). */
  async register(unitCode: string, spreadsheetId: string, by: string, at: Date): Promise<void> {
    await this.append({ unitCode, action: 'register', spreadsheetId, at: at.toISOString(), by });
  }

  /** Takes a unit off Sheets; returns false when it had no sheet. */
  async unregister(unitCode: string, by: string, at: Date): Promise<boolean> {
    if (!(await this.find(unitCode))) return false;
    await this.append({ unitCode, action: 'unregister', spreadsheetId: null, at: at.toISOString(), by });
    return true;
  }
}
