/**
 * template -> sample -> parse returns what was written; equivalent ways of writing a value
 * read the same; another xlsx writer's copy gets the same verdict.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import {
  catalogue,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
  TAB,
  toBytes,
  validateWorkbook,
} from '../support/fixtures.ts';

describe('round trip', () => {
  it.each(['MPS', 'LA-LP', 'MOH', 'OSPP'])(
    'parses back exactly what the sample wrote for %s',
    async (code) => {
      const { workbook, data } = await sampleWorkbook(code, '2025-07', 7);
      const report = await validateWorkbook(workbook);
      expect(report.accepted).toBe(true);
      expect(report.submission).toEqual(data);
    },
  );

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await sampleWorkbook('MPS', '2025-06', 3);
    const b = await sampleWorkbook('MPS', '2025-06', 3);
    const c = await sampleWorkbook('MPS', '2025-06', 4);
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });
});

describe('equivalent ways of writing a value', () => {
  it('reads Lao digits, pasted thousands, stray spaces, the other Lao spelling and text dates', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    setTableCell(workbook, TAB.activities, 0, 'people_reached_female', '໑໒');
    setTableCell(workbook, TAB.activities, 0, 'people_reached_male', ' 12 ');
    setTableCell(workbook, TAB.activities, 0, 'budget_planned_lak', '1,200,000');
    setTableCell(workbook, TAB.activities, 0, 'budget_spent_lak', '1 200 000 ກີບ');
    // The spec spells ສຳເລັດແລ້ວ with ຳ (U+0EB3); the seed's spelling uses ໍ + າ.
    setTableCell(workbook, TAB.activities, 0, 'status', 'ສໍາເລັດແລ້ວ');
    setTableCell(workbook, TAB.activities, 0, 'percent_complete', '100%');
    setTableCell(workbook, TAB.activities, 0, 'funding_source', '  government budget ');
    setTableCell(workbook, TAB.awareness, 0, 'event_date', '05/06/2025');
    setTableCell(workbook, TAB.awareness, 1, 'event_date', '໐໗/໐໖/໒໕໖໘');
    setTableCell(workbook, TAB.awareness, 2, 'event_date', 45818);
    setTableCell(workbook, TAB.awareness, 0, 'province', 'la-vt');
    setTableCell(workbook, TAB.awareness, 1, 'audience', 'ແມ່ຍິງ ແລະ ເດັກ');
    setCoverCell(workbook, 'date_prepared', '03/07/2025');
    setCoverCell(workbook, 'phone', 2055551234);
    const report = await validateWorkbook(workbook);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const activity = report.submission?.sections.activities?.[0];
    expect(activity).toMatchObject({
      people_reached_female: 12,
      people_reached_male: 12,
      budget_planned_lak: 1_200_000,
      budget_spent_lak: 1_200_000,
      status: 'completed',
      percent_complete: 100,
      funding_source: 'government',
    });
    const events = report.submission?.sections.awareness ?? [];
    expect(events.map((e) => e.event_date).slice(0, 3)).toEqual(['2025-06-05', '2025-06-07', '2025-06-10']);
    expect(events[0]?.province).toBe('LA-VT');
    expect(events[1]?.audience).toBe('women_children');
    expect(report.submission?.cover.date_prepared).toBe('2025-07-03');
  });

  it('stores Lao text in NFC whatever form it was typed in', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const decomposedOrCompat = 'ກອງປະຊຸມ ສໍາເລັດ'.normalize('NFD');
    setTableCell(workbook, TAB.activities, 0, 'outputs', `  ${decomposedOrCompat}  `);
    const report = await validateWorkbook(workbook);
    const outputs = report.submission?.sections.activities?.[0]?.outputs;
    expect(outputs).toBe('ກອງປະຊຸມ ສໍາເລັດ'.normalize('NFC'));
  });
});

describe('another xlsx writer', () => {
  async function resaveWithSheetJs(bytes: Uint8Array): Promise<Uint8Array> {
    const book = XLSX.read(bytes, { type: 'array', cellDates: false, cellStyles: true });
    return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  }

  it('gives the same verdict for a valid file re-saved by SheetJS', async () => {
    const { workbook } = await sampleWorkbook('LA-SV', '2025-06', 2);
    const original = await validateWorkbook(workbook);
    const resaved = await validateXlsx(await resaveWithSheetJs(await toBytes(workbook)), catalogue);
    expect(resaved.accepted).toBe(original.accepted);
    expect(resaved.issues).toEqual(original.issues);
    expect(resaved.submission).toEqual(original.submission);
  });

  it('gives the same verdict for a broken file re-saved by SheetJS', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    setTableCell(workbook, TAB.activities, 2, 'percent_complete', 140);
    const original = await validateWorkbook(workbook);
    const resaved = await validateXlsx(await resaveWithSheetJs(await toBytes(workbook)), catalogue);
    expect(original.accepted).toBe(false);
    expect(resaved.issues).toEqual(original.issues);
  });
});
