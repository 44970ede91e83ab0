/** The front section's data: comparisons over windows of months, indicators, reporting, narrative. */
import { describe, expect, it } from 'vitest';
import {
  buildFrontSection,
  headlineFiguresOf,
  monthFiguresFrom,
  monthFiguresOf,
  windowLabel,
} from '../../shared/compile/front-section.ts';
import { formatCount } from '../../shared/compile/front-section-html.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { catalogue } from '../support/fixtures.ts';
import { ALL_UNITS, inputFor, monthFigures } from '../support/front-section-fixture.ts';

const quarterReport = buildNationalReport(inputFor('2025-Q2'), catalogue);
const quarter = buildFrontSection(quarterReport, monthFigures('2021-01', '2025-06'), catalogue);

describe('month figures', () => {
  it('are the same built without the activities (which no headline figure reads)', () => {
    const input = inputFor('2025-06', ALL_UNITS);
    expect(input.submissions.some((s) => s.data.sections.activities?.length)).toBe(true);
    expect(monthFiguresFrom(input, catalogue)).toEqual(monthFiguresOf(buildNationalReport(input, catalogue)));
  });
});

describe('comparison windows', () => {
  it('are the quarter, the one before, the same quarter of 2024 and the plan to date', () => {
    expect(quarter.windows.map((w) => [w.key, w.label])).toEqual([
      ['current', '2025-Q2'],
      ['previous', '2025-Q1'],
      ['yearBefore', '2024-Q2'],
      ['planToDate', '2021-01 – 2025-06'],
    ]);
    expect(windowLabel(['2024-01', '2024-02'])).toBe('2024-01 – 2024-02');
    expect(windowLabel(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`))).toBe(
      '2024',
    );
  });

  it('give the scope the same figures as its own report, and the plan to date the sum of every month', () => {
    const direct = headlineFiguresOf(quarterReport);
    for (const [key, value] of Object.entries(direct)) expect(quarter.values[key]?.current, key).toBe(value);
    const q1 = headlineFiguresOf(buildNationalReport(inputFor('2025-Q1'), catalogue));
    const lastYear = headlineFiguresOf(buildNationalReport(inputFor('2024-Q2'), catalogue));
    for (const key of Object.keys(direct)) {
      expect(quarter.values[key]?.previous, key).toBe(q1[key]);
      expect(quarter.values[key]?.yearBefore, key).toBe(lastYear[key]);
      expect(quarter.values[key]?.planToDate, key).toBe(
        (q1[key] ?? 0) + (lastYear[key] ?? 0) + (direct[key] ?? 0),
      );
    }
    expect(direct.victims_total).toBeGreaterThan(0);
  });

  it('break victims down by sex and age cells that add up to the total', () => {
    const victims = quarter.headline[0]?.rows.map((r) => r.key) ?? [];
    const cellsOfSpec = [
      'victims_female_child',
      'victims_female_adult',
      'victims_female_age_unknown',
      'victims_male_child',
      'victims_male_adult',
      'victims_male_age_unknown',
      'victims_sex_unknown_child',
      'victims_sex_unknown_adult',
      'victims_sex_unknown_age_unknown',
    ];
    // Every known cell; an "unknown / not recorded" cell only where some window has victims in it.
    const shown = cellsOfSpec.filter(
      (k) => !k.includes('unknown') || Object.values(quarter.values[k] ?? {}).some((v) => v),
    );
    expect(victims).toEqual([...shown, 'victims_total']);
    const cells = cellsOfSpec.map((k) => quarter.values[k]?.current ?? 0);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(quarter.values.victims_total?.current);
    expect(quarter.headline[0]?.rows[0]?.label).toEqual({
      lo: 'ຍິງ, ເດັກ (ຕ່ຳກວ່າ 18 ປີ)',
      en: 'Female, child (under 18)',
    });
  });

  it('have no figure (not zero) where nothing was received', () => {
    const month = buildNationalReport(inputFor('2024-07'), catalogue);
    const front = buildFrontSection(month, monthFigures('2021-01', '2024-07'), catalogue);
    expect(front.values.victims_total?.current).toBeNull();
    expect(front.values.victims_total?.yearBefore).toBeNull();
    expect(front.values.victims_total?.previous).toBe(
      headlineFiguresOf(buildNationalReport(inputFor('2024-06'), catalogue)).victims_total,
    );
  });
});

describe('indicators against targets', () => {
  it('count flows over the target span so far: the year to date and the plan to date', () => {
    const lines = quarter.indicators.lines.filter((l) => l.code === 'IND-G4-1');
    expect(lines.map((l) => [l.span, l.measuredOver])).toEqual([
      ['2025', '2025-01 – 2025-06'],
      ['2021-2025', '2021-01 – 2025-06'],
    ]);
    const yearToDate = quarter.values.cases_investigated?.previous ?? 0;
    expect(lines[0]?.achieved).toBe(yearToDate + (quarter.values.cases_investigated?.current ?? 0));
    expect(lines[1]?.achieved).toBe(quarter.values.cases_investigated?.planToDate);
    expect(lines[0]?.percentOfTarget).toBeCloseTo(((lines[0]?.achieved ?? 0) / 100) * 100);
    expect(quarter.indicators.illustrative).toBe(true);
  });

  it('take stocks from the latest standing and the reporting rate over the span', () => {
    const goal = quarter.indicators.lines.find((l) => l.code === 'IND-G2-1' && l.span === '2025');
    expect(goal?.achieved).toBe(quarterReport.progress.goals.find((g) => g.code === 'G2')?.averagePercent);
    const rate = quarter.indicators.lines.find((l) => l.code === 'IND-G9-1' && l.span === '2025');
    // 6 months x 4 units = 24 expected; LWU missed June: 23 received.
    expect(rate?.achieved).toBeCloseTo((23 / 24) * 100);
  });
});

describe('before reporting began', () => {
  it('counts the months before anyone reported as not expected, not as every unit missing', () => {
    const report = buildNationalReport(inputFor('2025-06'), catalogue);
    const reported = monthFigures('2025-01', '2025-06');
    // What a store holds for 2024: each month computed from no submission, every unit missing.
    const silent = monthFigures('2024-01', '2024-12').map((m) => ({
      period: m.period,
      figures: {},
      statuses: m.statuses.map((s) => ({ ...s, status: 'missing' as const })),
    }));
    const withSilence = buildFrontSection(report, [...silent, ...reported], catalogue);
    const without = buildFrontSection(report, reported, catalogue);
    expect(withSilence.windows).toEqual(without.windows);
    expect(withSilence.values).toEqual(without.values);
    expect(withSilence.trend.reportingRate.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(withSilence.trend.reportingRate.at(-1)).not.toBeNull();
  });
});

describe('reporting and narrative', () => {
  it('names the units missing and late', () => {
    expect(quarter.reporting.missing.map((u) => [u.unitCode, u.periods])).toEqual([['LWU', ['2025-06']]]);
    expect(quarter.reporting.missing[0]?.name.en).toMatch(/Women/);
    expect(quarter.reporting.late.map((u) => u.unitCode)).toEqual(['LA-VT']);
  });

  it('groups highlights and challenges by goal, shortest first, attributed, merged when identical', () => {
    const withText = quarter.narrative.filter((g) => g.highlights.length || g.challenges.length);
    expect(withText.length).toBeGreaterThan(0);
    for (const goal of quarter.narrative) {
      for (const list of [goal.highlights, goal.challenges]) {
        expect(list.length).toBeLessThanOrEqual(2);
        const lengths = list.map((i) => i.text.length);
        expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
        for (const item of list)
          for (const author of item.authors) expect(author).toMatch(/^[A-Z-]+ · P\d+\.\d+\.\d+$/);
      }
    }
    for (const goal of quarter.narrative) {
      const texts = goal.challenges.map((c) => c.text);
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(quarter.narrative.some((g) => g.challenges.some((c) => c.authors.length > 1))).toBe(true);
  });

  it('carries twelve months of trend for the charts, gaps where nothing was expected', () => {
    expect(quarter.trend.months).toHaveLength(12);
    expect(quarter.trend.months.at(-1)).toBe('2025-06');
    expect(quarter.trend.reportingRate.at(-1)).toBeCloseTo(75);
    expect(quarter.trend.victimsFemale[0]).toBeNull(); // 2024-07: nothing received
  });
});

describe('counts on the printable page', () => {
  it('read as en-US toLocaleString writes them, without it', () => {
    const values = [0, -0, 0.4, -0.4, 0.5, -0.5, 7, 999.5, -999.5, 1000, 12345.6, -1234567.5];
    values.push(2 ** 53 + 2, 1e21 - 2 ** 17, 1e21, -2.5e22, Number.POSITIVE_INFINITY);
    for (let i = 0; i < 300; i++) values.push((Math.sin(i) * 10 ** (i % 19)) / 3);
    for (const value of values) expect(formatCount(value)).toBe(Math.round(value).toLocaleString('en-US'));
    expect(formatCount(null)).toBe('–');
    expect(formatCount(undefined)).toBe('–');
  });
});
