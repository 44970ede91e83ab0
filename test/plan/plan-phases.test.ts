/**
 * Plan versions end to end: templates name their plan, uploads are read and compiled against
 * the plan they were made on, a plan imported later leaves earlier months compiling the same,
 * and a compile across Phase III and an illustrative Phase IV gives one workbook with a
 * section per plan and the mapping sheet.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileScope } from '../../shared/compile/compile-scope.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { NATIONAL_SHEETS, NATIONAL_TABS } from '../../shared/compile/write-national-workbook.ts';
import { PLAN_ACTIVITIES_SHEET, PLAN_MAPPING_SHEET } from '../../shared/compile/write-plan-mapping.ts';
import { type CellGrid, cellAt, gridValueText } from '../../shared/grid/cell-grid.ts';
import { readXlsxGrid } from '../../shared/grid/read-xlsx-grid.ts';
import { readTemplatePlanVersion } from '../../shared/parse/parse-submission.ts';
import type { PlanRegistry } from '../../shared/plan/plan-registry.ts';
import { PlanStore } from '../../shared/plan/plan-store.ts';
import { readPlanWorkbook } from '../../shared/plan/read-plan-workbook.ts';
import { writePlanWorkbook } from '../../shared/plan/write-plan-workbook.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import {
  type Catalogue,
  defaultCatalogue,
  loadCatalogue,
  NO_INDICATORS,
  planSpan,
} from '../../shared/reference/catalogue.ts';
import type { PlanFile } from '../../shared/reference/reference-schema.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { convertWithLibreOffice, resaveWithOpenpyxl, skipReason } from '../support/other-writers.ts';

const phaseIII = defaultCatalogue();
const phaseIVPlan = JSON.parse(
  readFileSync(new URL('../fixtures/plan-phase-iv/plan.json', import.meta.url), 'utf8'),
) as PlanFile;
const settings = { reportDueDay: 10, timeZone: 'Asia/Vientiane' };

function freshStores() {
  const root = mkdtempSync(join(tmpdir(), 'plan-phases-'));
  const store = new SubmissionStore(new LocalFsStorage(root), phaseIII);
  return { root, store, plans: new PlanStore(store, phaseIII) };
}

/** Imports a plan the way the Secretariat does: exported workbook, read back, stored. */
async function importPlan(plans: PlanStore, plan: PlanFile, at: string): Promise<Catalogue> {
  // Phase III's indicators are about Phase III's goals: the sample next phase has none yet.
  const indicators =
    plan === phaseIII.plan || plan.startYear === phaseIII.plan.startYear
      ? phaseIII.indicators
      : NO_INDICATORS;
  const workbook = await writePlanWorkbook({
    plan,
    units: phaseIII.unitsFile,
    indicators,
    sources: phaseIII.sourcesOfRecordFile,
  });
  const report = readPlanWorkbook(readXlsxGrid(workbook));
  expect(report.issues).toEqual([]);
  const { record } = await plans.save(report.content as never, {
    by: 'secretariat:test',
    at: new Date(at),
    workbook,
  });
  return (await plans.load(record.version)) as Catalogue;
}

/** Fills a sample on a catalogue's template and records it, read against the plans it names. */
async function upload(
  store: SubmissionStore,
  registry: PlanRegistry,
  catalogue: Catalogue,
  unit: string,
  period: string,
  at: string,
) {
  const { bytes } = await writeSampleXlsx(
    { unit: catalogue.unitByCode.get(unit) as never, period, seed: 3 },
    catalogue,
  );
  const report = await validateXlsx(bytes, (version) => registry.catalogueFor(version));
  expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
  await store.recordUpload({
    bytes,
    report,
    unitCode: unit,
    submittedBy: `unit:${unit}`,
    submittedAt: new Date(at),
    source: 'upload',
    fileName: null,
  });
  return report;
}

const text = (grid: CellGrid, sheet: string, address: string) => {
  const found = grid.sheets.find((s) => s.name === sheet);
  const match = /^([A-Z]+)(\d+)$/.exec(address) as RegExpExecArray;
  const column = [...(match[1] as string)].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const value = found ? cellAt(found, Number(match[2]), column) : undefined;
  return value ? gridValueText(value) : undefined;
};

describe('plan versions', () => {
  it('templates carry the plan version they were made on', async () => {
    const bytes = await writeXlsxTemplate(
      { unit: phaseIII.unitByCode.get('MPS') as never, period: '2025-06' },
      phaseIII,
    );
    expect(readTemplatePlanVersion(readXlsxGrid(bytes))).toBe(phaseIII.version);
  });

  it('a plan changed after submissions exist leaves earlier months compiling the same', async () => {
    const { store, plans } = freshStores();
    let registry = await plans.registry();
    await upload(store, registry, phaseIII, 'MPS', '2025-06', '2025-07-03T02:00:00Z');
    await upload(store, registry, phaseIII, 'LA-LP', '2025-06', '2025-07-04T02:00:00Z');
    const scope = parseScope('2025-06') as never;
    const first = await compileScope(
      { store, catalogue: phaseIII, clock: fixedClock('2025-07-20T00:00:00Z'), registry },
      scope,
      settings,
      'test',
    );
    expect(first.manifest.planVersions).toEqual([phaseIII.version]);

    // The Secretariat revises Phase III: a title reworded, an activity added, a lead changed.
    const revisedPlan: PlanFile = {
      ...phaseIII.plan,
      activities: [
        ...phaseIII.plan.activities.map((a, index) =>
          index === 0 ? { ...a, title: { ...a.title, en: `${a.title.en} (revised)` }, lead: 'MOJ' } : a,
        ),
        {
          code: 'P1.1.9',
          project: 'P1.1',
          goal: 'G1',
          title: { lo: 'ກິດຈະກຳໃໝ່', en: 'A new activity' },
          lead: 'MPS',
          support: [],
        },
      ],
    };
    const revised = await importPlan(plans, revisedPlan, '2025-08-01T00:00:00Z');
    registry = await plans.registry();
    expect(registry.inForce('2025-09').version).toBe(revised.version);
    expect(registry.catalogueFor(phaseIII.version)).toBe(phaseIII);

    // June, made on the old plan, compiles to the very same version: nothing new is written.
    const again = await compileScope(
      { store, catalogue: phaseIII, clock: fixedClock('2025-09-01T00:00:00Z'), registry },
      scope,
      settings,
      'test',
    );
    expect(again.created).toBe(false);
    expect(again.manifest.version).toBe(first.manifest.version);

    // A template made now names the revised plan, and its upload is read against it.
    const september = await upload(store, registry, revised, 'MPS', '2025-09', '2025-10-02T02:00:00Z');
    expect(september.submission?.planVersion).toBe(revised.version);
    expect(september.submission?.sections.activities?.map((r) => r.activity_code)).toContain('P1.1.9');
    // An old-plan template for the same month is still read against the old plan.
    const oldTemplate = await upload(store, registry, phaseIII, 'LA-LP', '2025-09', '2025-10-03T02:00:00Z');
    expect(oldTemplate.submission?.planVersion).toBe(phaseIII.version);

    // A template naming a plan nobody knows is refused, in Lao and English.
    const unknown = await validateXlsx(
      await writeXlsxTemplate(
        { unit: phaseIII.unitByCode.get('MPS') as never, period: '2025-06' },
        { ...phaseIII, version: 'ffffffffffffffff' },
      ),
      (version) => registry.catalogueFor(version),
    );
    expect(unknown.issues).toMatchObject([{ code: 'template/plan-unknown', sheet: '_meta' }]);
  });

  it('a stored plan version deploys as REFERENCE_DIR with the same version', async () => {
    const { root, plans } = freshStores();
    const phaseIV = await importPlan(plans, phaseIVPlan, '2025-11-01T00:00:00Z');
    const deployed = loadCatalogue(join(root, 'plans', phaseIV.version));
    expect(deployed.version).toBe(phaseIV.version);
    expect(planSpan(deployed).label).toBe('2026-2030');
  });
});

describe('a compile across Phase III and Phase IV', () => {
  let result: Awaited<ReturnType<typeof compileScope>>;
  let grid: CellGrid;
  let root: string;
  let phaseIV: Catalogue;

  beforeAll(async () => {
    const stores = freshStores();
    root = stores.root;
    phaseIV = await importPlan(stores.plans, phaseIVPlan, '2025-11-01T00:00:00Z');
    const registry = await stores.plans.registry();
    expect(registry.inForce('2025-12').version).toBe(phaseIII.version);
    expect(registry.inForce('2026-01').version).toBe(phaseIV.version);
    expect(registry.spans().map((s) => s.label)).toEqual(['2021-2025', '2026-2030']);
    for (const unit of ['MPS', 'LA-LP']) {
      await upload(stores.store, registry, phaseIII, unit, '2025-12', '2026-01-05T02:00:00Z');
      await upload(stores.store, registry, phaseIV, unit, '2026-01', '2026-02-05T02:00:00Z');
    }
    result = await compileScope(
      {
        store: stores.store,
        catalogue: phaseIII,
        clock: fixedClock('2026-02-20T00:00:00Z'),
        registry,
      },
      parseScope('2025-2026') as never,
      settings,
      'test',
    );
    grid = readXlsxGrid(readFileSync(join(root, result.manifest.workbookKey)));
  });

  it('names both plan versions, in time order', () => {
    expect(result.manifest.planVersions).toEqual([phaseIII.version, phaseIV.version]);
  });

  it('has a section of sheets per plan, then the plan activities and the mapping', () => {
    const names = grid.sheets.map((s) => s.name);
    for (const base of NATIONAL_SHEETS)
      expect(names).toEqual(expect.arrayContaining([`${base} 2021-25`, `${base} 2026-30`]));
    expect(names.slice(-2)).toEqual([PLAN_ACTIVITIES_SHEET, PLAN_MAPPING_SHEET]);
    expect(names.every((n) => n.length <= 31)).toBe(true);
    expect(text(grid, `${NATIONAL_TABS.summary} 2026-30`, 'A3')).toContain(phaseIV.version);
  });

  it('maps every Phase III activity, pre-filled where the activity carries on unchanged', () => {
    const mapping = grid.sheets.find((s) => s.name === PLAN_MAPPING_SHEET);
    const rows = (mapping?.rows ?? []).flatMap((row, n) => (n >= 4 && row ? [n] : []));
    expect(rows).toHaveLength(phaseIII.plan.activities.length);
    const rowOf = (code: string) =>
      rows.find((n) => text(grid, PLAN_MAPPING_SHEET, `B${n}`) === code) as number;
    // P1.1.1 keeps its code and title in Phase IV: suggested, and compared.
    expect(text(grid, PLAN_MAPPING_SHEET, `G${rowOf('P1.1.1')}`)).toBe('P1.1.1');
    expect(text(grid, PLAN_MAPPING_SHEET, `H${rowOf('P1.1.1')}`)).toContain('Revise the implementing decree');
    // P1.1.2 means something else in Phase IV: left for the Secretariat to pick.
    expect(text(grid, PLAN_MAPPING_SHEET, `G${rowOf('P1.1.2')}`)).toBeUndefined();
    const percentNow = Number(text(grid, PLAN_MAPPING_SHEET, `J${rowOf('P1.1.1')}`));
    const percentBefore = Number(text(grid, PLAN_MAPPING_SHEET, `E${rowOf('P1.1.1')}`));
    expect(Number(text(grid, PLAN_MAPPING_SHEET, `K${rowOf('P1.1.1')}`))).toBeCloseTo(
      percentNow - percentBefore,
    );
  });

  it('keeps one dimension table per plan version, and fact rows carry their plan version', async () => {
    const latest = JSON.parse(readFileSync(join(root, 'lake/_latest.json'), 'utf8'));
    expect(Object.keys(latest.planDimensions).sort()).toEqual([phaseIII.version, phaseIV.version].sort());
    const read = async (key: string) => {
      const bytes = readFileSync(join(root, key));
      return (await parquetReadObjects({
        file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      })) as Record<string, unknown>[];
    };
    const activitiesIV = latest.planDimensions[phaseIV.version].find(
      (f: { table: string }) => f.table === 'activities',
    );
    const dimension = await read(activitiesIV.key);
    expect(dimension.map((r) => r.code)).toEqual(phaseIVPlan.activities.map((a) => a.code));
    expect(new Set(dimension.map((r) => r.plan_version))).toEqual(new Set([phaseIV.version]));
    for (const [period, version] of [
      ['2025-12', phaseIII.version],
      ['2026-01', phaseIV.version],
    ] as const) {
      const file = latest.periods[period].files.find(
        (f: { table: string }) => f.table === 'activity_progress',
      );
      const rows = await read(file.key);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.plan_version))).toEqual(new Set([version]));
    }
  });

  it.skipIf(skipReason('openpyxl', 'soffice'))(
    'recomputes the comparison when the Secretariat picks successors (openpyxl edit, LibreOffice)',
    async () => {
      const bytes = readFileSync(join(root, result.manifest.workbookKey));
      const mapping = grid.sheets.find((s) => s.name === PLAN_MAPPING_SHEET);
      const rowOf = (code: string) =>
        (mapping?.rows ?? []).findIndex(
          (row, n) => n > 3 && row && text(grid, PLAN_MAPPING_SHEET, `B${n}`) === code,
        );
      const [carried, ended] = [rowOf('P5.1.1'), rowOf('P1.1.3')];
      // P5.1.1 carries on as P2.1.1 in Phase IV; P1.1.3 ends with Phase III.
      const filled = resaveWithOpenpyxl(
        bytes,
        `ws = wb['${PLAN_MAPPING_SHEET}']\nws['G${carried}'] = 'P2.1.1'\nws['G${ended}'] = 'none'`,
      );
      const recalculated = readXlsxGrid(convertWithLibreOffice(filled, 'xlsx'));
      expect(text(recalculated, PLAN_MAPPING_SHEET, `H${carried}`)).toContain(
        'Extend the national trafficking case database',
      );
      const before = Number(text(recalculated, PLAN_MAPPING_SHEET, `E${carried}`));
      const after = Number(text(recalculated, PLAN_MAPPING_SHEET, `J${carried}`));
      expect(Number.isFinite(after)).toBe(true);
      expect(Number(text(recalculated, PLAN_MAPPING_SHEET, `K${carried}`))).toBeCloseTo(after - before);
      expect(text(recalculated, PLAN_MAPPING_SHEET, `H${ended}`)).toBe('ບໍ່ມີ / none');
      expect(text(recalculated, PLAN_MAPPING_SHEET, `J${ended}`)).toBeUndefined();
      expect(text(recalculated, PLAN_MAPPING_SHEET, `K${ended}`)).toBeUndefined();
    },
  );
});
