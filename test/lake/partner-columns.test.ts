/**
 * The partner suppression on a table given column by column (what the lake writer encodes)
 * withholds exactly the cells the row-by-row suppression withholds, over many random rows:
 * small counts, zeros, blanks and large counts in every pattern the sum rules meet.
 */
import { describe, expect, it } from 'vitest';
import { rowsOfColumns } from '../../shared/lake/lake-rows.ts';
import { FACT_TABLE_NAMES, PARTNER_SECTIONS, storedFields } from '../../shared/lake/lake-schema.ts';
import type { LakeRow, LakeValue } from '../../shared/lake/parquet-encode.ts';
import { suppressPartnerColumns, suppressPartnerRows } from '../../shared/lake/partner-export.ts';
import { seededRandom } from '../support/seeded-random.ts';

describe('partner suppression by columns', () => {
  for (const section of PARTNER_SECTIONS)
    it(`withholds the same cells as the rows in ${FACT_TABLE_NAMES[section]}`, () => {
      const next = seededRandom(section.length * 7919);
      const fields = storedFields(section);
      const value = (type: string): LakeValue => {
        const draw = next();
        if (type !== 'count') return draw < 0.5 ? null : `text ${Math.floor(draw * 10)}`;
        // Blanks, zeros, withheld sizes and shown sizes, and a total off its parts at times.
        if (draw < 0.15) return null;
        if (draw < 0.35) return 0;
        if (draw < 0.75) return 1 + Math.floor(next() * 10);
        return 11 + Math.floor(next() * 40);
      };
      const rows: LakeRow[] = Array.from({ length: 2_000 }, (_, index) => ({
        unit_code: `U${index % 7}`,
        ...Object.fromEntries(fields.map((field) => [field.key, value(field.type)])),
      }));
      const names = ['unit_code', ...fields.map((field) => field.key)];
      const columns = {
        length: rows.length,
        values: Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)])),
      };
      const expected = suppressPartnerRows(rows, section, { threshold: 10 });
      const actual = rowsOfColumns(suppressPartnerColumns(columns, section, { threshold: 10 }));
      expect(actual).toEqual(expected);
      // The rows exercise the suppression: cells withheld, and some by the sum rules alone.
      const flags = Object.keys(expected[0] ?? {}).filter((key) => key.endsWith('_suppressed'));
      const withheld = expected.flatMap((row) => flags.filter((flag) => row[flag]));
      expect(withheld.length).toBeGreaterThan(1_000);
      const complementary = expected.filter((row, index) =>
        flags.some((flag) => row[flag] && Number(rows[index]?.[flag.slice(0, -11)]) > 10),
      );
      expect(complementary.length).toBeGreaterThan(10);
    });
});
