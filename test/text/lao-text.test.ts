import { describe, expect, it } from 'vitest';
import {
  containsLao,
  looksLikeLegacyLaoFont,
  matchKey,
  normaliseForStorage,
  replaceLaoDigits,
} from '../../shared/text/lao-text.ts';

describe('Lao text', () => {
  it('matches the two spellings of the seed (ໍາ/ຳ, ຫນ/ໜ) after NFKC', () => {
    expect(matchKey('ສໍາເລັດ')).toBe(matchKey('ສຳເລັດ'));
    expect(matchKey('ຫນ້າ')).toBe(matchKey('ໜ້າ'));
    expect(matchKey('ຫມາຍ')).toBe(matchKey('ໝາຍ'));
    expect('ສໍາເລັດ'.normalize('NFC')).not.toBe('ສຳເລັດ'.normalize('NFC'));
  });

  it('stores NFC with whitespace collapsed', () => {
    expect(normaliseForStorage('  ກອງ\u00A0 ປະຊຸມ \n')).toBe('ກອງ ປະຊຸມ');
  });

  it('maps Lao digits', () => {
    expect(replaceLaoDigits('໑໒໐໙')).toBe('1209');
    expect(Number('໒໕')).toBeNaN();
  });

  it.each([
    ["[;o6lk;_ 8hv'", true],
    ['ກອງປະຊຸມ', false],
    ['Training of trainers', false],
    ['UNODC', false],
    ['meeting 2', false],
  ])('legacy-font heuristic on %j -> %s', (text, expected) => {
    expect(looksLikeLegacyLaoFont(text)).toBe(expected);
  });

  it('detects Lao code points', () => {
    expect(containsLao('abc ກ')).toBe(true);
    expect(containsLao('abc')).toBe(false);
  });
});
