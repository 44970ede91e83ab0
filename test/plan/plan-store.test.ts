import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanStore, planLayout } from '../../shared/plan/plan-store.ts';
import { defaultCatalogue, planSpan } from '../../shared/reference/catalogue.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';

const baseline = defaultCatalogue();

function freshStore() {
  const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'plan-store-')));
  const store = new SubmissionStore(storage, baseline);
  return { plans: new PlanStore(store, baseline), store };
}

describe('plan versions in storage', () => {
  it('stores an accepted plan by content hash, with who and when, once', async () => {
    const { plans, store } = freshStore();
    const revised = {
      plan: { ...baseline.plan, title: { ...baseline.plan.title, en: `${baseline.plan.title.en} (rev. 1)` } },
      units: baseline.unitsFile,
      indicators: baseline.indicators,
      sources: baseline.sourcesOfRecordFile,
    };
    const at = new Date(Date.UTC(2025, 6, 1, 3));
    const first = await plans.save(revised, {
      by: 'secretariat:noy',
      at,
      workbook: new Uint8Array([1, 2, 3]),
    });
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ importedBy: 'secretariat:noy', importedAt: at.toISOString() });
    expect(first.record.version).not.toBe(baseline.version);
    const again = await plans.save(revised, { by: 'secretariat:other', at: new Date() });
    expect(again.created).toBe(false);
    expect(again.record.importedBy).toBe('secretariat:noy');
    expect(await plans.list()).toHaveLength(1);
    const loaded = await plans.load(first.record.version);
    expect(loaded?.version).toBe(first.record.version);
    expect(loaded?.plan.title.en).toMatch(/rev\. 1/);
    // The stored files are plan.json / units.json as REFERENCE_DIR takes them.
    expect(await store.storage.exists(planLayout.plan(first.record.version))).toBe(true);
    const audit = await store.listAudit();
    expect(audit.map((e) => e.action).sort()).toEqual(['plan-import', 'plan-import-duplicate']);
  });

  it('knows the baseline without storing it, and which plan is in force', async () => {
    const { plans } = freshStore();
    expect(await plans.load(baseline.version)).toBe(baseline);
    const registry = await plans.registry();
    expect(registry.inForce('2023-04')).toBe(baseline);
    expect(registry.spans().map((s) => s.label)).toEqual([planSpan(baseline).label]);
  });
});
