import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REFERENCE_DIR,
  loadCatalogue,
  ReferenceDataError,
} from '../../shared/reference/catalogue.ts';
import { ALL_PROVINCES } from '../../shared/reference/reference-schema.ts';

const catalogue = loadCatalogue();

describe('the plan', () => {
  it('has 9 goals, 6 programmes, 26 projects and 121 activities, marked illustrative', () => {
    expect(catalogue.plan.goals).toHaveLength(9);
    expect(catalogue.plan.programmes).toHaveLength(6);
    expect(catalogue.plan.projects).toHaveLength(26);
    expect(catalogue.plan.activities).toHaveLength(121);
    expect(catalogue.plan.illustrative).toBe(true);
  });

  it('references only units that exist', () => {
    for (const activity of catalogue.plan.activities) {
      expect(catalogue.unitByCode.has(activity.lead), activity.code).toBe(true);
      for (const code of activity.support)
        expect(code === ALL_PROVINCES || catalogue.unitByCode.has(code), code).toBe(true);
    }
  });

  it('gives every unit activities to report on', () => {
    for (const unit of catalogue.units)
      expect(catalogue.activitiesOf(unit.code).length, unit.code).toBeGreaterThan(0);
  });

  it('stores Lao text in NFC', () => {
    const text = readFileSync(join(DEFAULT_REFERENCE_DIR, 'plan.json'), 'utf8');
    expect(text).toBe(text.normalize('NFC'));
  });
});

describe('the units', () => {
  it('has the 15 central units and the 18 provincial committees', () => {
    expect(catalogue.units.filter((u) => u.kind !== 'province')).toHaveLength(15);
    expect(catalogue.units.filter((u) => u.kind === 'province')).toHaveLength(18);
    expect(catalogue.unitByCode.get('MPS')?.name.en).toBe('Ministry of Public Security');
    expect(catalogue.unitByCode.get('LA-LP')?.province).toBe('LA-LP');
  });
});

describe('loading errors', () => {
  function brokenCopy(file: string, edit: (json: Record<string, unknown>) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'laingan-ref-'));
    cpSync(DEFAULT_REFERENCE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    edit(json);
    writeFileSync(path, JSON.stringify(json));
    return dir;
  }

  it('names the file and the path inside it for a schema problem', () => {
    const dir = brokenCopy('plan.json', (json) => {
      (json.goals as { title: { lo: string } }[])[2]!.title.lo = '';
    });
    expect(() => loadCatalogue(dir)).toThrowError(ReferenceDataError);
    expect(() => loadCatalogue(dir)).toThrowError(/plan\.json: at goals\.2\.title\.lo: Lao text is empty/);
  });

  it('names an unknown unit referenced by an activity', () => {
    const dir = brokenCopy('plan.json', (json) => {
      (json.activities as { lead: string }[])[4]!.lead = 'NOPE';
    });
    expect(() => loadCatalogue(dir)).toThrowError(/plan\.json: at activities\.4\.lead: unknown unit NOPE/);
  });

  it('names a duplicate unit code', () => {
    const dir = brokenCopy('units.json', (json) => {
      const units = json.units as unknown[];
      units.push(units[0]);
    });
    expect(() => loadCatalogue(dir)).toThrowError(/units\.json: at units: code MPS appears twice/);
  });

  it('names an indicator on an unknown goal and a target outside the plan', () => {
    const dir = brokenCopy('indicators.json', (json) => {
      const indicators = json.indicators as { appliesTo: unknown; targets: { span: string }[] }[];
      indicators[0]!.appliesTo = { goal: 'G99' };
      indicators[1]!.targets[0]!.span = '2030';
    });
    expect(() => loadCatalogue(dir)).toThrowError(
      /indicators\.json: at indicators\.0\.appliesTo\.goal: unknown goal G99/,
    );
    expect(() => loadCatalogue(dir)).toThrowError(
      /at indicators\.1\.targets\.0\.span: 2030 is outside the plan/,
    );
  });

  it('names an indicator without a target or with an unknown measure', () => {
    const dir = brokenCopy('indicators.json', (json) => {
      const indicators = json.indicators as { targets: unknown[]; measure: string }[];
      indicators[2]!.targets = [];
      indicators[3]!.measure = 'happiness';
    });
    expect(() => loadCatalogue(dir)).toThrowError(/indicators\.json: .*at indicators\.2\.targets/);
    expect(() => loadCatalogue(dir)).toThrowError(/at indicators\.3\.measure/);
  });
});

describe('the indicators', () => {
  it('are illustrative, say so in both languages, and have a unit, a baseline and targets with spans', () => {
    expect(catalogue.indicators.illustrative).toBe(true);
    expect(catalogue.indicators.note?.en).toMatch(/ILLUSTRATIVE/);
    expect(catalogue.indicators.note?.lo).toMatch(/ຕົວຢ່າງ/);
    expect(catalogue.indicators.indicators.length).toBeGreaterThanOrEqual(9);
    for (const indicator of catalogue.indicators.indicators) {
      expect(indicator.unit.en.length, indicator.code).toBeGreaterThan(0);
      expect(indicator.targets.length, indicator.code).toBeGreaterThan(0);
    }
    const goals = new Set(
      catalogue.indicators.indicators.flatMap((i) => ('goal' in i.appliesTo ? [i.appliesTo.goal] : [])),
    );
    expect(goals.size).toBeGreaterThanOrEqual(8);
  });

  it('are optional: a reference folder without indicators.json loads with none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'laingan-ref-'));
    cpSync(DEFAULT_REFERENCE_DIR, dir, {
      recursive: true,
      filter: (src) => !src.endsWith('.ts') && !src.endsWith('indicators.json'),
    });
    expect(loadCatalogue(dir).indicators.indicators).toEqual([]);
  });
});
