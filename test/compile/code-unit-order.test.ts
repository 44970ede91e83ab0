import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { compareCodeUnits } from '../../shared/store/code-unit-order.ts';

/** What the store and the statuses sort by, mixed so that any order but the right one shows. */
const samples = {
  'unit codes (every unit of the plan)': defaultCatalogue().units.map((unit) => unit.code),
  'upload times (ISO-8601 UTC, with and without milliseconds)': [
    '2025-02-10T16:59:59.999Z',
    '2025-02-10T16:59:59Z',
    '2025-02-10T17:00:00.000Z',
    '2024-12-31T23:59:59.000Z',
    '2025-01-01T00:00:00.001Z',
  ],
  'content hashes (lowercase hex)': ['f0', '0f', 'a9', '9a', '00', 'ff'].map((head) => head.repeat(32)),
  'periods, and none': ['2025-01', '2024-12', '', '2025-10', '2021-01'],
};

describe('compareCodeUnits', () => {
  for (const [what, values] of Object.entries(samples))
    it(`orders ${what} as localeCompare does`, () => {
      const reversed = [...values].sort((a, b) => b.localeCompare(a));
      expect([...reversed].sort(compareCodeUnits)).toEqual([...reversed].sort((a, b) => a.localeCompare(b)));
    });
});
