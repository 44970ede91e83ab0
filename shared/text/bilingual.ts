/** A text in Lao and English. Lao comes first everywhere a person reads it. */
export interface Bilingual {
  readonly lo: string;
  readonly en: string;
}

/** Joins both languages on one line, Lao first: "ສະຖານະ / Status". */
export function joinBilingual(text: Bilingual, separator = ' / '): string {
  return `${text.lo}${separator}${text.en}`;
}
