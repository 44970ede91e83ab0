/**
 * Writes bench samples: `make-sample.ts OUT.xlsx [AWARENESS_ROWS] [COUNT]`. With COUNT > 1 it
 * writes OUT-1.xlsx ... OUT-COUNT.xlsx, each with a different seed (distinct bytes).
 */
import { writeFileSync } from 'node:fs';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { benchCatalogue } from '../bench-fixtures.ts';

const [out = 'bench.xlsx', rows = '0', count = '1'] = process.argv.slice(2);
const catalogue = benchCatalogue();
const unit = catalogue.unitByCode.get('MPS');
if (!unit) throw new Error('unit MPS missing');
const total = Number(count);
for (let seed = 1; seed <= total; seed++) {
  const { bytes } = await writeSampleXlsx(
    { unit, period: '2025-06', seed, awarenessRows: Number(rows) || undefined },
    catalogue,
  );
  writeFileSync(total > 1 ? out.replace(/\.xlsx$/, `-${seed}.xlsx`) : out, bytes);
}
