import { describe, expect, it } from 'vitest';
import {
  excelSerialToIsoDay,
  isoDayToExcelSerial,
  readDateText,
  readPeriodText,
} from '../../shared/parse/read-date.ts';
import { readNumberText } from '../../shared/parse/read-number.ts';

describe('readNumberText', () => {
  it.each([
    ['1,200', 1200],
    [' 12 ', 12],
    ['໑໒', 12],
    ['1 200 000', 1_200_000],
    ['1,200.50', 1200.5],
    ['-3', -3],
    ['0.5', 0.5],
    ['１２', 12],
  ])('%j -> %d', (text, expected) => {
    expect(readNumberText(text)).toBe(expected);
  });

  it.each(['', 'abc', '1,20', '12a', '1.2.3', '--1'])('%j is not a number', (text) => {
    expect(readNumberText(text)).toBeUndefined();
  });

  it('strips the unit suffixes it is given', () => {
    expect(readNumberText('50%', ['%'])).toBe(50);
    expect(readNumberText('1,000 ກີບ', ['ກີບ'])).toBe(1000);
    expect(readNumberText('50%')).toBeUndefined();
  });
});

describe('dates', () => {
  it.each([
    ['28/07/2025', '2025-07-28'],
    ['28-7-2025', '2025-07-28'],
    ['28.07.2568', '2025-07-28'],
    ['໒໘/໐໗/໒໕໖໘', '2025-07-28'],
    ['2025-07-28', '2025-07-28'],
  ])('text %j -> %s', (text, iso) => {
    expect(readDateText(text)).toBe(iso);
  });

  it.each(['31/02/2025', '07/28/2025', 'yesterday', '2025'])('text %j is not a date', (text) => {
    expect(readDateText(text)).toBeUndefined();
  });

  it('converts Excel serials both ways, rounding a time-zone-shifted serial to its day', () => {
    expect(excelSerialToIsoDay(45866)).toBe('2025-07-28');
    expect(excelSerialToIsoDay(45865.708)).toBe('2025-07-28');
    expect(isoDayToExcelSerial('2025-07-28')).toBe(45866);
  });

  it.each([
    ['2025-06', '2025-06'],
    ['06/2025', '2025-06'],
    ['6-2568', '2025-06'],
    ['໒໐໒໕-໐໖', '2025-06'],
  ])('period %j -> %s', (text, period) => {
    expect(readPeriodText(text)).toBe(period);
  });

  it('rejects impossible months', () => {
    expect(readPeriodText('2025-13')).toBeUndefined();
  });
});
