import { z } from 'zod';

/** Section keys a unit may fill; each matches a table sheet of the template spec. */
export const SECTION_KEYS = ['activities', 'cases', 'assistance', 'awareness'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Support code that stands for every provincial committee at once. */
export const ALL_PROVINCES = 'PROVINCES';

const bilingualSchema = z.strictObject({
  lo: z.string().min(1, 'Lao text is empty'),
  en: z.string().min(1, 'English text is empty'),
});

export const unitSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2,6}$|^LA-[A-Z]{2}$/, 'unit codes look like MPS or LA-VT'),
  kind: z.enum(['ministry', 'organisation', 'province']),
  province: z
    .string()
    .regex(/^LA-[A-Z]{2}$/)
    .optional(),
  name: bilingualSchema,
  sections: z
    .array(z.enum(SECTION_KEYS))
    .min(1)
    .refine((s) => s.includes('activities'), {
      message: 'every unit reports on its activities: add "activities"',
    }),
});

export const unitsFileSchema = z.strictObject({
  note: z.string().optional(),
  units: z.array(unitSchema).min(1),
  provinces: z
    .array(z.strictObject({ code: z.string().regex(/^LA-[A-Z]{2}$/), name: bilingualSchema }))
    .min(1),
});

export const planFileSchema = z.strictObject({
  illustrative: z.boolean(),
  note: bilingualSchema.optional(),
  title: bilingualSchema,
  startYear: z.number().int(),
  endYear: z.number().int(),
  goals: z.array(z.strictObject({ code: z.string().regex(/^G\d+$/), title: bilingualSchema })).min(1),
  programmes: z.array(z.strictObject({ code: z.string().regex(/^P\d+$/), title: bilingualSchema })).min(1),
  projects: z
    .array(
      z.strictObject({
        code: z.string().regex(/^P\d+\.\d+$/),
        programme: z.string(),
        title: bilingualSchema,
      }),
    )
    .min(1),
  activities: z
    .array(
      z.strictObject({
        code: z.string().regex(/^P\d+\.\d+\.\d+$/, 'activity codes look like P1.2.3'),
        project: z.string(),
        goal: z.string(),
        title: bilingualSchema,
        lead: z.string(),
        support: z.array(z.string()),
      }),
    )
    .min(1),
});

/** Source of record meaning "the provincial committee of the row's province". */
export const PROVINCE_SOURCE = 'PROVINCE';

/** `sources-of-record.json`: which unit's number is the national one, per section and figure. */
export const sourcesOfRecordFileSchema = z.strictObject({
  note: z.string().optional(),
  rules: z
    .array(
      z.strictObject({
        section: z.enum(SECTION_KEYS),
        /** Field keys; a trailing `*` matches every key with that prefix. */
        fields: z
          .array(z.string().regex(/^[a-z0-9_]*\*?$/, 'field keys look like cases_detected or victims_*'))
          .min(1),
        when: z.strictObject({ field: z.string().min(1), in: z.array(z.string().min(1)).min(1) }).optional(),
        source: z.string().regex(/^[A-Z]{2,8}$|^LA-[A-Z]{2}$/, 'a unit code, or PROVINCE'),
        note: z.string().optional(),
      }),
    )
    .min(1),
});

export type Unit = z.infer<typeof unitSchema>;
export type SourcesOfRecordFile = z.infer<typeof sourcesOfRecordFileSchema>;
export type SourceOfRecordRule = SourcesOfRecordFile['rules'][number];
export type UnitsFile = z.infer<typeof unitsFileSchema>;
export type PlanFile = z.infer<typeof planFileSchema>;
export type Goal = PlanFile['goals'][number];
export type Programme = PlanFile['programmes'][number];
export type Project = PlanFile['projects'][number];
export type Activity = PlanFile['activities'][number];
export type Province = UnitsFile['provinces'][number];

/**
 * Figures an indicator can be measured by: each is one the compile computes, so the report can
 * show achieved against target without anyone typing the achieved value.
 * - Flows (people, cases) add up over the target's span (a year: year to date; the plan: plan
 *   to date).
 * - `activities_completed_percent` and `average_percent_complete` are stocks: the latest
 *   standing of the activities the indicator applies to.
 * - `reporting_rate` is the DHIS2 reporting rate over the span.
 */
export const INDICATOR_MEASURES = [
  'victims_identified',
  'cases_investigated',
  'cases_prosecuted',
  'cases_convicted',
  'persons_assisted',
  'people_reached',
  'activities_completed_percent',
  'average_percent_complete',
  'reporting_rate',
] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

/** A target span: one year (`2025`) or the whole plan (`2021-2025`). */
const spanSchema = z.string().regex(/^\d{4}(-\d{4})?$/, 'a span is a year (2025) or the plan (2021-2025)');

export const indicatorSchema = z
  .strictObject({
    code: z.string().regex(/^IND-[A-Z0-9.-]+$/, 'indicator codes look like IND-G3-1'),
    /** A goal code (G3) or an activity code (P2.1.1): what the indicator measures progress of. */
    appliesTo: z.union([
      z.strictObject({ goal: z.string().regex(/^G\d+$/) }),
      z.strictObject({ activity: z.string().regex(/^P\d+\.\d+\.\d+$/) }),
    ]),
    title: bilingualSchema,
    measure: z.enum(INDICATOR_MEASURES),
    /** The unit of the figure, as people read it: persons, cases, %. */
    unit: bilingualSchema,
    baseline: z.strictObject({ year: z.number().int(), value: z.number().min(0) }),
    targets: z.array(z.strictObject({ span: spanSchema, value: z.number().min(0) })).min(1),
  })
  .superRefine((indicator, context) => {
    const spans = indicator.targets.map((t) => t.span);
    if (new Set(spans).size !== spans.length)
      context.addIssue({ code: 'custom', path: ['targets'], message: 'a span has two targets' });
  });

export const indicatorsFileSchema = z.strictObject({
  illustrative: z.boolean(),
  note: bilingualSchema.optional(),
  indicators: z.array(indicatorSchema),
});

export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorsFile = z.infer<typeof indicatorsFileSchema>;
