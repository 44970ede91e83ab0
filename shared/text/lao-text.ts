/**
 * Lao text helpers. The seed document spells the same vowel two ways (ໍາ and ຳ) and writes
 * ຫນ/ຫມ where others type ໜ/ໝ; NFC keeps them apart and NFKC unifies them. We store NFC
 * (what the person typed, canonically encoded) and compare NFKC.
 */

const LAO_DIGIT_ZERO = 0x0ed0;
const LAO_DIGITS = /[\u0ED0-\u0ED9]/g;
const LAO_CODE_POINT = /[\u0E80-\u0EFF]/;
const WHITESPACE_RUNS = /[\s\u00A0\u200B]+/g;

/** Canonical form for storage: NFC, trimmed, inner whitespace runs collapsed to one space. */
export function normaliseForStorage(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_RUNS, ' ').trim();
}

/** Key for matching labels and dropdown values: NFKC, lower-cased, whitespace collapsed. */
export function matchKey(text: string): string {
  return text.normalize('NFKC').replace(WHITESPACE_RUNS, ' ').trim().toLowerCase();
}

/** Replaces Lao digits ໐-໙ with ASCII 0-9 (`Number('໒໕')` is NaN otherwise). */
export function replaceLaoDigits(text: string): string {
  return text.replace(LAO_DIGITS, (digit) => String(digit.charCodeAt(0) - LAO_DIGIT_ZERO));
}

/** True when the text holds at least one code point from the Lao block U+0E80-U+0EFF. */
export function containsLao(text: string): boolean {
  return LAO_CODE_POINT.test(text);
}

/**
 * Heuristic for Lao typed in a pre-Unicode font (e.g. "Saysettha Lao"), where the cell holds
 * Latin letters and punctuation that only look Lao on screen. Such text has no Lao code point,
 * is mostly ASCII letters, and is full of the punctuation and digit-in-word mixes that legacy
 * fonts map vowels and tone marks onto (e.g. "[;o6lk;").
 */
export function looksLikeLegacyLaoFont(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length < 4 || containsLao(trimmed)) return false;
  const letters = trimmed.match(/[A-Za-z]/g)?.length ?? 0;
  if (letters === 0) return false;
  const oddMarks = trimmed.match(/[;'[\]{}\\|`~^=<>]/g)?.length ?? 0;
  const digitsInsideWords = trimmed.match(/[A-Za-z][0-9]+[A-Za-z]/g)?.length ?? 0;
  const words = trimmed.split(/\s+/);
  const vowelless = words.filter((word) => word.length >= 4 && !/[aeiouyAEIOUY]/.test(word)).length;
  const score = oddMarks + digitsInsideWords * 2 + vowelless;
  return score >= 2 && score / words.length >= 0.5;
}
