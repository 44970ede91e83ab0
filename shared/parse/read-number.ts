import { replaceLaoDigits } from '../text/lao-text.ts';

const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;
const GROUPED_NUMBER = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const SPACE_GROUPED_NUMBER = /^[-+]?\d{1,3}( \d{3})+(\.\d+)?$/;

/**
 * Reads a number the way a person typed it in a text cell: Lao digits, thousands commas or
 * spaces (`1,200`, `1 200`), stray spaces, an optional unit suffix such as `%` or `ກີບ`.
 * Returns undefined when the text is not a number.
 */
export function readNumberText(text: string, suffixes: readonly string[] = []): number | undefined {
  let cleaned = replaceLaoDigits(text.normalize('NFKC'))
    .replace(/[\u00A0\u202F\u200B]/g, ' ')
    .trim();
  for (const suffix of suffixes) {
    if (cleaned.toLowerCase().endsWith(suffix.toLowerCase()))
      cleaned = cleaned.slice(0, -suffix.length).trim();
  }
  if (SPACE_GROUPED_NUMBER.test(cleaned)) cleaned = cleaned.replace(/ /g, '');
  if (GROUPED_NUMBER.test(cleaned)) cleaned = cleaned.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}
