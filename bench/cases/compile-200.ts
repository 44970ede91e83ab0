/**
 * Compile of 200 stored submissions (33 units x 6 months, parsed once at ingest) into the
 * national workbook and the lake. The compile reads only the stored JSON, never .xlsx.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScope } from '../../shared/compile/compile-scope.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { report, round } from '../bench-support.ts';

const catalogue = defaultCatalogue();
const store = new SubmissionStore(
  new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-bench-compile-'))),
  catalogue,
);
const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
let count = 0;
for (const period of months) {
  for (const unit of catalogue.units) {
    if (count >= 200) break;
    const data = generateSampleData({ unit, period, seed: count }, catalogue);
    const bytes = new TextEncoder().encode(`stand-in for the .xlsx of ${unit.code} ${period}`);
    await store.recordUpload({
      bytes,
      report: { accepted: true, unreadable: false, unit: unit.code, period, issues: [], submission: data },
      unitCode: unit.code,
      submittedBy: `unit:${unit.code}`,
      submittedAt: new Date(`${period}-28T03:00:00Z`),
      source: 'upload',
      fileName: null,
    });
    count++;
  }
}
const scope = parseScope('2025-H1') ?? { label: '2025-H1', months };
const start = process.hrtime.bigint();
const result = await compileScope(
  { store, catalogue, clock: fixedClock('2025-07-15T00:00:00Z') },
  scope,
  {
    reportDueDay: 10,
    timeZone: 'Asia/Vientiane',
  },
  'bench',
);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
report({
  case: `compile ${result.input.submissions.length} submissions (workbook + lake)`,
  ms: round(ms),
  pandasConcat100FilesMs: 6800,
  speedupVsPandasPerFile: round(6800 / 100 / (ms / result.input.submissions.length)),
});
