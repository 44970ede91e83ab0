/**
 * A test oracle for "one source of record per figure", written naively and independently of
 * the compile: the rules of `shared/reference/sources-of-record.json`, spelled out by hand.
 */
import type { SubmissionData, SubmissionRow } from '../../shared/parse/submission.ts';

const PROVINCE_UNIT = /^LA-[A-Z]{2}$/;

/** Is this unit's number for this figure of this row the national one? */
export function countsNationally(
  section: 'cases' | 'assistance',
  key: string,
  unitCode: string,
  row: SubmissionRow,
): boolean {
  const ownProvince = PROVINCE_UNIT.test(unitCode) && (row.province ?? unitCode) === unitCode;
  if (section === 'cases') {
    if (['cases_detected', 'cases_investigated', 'suspects_female', 'suspects_male'].includes(key))
      return unitCode === 'MPS';
    if (key === 'cases_prosecuted') return unitCode === 'OSPP';
    if (key === 'cases_convicted' || key.startsWith('offenders_')) return unitCode === 'PSC';
    if (key.startsWith('victims_')) return ownProvince;
    return true;
  }
  const type = String(row.assistance_type);
  if (type === 'assisted_persons' || type === 'identified') return ownProvince;
  if (['referred', 'sheltered', 'legal_aid', 'reintegration'].includes(type)) return unitCode === 'MOLSW';
  if (type === 'medical') return unitCode === 'MOH';
  if (type === 'repatriated') return unitCode === 'MOFA';
  return true;
}

/** The national total of a figure: the sum over rows whose unit is its source of record. */
export function nationalSum(
  data: readonly SubmissionData[],
  section: 'cases' | 'assistance',
  key: string,
  rowFilter: (row: SubmissionRow) => boolean = () => true,
): number {
  let total = 0;
  for (const d of data)
    for (const row of d.sections[section] ?? []) {
      const value = row[key];
      if (typeof value === 'number' && rowFilter(row) && countsNationally(section, key, d.unitCode, row))
        total += value;
    }
  return total;
}
