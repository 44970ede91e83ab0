/** Parse + validate of a typical monthly report (in memory, warm) and of a 5,000-row one. */
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { report, time } from '../bench-support.ts';

const rows = Number(process.argv[2] ?? 0);
const catalogue = defaultCatalogue();
const unit = catalogue.unitByCode.get('MPS');
if (!unit) throw new Error('MPS missing');
const { bytes } = await writeSampleXlsx(
  { unit, period: '2025-06', seed: 1, awarenessRows: rows || undefined },
  catalogue,
);
const result = await validateXlsx(bytes, catalogue);
if (!result.accepted) throw new Error(`sample rejected: ${JSON.stringify(result.issues.slice(0, 3))}`);
const activityRows = result.submission?.sections.activities?.length ?? 0;
const totalRows = Object.values(result.submission?.sections ?? {}).reduce((n, r) => n + (r?.length ?? 0), 0);
const timing = await time(() => validateXlsx(bytes, catalogue), rows ? 5 : 40, rows ? 1 : 5);
report({
  case: rows ? `parse+validate, ${rows}-row upload` : 'parse+validate, typical report',
  fileKiB: Math.round(bytes.byteLength / 1024),
  activityRows,
  totalRows,
  ...timing,
});
