/**
 * The Parquet encoder on its own, read back by hyparquet: a month's table larger than the
 * writer's default first row group (1,000 rows) is still one row group, with every row.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { SUBMISSIONS_TABLE } from '../../shared/lake/lake-schema.ts';
import { encodeParquet, type LakeRow } from '../../shared/lake/parquet-encode.ts';

describe('encodeParquet', () => {
  it('writes a 2,500-row table as one row group and reads back every row', async () => {
    const rows: LakeRow[] = Array.from({ length: 2500 }, (_, index) => ({
      period: '2025-06',
      unit_code: `U${index % 33}`,
      status: index % 7 === 0 ? 'missing' : 'on_time',
      warning_count: index % 5,
      submitted_at: index % 7 === 0 ? null : '2025-07-05T03:00:00.000Z',
    }));
    const bytes = await encodeParquet(SUBMISSIONS_TABLE, rows);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups).toHaveLength(1);
    expect(Number(metadata.num_rows)).toBe(2500);
    const back = await parquetReadObjects({ file, columns: ['unit_code', 'status', 'warning_count'] });
    expect(back).toHaveLength(2500);
    expect(back[2498]).toEqual({ unit_code: `U${2498 % 33}`, status: 'on_time', warning_count: 3n });
    expect(back.filter((row) => row.status === 'missing')).toHaveLength(Math.ceil(2500 / 7));
  });
});
