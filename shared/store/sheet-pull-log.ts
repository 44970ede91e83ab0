/**
 * The log of scheduled Google Sheet pulls: one object per unit per attempt, never rewritten
 * (`sheets/pulls/<period>/<unit>/<timestamp>.json`). The compile reads it so that a unit whose
 * sheet could not be read (not found, not shared) shows in the Sources sheet and the
 * reminders with the reason, instead of silently looking like a unit that did not report.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { layout } from './storage-layout.ts';

const pullEntrySchema = z.object({
  unitCode: z.string(),
  period: z.string(),
  spreadsheetId: z.string(),
  at: z.iso.datetime(),
  outcome: z.enum(['recorded', 'duplicate', 'failed']),
  /** For failures: not-found, forbidden, refused, unavailable, changing, credentials. */
  reason: z.string().optional(),
  message: z.object({ lo: z.string(), en: z.string() }).optional(),
  sha256: z.string().optional(),
});

/** One pull attempt. */
export type SheetPullEntry = z.infer<typeof pullEntrySchema>;

/** Appends one pull attempt to the log. */
export async function appendSheetPull(storage: ObjectStorage, entry: SheetPullEntry): Promise<void> {
  const key = layout.sheetPull(entry.period, entry.unitCode, new Date(entry.at), randomUUID().slice(0, 8));
  await storage.put(key, `${JSON.stringify(entry, null, 1)}\n`, { contentType: 'application/json' });
}

/** The latest pull of each unit for a month whose outcome was a failure (none when the last pull worked). */
export async function latestFailedPulls(storage: ObjectStorage, period: string): Promise<SheetPullEntry[]> {
  const keys = (await storage.list(layout.sheetPulls(period))).filter((key) => key.endsWith('.json'));
  const entries = await Promise.all(
    keys.map(async (key) => {
      const bytes = await storage.get(key);
      const parsed = bytes
        ? pullEntrySchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
        : undefined;
      return parsed?.success ? parsed.data : undefined;
    }),
  );
  const latest = new Map<string, SheetPullEntry>();
  for (const entry of entries) {
    if (!entry) continue;
    const held = latest.get(entry.unitCode);
    if (!held || entry.at >= held.at) latest.set(entry.unitCode, entry);
  }
  return [...latest.values()]
    .filter((entry) => entry.outcome === 'failed')
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}
