/** Writes a bench sample: `make-sample.ts OUT.xlsx [AWARENESS_ROWS] [UNIT] [PERIOD] [SEED]`. */
import { writeFileSync } from 'node:fs';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { benchCatalogue } from '../bench-fixtures.ts';

const [out = 'bench.xlsx', rows, unitCode = 'MPS', period = '2025-06', seed = '1'] = process.argv.slice(2);
const catalogue = benchCatalogue();
const unit = catalogue.unitByCode.get(unitCode);
if (!unit) throw new Error(`unknown unit ${unitCode}`);
const { bytes } = await writeSampleXlsx(
  { unit, period, seed: Number(seed), awarenessRows: rows ? Number(rows) : undefined },
  catalogue,
);
writeFileSync(out, bytes);
