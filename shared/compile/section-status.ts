/**
 * Complete, nil or missing, per section a unit fills: what the reporting status and the
 * national workbook show beside "on time" or "late", so "no cases this month" (an explicit
 * nil) is never mistaken for a section nobody filled.
 */
import { rowHasInput, type SubmissionData } from '../parse/submission.ts';
import type { Unit } from '../reference/reference-schema.ts';
import { SECTION_KEYS, type SectionKey } from '../reference/reference-schema.ts';
import { specForVersion, TEMPLATE_SPEC } from '../spec/template-spec.ts';

/**
 * - `complete`: the accepted report has rows in the section;
 * - `nil`: its cover marks the section "nothing to report this month";
 * - `missing`: no accepted report, or (older files) an empty section with no mark;
 * - `not_assigned`: the unit does not fill this section.
 */
export type SectionStatus = 'complete' | 'nil' | 'missing' | 'not_assigned';

/** Section statuses of one unit for one month; `data` is its current accepted report, if any. */
export function sectionStatuses(
  unit: Unit | undefined,
  data: SubmissionData | undefined,
): Record<SectionKey, SectionStatus> {
  const spec = (data && specForVersion(data.templateVersion)) ?? TEMPLATE_SPEC;
  const statuses = {} as Record<SectionKey, SectionStatus>;
  for (const section of SECTION_KEYS) {
    if (!unit?.sections.includes(section)) {
      statuses[section] = 'not_assigned';
      continue;
    }
    const table = spec.tables.find((t) => t.section === section);
    const rows = data?.sections[section] ?? [];
    const filled = table !== undefined && rows.some((row) => rowHasInput(table, row));
    const mark = spec.cover.fields.find((f) => f.nilFor === section);
    statuses[section] = !data
      ? 'missing'
      : filled
        ? 'complete'
        : mark && data.cover[mark.key] === 'nil'
          ? 'nil'
          : 'missing';
  }
  return statuses;
}
