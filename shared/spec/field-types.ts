import type { SectionKey } from '../reference/reference-schema.ts';
import type { Bilingual } from '../text/bilingual.ts';

/**
 * What a cell holds once read as a person meant it:
 * - `text`: free text, stored NFC; `lao: true` marks fields usually written in Lao.
 * - `count`: a whole number >= 0 (people, cases, events).
 * - `money`: a whole amount of Lao kip >= 0.
 * - `percent`: a plain number 0-100 (not an Excel percentage format).
 * - `date`: a calendar date, from an Excel serial, a date cell or `dd/mm/yyyy` text.
 * - `choice`: one value of a choice list, given as its code, Lao label or English label.
 * - `period`: a month, `YYYY-MM`.
 * - `email`, `phone`: contact details.
 */
export type FieldType =
  | 'text'
  | 'count'
  | 'money'
  | 'percent'
  | 'date'
  | 'choice'
  | 'period'
  | 'email'
  | 'phone';

/** Names of the choice lists; `province` and `unit` come from the catalogue, the rest from the spec. */
export type ChoiceListKey =
  | 'status'
  | 'funding_source'
  | 'assistance_type'
  | 'country'
  | 'audience'
  | 'event_type'
  | 'nil_mark'
  | 'province'
  | 'unit';

/** One allowed value: a stable code plus what a person sees. */
export interface Choice {
  readonly code: string;
  readonly label: Bilingual;
}

/** Where a pre-filled, locked column takes its value from. */
export type PrefillSource = 'activity.code' | 'activity.title.lo' | 'activity.title.en';

/** One field of the template: a column of a table sheet or a row of the cover. */
export interface FieldSpec {
  /** snake_case key: the hidden header in the workbook, the JSON key, the lake column. */
  readonly key: string;
  readonly label: Bilingual;
  readonly help: Bilingual;
  readonly type: FieldType;
  readonly required: boolean;
  readonly list?: ChoiceListKey;
  readonly min?: number;
  readonly max?: number;
  /** Unit of measure shown in the header, e.g. LAK, %, persons. */
  readonly measure?: Bilingual;
  /**
   * An identifier such as an activity code: read in any letter case and with Lao digits,
   * stored upper case with ASCII digits (`p1.1.໑` is `P1.1.1`).
   */
  readonly code?: boolean;
  /** Free text usually typed in Lao: legacy-font text there gets a warning. */
  readonly lao?: boolean;
  /** Filled by the template generator and locked: the person does not type it. */
  readonly prefill?: PrefillSource;
  /** Shown for the reader's benefit only; not parsed or stored (e.g. activity titles). */
  readonly displayOnly?: boolean;
  /**
   * How months combine in quarter, year and plan roll-ups: `sum` for flows (people, cases,
   * kip spent), `latest` for stocks (status, percent, planned budget). Default: counts sum;
   * money follows its {@link span}; everything else takes the latest month.
   */
  readonly rollup?: 'sum' | 'latest';
  /** Money only: which span of time the amount covers (see {@link MoneySpan}). */
  readonly span?: MoneySpan;
  /** Cover only: this field is the "nothing to report this month" mark of that section. */
  readonly nilFor?: SectionKey;
  /** Column width in characters in the generated workbook. */
  readonly width?: number;
  /**
   * Group headers above this column, outermost first (a disaggregation's dimensions but the
   * last): adjacent columns with the same groups share merged header cells in the template.
   */
  readonly group?: readonly Bilingual[];
  /** What the column's own header cell says under its groups (the full `label` names them all). */
  readonly shortLabel?: Bilingual;
  /**
   * Stocks that usually change little from month to month (status, percent, planned budget,
   * outputs): a template made `--from-last` starts with last month's accepted value.
   */
  readonly carryOver?: boolean;
}

/**
 * The span of time a money amount covers, which decides how months roll up and what an
 * execution rate compares:
 * - `month`: spent during the month (a flow: months add up);
 * - `year`: planned for the calendar year (a stock: the latest month stands; over a span of
 *   n months a twelfth per month reported is the part planned for that span);
 * - `to_date`: a running total since the activity began (a stock: the latest month stands);
 * - `activity`: the activity's whole budget (a stock: the latest month stands).
 */
export type MoneySpan = 'month' | 'year' | 'to_date' | 'activity';

/** Severity of a validation issue: errors block acceptance, warnings do not. */
export type Severity = 'error' | 'warning';

/** Rules that look at one row of a table sheet. */
export type RowRule =
  | {
      readonly kind: 'sum-equals';
      readonly total: string;
      readonly parts: readonly string[];
      /** What the parts break the total down by, for messages ("sex and age"). */
      readonly breakdown?: Bilingual;
      /** The part that holds the "unknown / not recorded" remainder, if the breakdown has one. */
      readonly unknown?: string;
    }
  | {
      readonly kind: 'not-above';
      readonly field: string;
      readonly limit: string;
      readonly severity: Severity;
    }
  | { readonly kind: 'status-percent'; readonly status: string; readonly percent: string }
  | {
      readonly kind: 'required-when';
      readonly field: string;
      readonly when: { readonly field: string; readonly equals: string };
    }
  | { readonly kind: 'date-in-period'; readonly field: string };

/**
 * How a visible sheet of the template is named: the tab name templates get now, and the names
 * older templates gave it. Files and Google Sheets made under any of the names are read the
 * same; look sheets up with `findSpecSheet` / `isSpecSheet`, never by a literal name.
 */
export interface SheetNaming {
  /** Tab name of templates made now: Lao then English, at most 31 characters, no []:*?/\ . */
  readonly sheetName: string;
  /** Tab names of older templates (English only before bilingual tabs), still accepted. */
  readonly legacySheetNames: readonly string[];
}

/** A sheet laid out as a table: hidden key row 1, visible header row 2, data from row 3. */
export interface TableSheetSpec extends SheetNaming {
  readonly kind: 'table';
  readonly section: SectionKey;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly fields: readonly FieldSpec[];
  readonly rules: readonly RowRule[];
  /** Rows the template formats and validates; more rows than this are refused. */
  readonly maxRows: number;
  /** One row per activity of the unit, pre-filled by the generator. */
  readonly prefillActivities?: boolean;
  /** Field whose value must be unique across rows (the activity code), if any. */
  readonly uniqueBy?: string;
  /**
   * Rows whose `field` holds `code` count persons once each; the section's other rows count
   * services (one person may get several). Present, such a row is required whenever the
   * section has service rows, and totals never add the two together.
   */
  readonly personsRow?: { readonly field: string; readonly code: string };
}

/** A sheet laid out as a form: hidden keys in column A, label in B, input in C. */
export interface FormSheetSpec extends SheetNaming {
  readonly kind: 'form';
  readonly title: Bilingual;
  readonly fields: readonly FieldSpec[];
}

/** The whole monthly report template. */
export interface TemplateSpec {
  readonly templateId: string;
  readonly templateVersion: string;
  readonly cover: FormSheetSpec;
  readonly tables: readonly TableSheetSpec[];
  readonly choiceLists: Readonly<Record<Exclude<ChoiceListKey, 'province' | 'unit'>, readonly Choice[]>>;
}
