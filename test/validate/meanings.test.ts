/**
 * Numbers that mean what the sender meant, with files made the way people make them: a
 * percent typed into a file another library wrote (openpyxl), a file re-saved by LibreOffice,
 * a cover-only file, a victims row whose breakdown is partly unknown, Lao digits in a phone
 * number and an activity code, and an upload made on template version 1.
 */
import { describe, expect, it } from 'vitest';
import { sectionStatuses } from '../../shared/compile/section-status.ts';
import { sheetReference } from '../../shared/spec/sheet-naming.ts';
import { TEMPLATE_SPECS } from '../../shared/spec/template-spec.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { catalogue, sampleWorkbook, TAB, toBytes, unit } from '../support/fixtures.ts';
import { convertWithLibreOffice, resaveWithOpenpyxl, skipReason } from '../support/other-writers.ts';

/** openpyxl helpers: find a table column by its hidden key and a cover row by its key. */
const HELPERS = `
def col(ws, key):
    for c in ws[1]:
        if c.value == key:
            return c.column
    raise KeyError(key)
def cover_row(key):
    ws = wb[${JSON.stringify(TAB.cover)}]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == key:
            return r
    raise KeyError(key)
def first_data_row(ws):
    meta = wb['_meta']
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == 'first_data_row:' + ws.title:
            return int(meta.cell(r, 2).value)
    return 3
def clear_rows(ws, keep=()):
    keep_cols = [col(ws, k) for k in keep]
    for row in ws.iter_rows(min_row=first_data_row(ws)):
        for c in row:
            if c.column not in keep_cols:
                c.value = None
`;

const mpsBytes = async (seed = 1) => toBytes((await sampleWorkbook('MPS', '2025-06', seed)).workbook);

describe.skipIf(skipReason('openpyxl'))('percent as typed (openpyxl-made files)', () => {
  it('reads 50% typed into a %-formatted cell as 50, and warns on a bare 0.5', async () => {
    const bytes = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
ws = wb[${JSON.stringify(TAB.activities)}]
p = col(ws, 'percent_complete'); s = col(ws, 'status')
ws.cell(3, s).value = 'In progress'
ws.cell(3, p).value = 0.5
ws.cell(3, p).number_format = '0%'
ws.cell(4, s).value = 'In progress'
ws.cell(4, p).value = 0.5
ws.cell(4, p).number_format = 'General'
ws.cell(5, s).value = 'In progress'
ws.cell(5, p).value = '50%'
ws.cell(5, p).number_format = '@'
`,
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const rows = report.submission?.sections.activities ?? [];
    expect(rows[0]?.percent_complete).toBe(50);
    expect(rows[2]?.percent_complete).toBe(50);
    // A bare fraction is kept as typed, with a warning on that cell asking "did you mean 50 %?".
    expect(rows[1]?.percent_complete).toBe(0.5);
    const warnings = report.issues.filter((i) => i.code === 'cell/percent-fraction');
    expect(warnings.map((w) => w.cell)).toEqual([expect.stringMatching(/^[A-Z]+4$/)]);
    expect(warnings[0]?.message.en).toMatch(/Did you mean 50 %\?/);
    expect(warnings[0]?.message.lo).toMatch(/50 %/);
  });

  it('formats template percent cells so that 50 and 50% both mean 50', async () => {
    // What Excel, LibreOffice and Google Sheets store for either typing in a % cell: 0.5.
    const bytes = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
ws = wb[${JSON.stringify(TAB.activities)}]
assert ws.cell(3, col(ws, 'percent_complete')).number_format == '0%', ws.cell(3, col(ws, 'percent_complete')).number_format
ws.cell(3, col(ws, 'status')).value = 'In progress'
ws.cell(3, col(ws, 'percent_complete')).value = 0.5
`,
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.submission?.sections.activities?.[0]?.percent_complete).toBe(50);
    expect(report.issues.some((i) => i.code === 'cell/percent-fraction')).toBe(false);
  });

  it('rejects a cover-only file, naming every empty section and the cover cell that marks it nil', async () => {
    const bytes = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
clear_rows(wb[${JSON.stringify(TAB.activities)}], keep=('activity_code', 'activity_title_lo', 'activity_title_en'))
for name in (${[TAB.cases, TAB.assistance, TAB.awareness].map((n) => JSON.stringify(n)).join(', ')}):
    clear_rows(wb[name])
`,
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.accepted).toBe(false);
    const empty = report.issues.filter((i) => i.code === 'section/empty');
    expect(empty.map((i) => i.field)).toEqual([
      'nil_activities',
      'nil_cases',
      'nil_assistance',
      'nil_awareness',
    ]);
    for (const issue of empty) {
      expect(issue.sheet).toBe(TAB.cover);
      expect(issue.cell).toMatch(/^C\d+$/);
      expect(issue.message.en).toMatch(/Nothing to report this month/);
      expect(issue.message.lo).toMatch(/ບໍ່ມີຫຍັງລາຍງານເດືອນນີ້/);
    }
    expect(empty.find((i) => i.field === 'nil_cases')?.message.en).toContain(
      `Sheet "${TAB.cases}" (Case statistics`,
    );
    // The nil mark's cell, named as the file names the cover.
    expect(empty[0]?.message.en).toContain(
      `in cell ${sheetReference(TAB.cover, empty[0]?.cell ?? '')} of the cover`,
    );
  });

  it('accepts a month marked "nothing to report" section by section, and reports those sections as nil', async () => {
    const bytes = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
for name in (${[TAB.cases, TAB.awareness].map((n) => JSON.stringify(n)).join(', ')}):
    clear_rows(wb[name])
cover = wb[${JSON.stringify(TAB.cover)}]
cover.cell(cover_row('nil_cases'), 3).value = 'Nothing to report this month'
cover.cell(cover_row('nil_awareness'), 3).value = 'ບໍ່ມີຫຍັງລາຍງານເດືອນນີ້'
`,
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(sectionStatuses(unit('MPS'), report.submission)).toEqual({
      activities: 'complete',
      cases: 'nil',
      assistance: 'complete',
      awareness: 'nil',
    });
    // A mark on a section that has rows contradicts it.
    const contradicting = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
cover = wb[${JSON.stringify(TAB.cover)}]
cover.cell(cover_row('nil_assistance'), 3).value = 'Nothing to report this month'
`,
    );
    const contradiction = await validateXlsx(contradicting, catalogue);
    expect(contradiction.issues.filter((i) => i.code === 'section/nil-with-rows')).toMatchObject([
      { sheet: TAB.cover, field: 'nil_assistance' },
    ]);
  });

  it('accepts a total-only victims row with its remainder in "unknown", and never advises zeroing a total', async () => {
    const script = (withUnknown: boolean) => `${HELPERS}
ws = wb[${JSON.stringify(TAB.cases)}]
r = first_data_row(ws)
for c in ws[1]:
    if c.value and c.value.startswith('victims_') and c.value != 'victims_total':
        ws.cell(r, c.column).value = None
ws.cell(r, col(ws, 'victims_total')).value = 5
if ${withUnknown ? 'True' : 'False'}:
    for key in ('victims_sex_unknown_age_unknown', 'victims_nationality_unknown', 'victims_form_unknown'):
        ws.cell(r, col(ws, key)).value = 5
else:
    ws.cell(r, col(ws, 'victims_female_adult')).value = 2
    ws.cell(r, col(ws, 'victims_nationality_unknown')).value = 5
    ws.cell(r, col(ws, 'victims_form_unknown')).value = 5
`;
    const accepted = await validateXlsx(resaveWithOpenpyxl(await mpsBytes(), script(true)), catalogue);
    expect(accepted.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(accepted.submission?.sections.cases?.[0]).toMatchObject({
      victims_total: 5,
      victims_sex_unknown_age_unknown: 5,
      victims_female_child: null,
    });

    const rejected = await validateXlsx(resaveWithOpenpyxl(await mpsBytes(), script(false)), catalogue);
    const mismatch = rejected.issues.filter((i) => i.code === 'row/sum-mismatch');
    expect(mismatch).toHaveLength(1);
    const message = mismatch[0]?.message.en ?? '';
    // Names the breakdown and the parts given, and points to the unknown column.
    expect(message).toMatch(/by sex and age add up to 2 \(Victims, female, adult 2\), 3 short/);
    expect(message).toMatch(
      /type 3 in "Victims, sex unknown \/ not recorded, age unknown \/ not recorded" \([A-Z]+\d+\)/,
    );
    expect(message).not.toMatch(/total to/i);
    expect(mismatch[0]?.message.lo).toMatch(/ບໍ່ຮູ້ \/ ບໍ່ໄດ້ບັນທຶກ/);
  });

  it('reads Lao digits in a phone number and an activity code typed in lower case with Lao digits', async () => {
    const first = catalogue.activitiesOf('MPS')[0]?.code ?? '';
    const laoDigits = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x0ed0 + Number(d)));
    const typed = laoDigits(first.toLowerCase());
    const bytes = resaveWithOpenpyxl(
      await mpsBytes(),
      `${HELPERS}
wb[${JSON.stringify(TAB.cover)}].cell(cover_row('phone'), 3).value = '໐໒໐ ໕໕໕໕ ໑໒໓໔'
ws = wb[${JSON.stringify(TAB.activities)}]
ws.cell(3, col(ws, 'activity_code')).value = ${JSON.stringify(typed)}
`,
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.submission?.cover.phone).toBe('020 5555 1234');
    expect(report.submission?.sections.activities?.[0]?.activity_code).toBe(first);
  });
});

describe.skipIf(skipReason('soffice'))('a file re-saved by LibreOffice', () => {
  it('keeps percents as typed: its own % formats are read, values equal the sample', async () => {
    const { workbook, data } = await sampleWorkbook('LA-SV', '2025-06', 3);
    const resaved = convertWithLibreOffice(await toBytes(workbook), 'xlsx');
    const report = await validateXlsx(resaved, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.issues.some((i) => i.code === 'cell/percent-fraction')).toBe(false);
    const percents = (rows: readonly Record<string, unknown>[] | undefined) =>
      (rows ?? []).map((r) => r.percent_complete);
    expect(percents(report.submission?.sections.activities)).toEqual(percents(data.sections.activities));
    expect(percents(data.sections.activities).some((p) => typeof p === 'number' && p > 1)).toBe(true);
  });
});

describe('template version 1 uploads', () => {
  it('are still read with their own spec: crossed victims, no nil marks, money as it was meant', async () => {
    const { bytes, data } = await writeSampleXlsx(
      { unit: unit('MPS'), period: '2025-03', seed: 5 },
      catalogue,
      TEMPLATE_SPECS['1'],
    );
    const report = await validateXlsx(bytes, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.submission?.templateVersion).toBe('1');
    const row = report.submission?.sections.cases?.[0] ?? {};
    expect(Object.keys(row).some((k) => /^victims_(fe)?male_(child|adult)_(lao|foreign)_/.test(k))).toBe(
      true,
    );
    expect(row.victims_total).toBe(data.sections.cases?.[0]?.victims_total);
  });
});
