/**
 * Brings a stored submission of an older template version to the current field layout, so
 * the compile and the lake read one shape. Only the layout changes: the template version is
 * kept, because it says what the figures meant (see `CURRENT_TEMPLATE_VERSION`): a version 1
 * "budget spent" stays a running total and is rolled up as one.
 */
import { VERSION_1_VICTIM_DIMENSIONS } from '../spec/template-spec.ts';
import type { FieldValue } from './coerce-cell.ts';
import type { SubmissionData, SubmissionRow } from './submission.ts';

type Combination = readonly string[];

function combinations(): Combination[] {
  let combos: Combination[] = [[]];
  for (const dimension of VERSION_1_VICTIM_DIMENSIONS)
    combos = combos.flatMap((combo) => dimension.values.map((value) => [...combo, value.key]));
  return combos;
}

const VERSION_1_COMBINATIONS = combinations();

/**
 * Version 1 crossed victims by sex x age x nationality x form; version 2 keeps sex x age
 * crossed and gives nationality and form on their own. Each version 2 figure is the sum of
 * the version 1 cells it covers (null when none of them held a number); the "unknown"
 * columns stay empty, because version 1 breakdowns had to add up in full.
 */
function upgradeVictims(row: SubmissionRow): SubmissionRow {
  const upgraded: Record<string, FieldValue> = {};
  const add = (key: string, value: FieldValue | undefined) => {
    if (typeof value !== 'number') return;
    upgraded[key] = (typeof upgraded[key] === 'number' ? (upgraded[key] as number) : 0) + value;
  };
  const crossed = new Set<string>();
  for (const [sex, age, nationality, form] of VERSION_1_COMBINATIONS) {
    const key = `victims_${sex}_${age}_${nationality}_${form}`;
    crossed.add(key);
    const value = row[key];
    add(`victims_${sex}_${age}`, value);
    add(`victims_${nationality}`, value);
    add(`victims_${form}`, value);
  }
  const kept = Object.fromEntries(Object.entries(row).filter(([key]) => !crossed.has(key)));
  return { ...kept, ...upgraded };
}

/** The submission in the current field layout (already current ones come back unchanged). */
export function upgradeSubmission(data: SubmissionData): SubmissionData {
  if (data.templateVersion !== '1') return data;
  const cases = data.sections.cases;
  return cases ? { ...data, sections: { ...data.sections, cases: cases.map(upgradeVictims) } } : data;
}
