/**
 * The few numbers the Secretariat's desk shows for a month or one submission, read off the
 * same national report the workbook is written from (so the desk and the workbook agree).
 */
import type { Bilingual } from '../text/bilingual.ts';
import type { NationalReport } from './national-report.ts';

export interface DeskFigures {
  readonly victimsIdentified: number;
  readonly cases: { detected: number; investigated: number; prosecuted: number; convicted: number };
  readonly personsAssisted: number;
  readonly peopleReached: number;
  /** Progress by goal: mean percent complete over reported activities (null when none). */
  readonly goals: readonly {
    code: string;
    title: Bilingual;
    averagePercent: number | null;
    reported: number;
    activities: number;
  }[];
}

/** Headline figures and progress by goal of a national report. */
export function deskFigures(report: NationalReport): DeskFigures {
  const cases = report.cases.total.values;
  return {
    victimsIdentified: cases.victims_total ?? 0,
    cases: {
      detected: cases.cases_detected ?? 0,
      investigated: cases.cases_investigated ?? 0,
      prosecuted: cases.cases_prosecuted ?? 0,
      convicted: cases.cases_convicted ?? 0,
    },
    personsAssisted: report.assistance.total.values.persons_total ?? 0,
    peopleReached: report.awareness.total.participantsTotal,
    goals: report.progress.goals.map((goal) => ({
      code: goal.code,
      title: goal.title,
      averagePercent: goal.averagePercent === null ? null : Math.round(goal.averagePercent * 10) / 10,
      reported: goal.reported,
      activities: goal.activities,
    })),
  };
}
