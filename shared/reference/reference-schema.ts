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
