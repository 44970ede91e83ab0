/**
 * Turns one grid cell into the typed value its field expects, reading it as the person meant
 * it. A cell that cannot be read gives a problem (code + bilingual message) instead.
 */
import { type GridValue, gridValueText, isPercentFormat } from '../grid/cell-grid.ts';
import type { Choice, FieldSpec } from '../spec/field-types.ts';
import type { Bilingual } from '../text/bilingual.ts';
import { looksLikeLegacyLaoFont, normaliseForStorage, replaceLaoDigits } from '../text/lao-text.ts';
import type { IssueCode } from '../validate/issue.ts';
import { formatNumber, messages } from '../validate/messages.ts';
import { excelSerialToIsoDay, readDateText, readPeriodText } from './read-date.ts';
import { readNumberText } from './read-number.ts';

/** A typed field value: numbers for counts, money and percent; strings for the rest (ISO dates, codes). */
export type FieldValue = string | number | null;

/** A problem with one cell, before the caller adds sheet and address. */
export interface CellProblem {
  readonly severity: 'error' | 'warning';
  readonly code: IssueCode;
  readonly message: Bilingual;
}

export interface CoercedCell {
  readonly value: FieldValue;
  readonly problems: readonly CellProblem[];
}

/** What coercion needs besides the cell: a matcher for choice fields. */
export interface CoercionContext {
  readonly matchChoice: (typed: string) => string | undefined;
  readonly choices: readonly Choice[];
}

const NUMBER_SUFFIXES: Record<string, readonly string[]> = {
  percent: ['%'],
  money: ['ກີບ', 'LAK', 'kip', '₭'],
  count: ['ຄົນ', 'persons', 'people'],
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const gridToText = gridValueText;

const ok = (value: FieldValue, problems: CellProblem[] = []): CoercedCell => ({ value, problems });
const fail = (code: IssueCode, message: Bilingual): CoercedCell => ({
  value: null,
  problems: [{ severity: 'error', code, message }],
});

/** Percent from a `%`-formatted fraction: 0.57 x 100 is 56.99999999999999 in floating point. */
const percentOfFraction = (fraction: number) => Math.round(fraction * 100 * 1e9) / 1e9;

/** An example that fits the field: a percent within its range, kip in millions, a head count. */
function numberExample(field: FieldSpec): string {
  if (field.type === 'percent')
    return formatNumber(Math.round(((field.min ?? 0) + (field.max ?? 100)) * 0.75));
  if (field.type === 'money') return formatNumber(1_500_000);
  return formatNumber(Math.max(field.min ?? 0, 12));
}

function coerceNumber(field: FieldSpec, value: GridValue): CoercedCell {
  const typed = gridToText(value);
  // `50%` typed in Excel, LibreOffice or Google Sheets is stored as 0.5 with a % format: it means 50.
  const scaled = field.type === 'percent' && value.kind === 'number' && isPercentFormat(value.format);
  const number =
    value.kind === 'number'
      ? scaled
        ? percentOfFraction(value.number)
        : value.number
      : value.kind === 'text'
        ? readNumberText(value.text, NUMBER_SUFFIXES[field.type])
        : undefined;
  if (number === undefined)
    return fail('cell/type', messages.notANumber(field.label, typed, numberExample(field)));
  const shown = String(number);
  if (field.type !== 'percent' && !Number.isInteger(number))
    return fail('cell/whole-number', messages.notWhole(field.label, shown));
  if (number < 0 && (field.min ?? 0) >= 0)
    return fail('cell/negative', messages.negative(field.label, shown));
  if ((field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max))
    return fail('cell/range', messages.outOfRange(field.label, shown, field.min, field.max));
  // A bare 0.5 in a percent field is most likely 50 % typed as a fraction; say so, do not guess.
  if (field.type === 'percent' && !scaled && number > 0 && number < 1)
    return ok(number, [
      {
        severity: 'warning',
        code: 'cell/percent-fraction',
        message: messages.percentFraction(field.label, number),
      },
    ]);
  return ok(number);
}

function coerceDate(field: FieldSpec, value: GridValue): CoercedCell {
  const iso =
    value.kind === 'date'
      ? value.date
      : value.kind === 'number'
        ? excelSerialToIsoDay(value.number)
        : value.kind === 'text'
          ? readDateText(value.text)
          : undefined;
  return iso ? ok(iso) : fail('cell/type', messages.notADate(field.label, gridToText(value)));
}

function coercePeriod(field: FieldSpec, value: GridValue): CoercedCell {
  // Excel turns a typed "2025-06" into 1 June 2025 unless the cell is formatted as text.
  const period =
    value.kind === 'date'
      ? value.date.slice(0, 7)
      : value.kind === 'text'
        ? readPeriodText(value.text)
        : value.kind === 'number'
          ? excelSerialToIsoDay(value.number)?.slice(0, 7)
          : undefined;
  return period ? ok(period) : fail('cell/type', messages.notAPeriod(field.label, gridToText(value)));
}

function coerceChoice(field: FieldSpec, value: GridValue, context: CoercionContext): CoercedCell {
  const typed = gridToText(value);
  const code = context.matchChoice(typed);
  if (code) return ok(code);
  const examples = context.choices.slice(0, 2);
  return fail(
    'cell/choice',
    messages.notAChoice(field.label, typed, {
      lo: examples.map((c) => `"${c.label.lo}"`).join(', '),
      en: examples.map((c) => `"${c.label.en}"`).join(', '),
    }),
  );
}

function coerceText(field: FieldSpec, value: GridValue): CoercedCell {
  if (value.kind === 'boolean') return fail('cell/type', messages.notText(field.label, gridToText(value)));
  let text = normaliseForStorage(gridToText(value));
  if (field.type === 'email' && !EMAIL.test(text))
    return fail('cell/type', messages.notAnEmail(field.label, text));
  if (field.type === 'phone') {
    // Lao digits are digits: ໐໒໐ 5555 1234 is the same number as 020 5555 1234.
    text = replaceLaoDigits(text);
    const digits = text.replace(/[\s()+\-.]/g, '');
    // A number cell drops the leading 0 of "020 ..."; the digits are still a phone number.
    if (!/^\d{8,15}$/.test(digits)) return fail('cell/type', messages.notAPhone(field.label, text));
  }
  // Codes (activity codes) are read in any letter case and with Lao digits: p1.1.໑ is P1.1.1.
  if (field.code) text = replaceLaoDigits(text.normalize('NFKC')).replace(/\s+/g, '').toUpperCase();
  const problems: CellProblem[] =
    field.lao && value.kind === 'text' && looksLikeLegacyLaoFont(text)
      ? [{ severity: 'warning', code: 'cell/legacy-font', message: messages.legacyFont(field.label, text) }]
      : [];
  return ok(text, problems);
}

/** Reads one non-empty cell for its field. Empty cells never reach here: they are null. */
export function coerceCell(field: FieldSpec, value: GridValue, context: CoercionContext): CoercedCell {
  if (value.kind === 'error')
    return fail('cell/formula-error', messages.formulaError(field.label, value.error));
  switch (field.type) {
    case 'count':
    case 'money':
    case 'percent':
      return coerceNumber(field, value);
    case 'date':
      return coerceDate(field, value);
    case 'period':
      return coercePeriod(field, value);
    case 'choice':
      return coerceChoice(field, value, context);
    case 'text':
    case 'email':
    case 'phone':
      return coerceText(field, value);
  }
}
