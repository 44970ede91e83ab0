import { sheetReference } from '../spec/sheet-naming.ts';
import type { ValidationIssue } from '../validate/issue.ts';
import type { ValidationReport } from '../validate/validate-upload.ts';

/** A report for people: verdict first, then each issue with where to look, in Lao then English. */
export function formatReport(report: ValidationReport, fileName: string): string {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const verdict = report.unreadable
    ? 'ອ່ານໄຟລ໌ບໍ່ໄດ້ / UNREADABLE'
    : report.accepted
      ? 'ຮັບແລ້ວ / ACCEPTED'
      : 'ບໍ່ຮັບ / REJECTED';
  const lines = [
    `${verdict}: ${fileName}${report.unit ? ` (${report.unit} ${report.period})` : ''}`,
    `ຂໍ້ຜິດພາດ ${errors}, ຄຳເຕືອນ ${warnings} / ${errors} error(s), ${warnings} warning(s)`,
  ];
  return `${lines.join('\n')}\n${formatIssues(report.issues)}`;
}

/**
 * Where an issue is, as Excel writes a reference, under the sheet's name as the user's file
 * has it (`Activities!K39`, `'ກິດຈະກຳ Activities'!K39`); the sheet alone, or '' for the file.
 */
export function issueLocation(issue: Pick<ValidationIssue, 'sheet' | 'cell'>): string {
  if (!issue.sheet) return '';
  return issue.cell ? sheetReference(issue.sheet, issue.cell) : issue.sheet;
}

/** Each issue with where to look (sheet!cell, field, code), in Lao then English. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  const lines: string[] = [];
  for (const issue of issues) {
    const where = issueLocation(issue) || '(file)';
    const tag = issue.severity === 'error' ? 'ERROR  ' : 'WARNING';
    lines.push(
      '',
      `${tag} ${where}${issue.field ? `  ${issue.field}` : ''}  [${issue.code}]`,
      `  ${issue.message.lo}`,
      `  ${issue.message.en}`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
