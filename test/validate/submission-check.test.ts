/**
 * The fast check that lets the compile skip zod for stored submissions: it only ever accepts
 * what zod's schema accepts and returns unchanged, and the store falls back to zod for the
 * rest (stripping or refusing as before).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { buildSubmissionCheck, buildSubmissionSchema } from '../../shared/spec/submission-schema.ts';
import { TEMPLATE_SPECS } from '../../shared/spec/template-spec.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { StorageError } from '../../shared/storage/object-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue } from '../support/fixtures.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** A stored submission as plain JSON, reached into freely to break it. */
// biome-ignore lint/suspicious/noExplicitAny: the tests write wrong values of every kind into it
type Loose = Record<string, any>;

/** Ways a stored submission can be wrong (or hold what zod strips), each applied to a copy. */
const MUTATIONS: Record<string, (d: Loose) => void> = {
  'count as text': (d) => {
    d.sections.cases[0].victims_total = '5';
  },
  'negative count': (d) => {
    d.sections.cases[0].victims_total = -1;
  },
  'fractional count': (d) => {
    d.sections.cases[0].victims_total = 1.5;
  },
  'percent above 100': (d) => {
    d.sections.activities[0].percent_complete = 101;
  },
  'unknown choice': (d) => {
    d.sections.activities[0].status = 'nearly';
  },
  'impossible date': (d) => {
    d.sections.awareness[0].event_date = '2025-02-30';
  },
  'bad period': (d) => {
    d.period = '2025-13';
  },
  'unknown unit': (d) => {
    d.unitCode = 'NOPE';
  },
  'other template': (d) => {
    d.templateId = 'other';
  },
  'missing required field': (d) => {
    delete d.sections.cases[0].victims_total;
  },
  'row not an object': (d) => {
    d.sections.cases[0] = null;
  },
  'section not a list': (d) => {
    d.sections.cases = {};
  },
  'cover not an object': (d) => {
    d.cover = 'x';
  },
  'extra key in a row (zod strips it)': (d) => {
    d.sections.cases[0].note = 'x';
  },
  'extra section (zod strips it)': (d) => {
    d.sections.other = [];
  },
  'extra top-level key (zod strips it)': (d) => {
    d.extra = 1;
  },
};

describe('fast check of stored submissions', () => {
  const samples = ['MPS', 'LA-VT', 'OSPP', 'MOLSW'].flatMap((code, i) =>
    ['2025-05', '2025-06'].map((period, m) =>
      generateSampleData(
        {
          unit: catalogue.units.find((u) => u.code === code) ?? catalogue.units[0]!,
          period,
          seed: i * 3 + m,
        },
        catalogue,
      ),
    ),
  );

  it('accepts what zod returns unchanged, for every template version', () => {
    for (const [version, spec] of Object.entries(TEMPLATE_SPECS)) {
      const schema = buildSubmissionSchema(catalogue, spec);
      const accepts = buildSubmissionCheck(catalogue, spec);
      for (const code of ['MPS', 'LA-VT']) {
        const data = generateSampleData(
          { unit: catalogue.units.find((u) => u.code === code)!, period: '2025-06' },
          catalogue,
          spec,
        );
        const stored = JSON.parse(JSON.stringify(data));
        expect(accepts(stored), `${version} ${code}`).toBe(true);
        expect(schema.parse(stored)).toEqual(stored);
      }
    }
  });

  it('never accepts what zod refuses or would change', () => {
    const schema = buildSubmissionSchema(catalogue);
    const accepts = buildSubmissionCheck(catalogue);
    const sample = JSON.parse(JSON.stringify(samples[0])) as Loose;
    expect(sample.sections.cases.length).toBeGreaterThan(0);
    expect(sample.sections.awareness.length).toBeGreaterThan(0);
    // The fields the mutations change exist (so each is a wrong value, not an extra key).
    expect(sample.sections.cases[0]).toHaveProperty('victims_total');
    expect(sample.sections.activities[0]).toHaveProperty('percent_complete');
    expect(sample.sections.activities[0]).toHaveProperty('status');
    expect(sample.sections.awareness[0]).toHaveProperty('event_date');
    for (const [name, mutate] of Object.entries(MUTATIONS)) {
      const value = copy(sample);
      mutate(value);
      expect(accepts(value), name).toBe(false);
      const zod = schema.safeParse(value);
      // Either zod refuses it, or it returns something else (what it stripped).
      if (zod.success) expect(zod.data, name).not.toEqual(value);
    }
    // Every field of every row, set to a value of the wrong kind: never accepted unless zod accepts it unchanged.
    for (const section of Object.keys(sample.sections))
      for (const key of Object.keys(sample.sections[section][0] ?? {}))
        for (const wrong of ['', 'x', -1, 0.5, 1e300, true, [], {}, null]) {
          const value = copy(sample);
          value.sections[section][0][key] = wrong;
          if (accepts(value))
            expect(schema.parse(value), `${section}.${key} = ${JSON.stringify(wrong)}`).toEqual(value);
        }
  });

  it('the store gives zod’s result for a stored submission with a key zod strips, and zod’s error for a bad one', async () => {
    const store = new SubmissionStore(
      new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-check-'))),
      catalogue,
    );
    const good = samples[1] as SubmissionData;
    const withExtra = { ...copy(good), extra: 'kept out' };
    const bad = copy(good) as Loose;
    bad.sections.cases[0].victims_total = 'many';
    const sha = (n: number) => String(n).repeat(64);
    await store.storage.put(`parsed/${sha(1)}.json`, JSON.stringify(good));
    await store.storage.put(`parsed/${sha(2)}.json`, JSON.stringify(withExtra));
    await store.storage.put(`parsed/${sha(3)}.json`, JSON.stringify(bad));
    expect(await store.loadParsed(sha(1))).toEqual(good);
    expect(await store.loadParsed(sha(2))).toEqual(good);
    await expect(store.loadParsed(sha(3))).rejects.toThrow(StorageError);
    await expect(store.loadParsed(sha(3))).rejects.toThrow(/victims_total/);
  });
});
