/**
 * The templates as people see them: every sheet rendered by LibreOffice headless (with
 * fonts-lao) to PNGs under out/renders/templates/ (kept as CI artifacts, and looked at), and
 * checked for what a focal point needs: every sheet prints, fits its pages across, shows the
 * yellow input cells, and carries its Lao text whole.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { specSheets } from '../../shared/spec/sheet-naming.ts';
import { SHEET_NAMES, TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { writeSampleXlsx } from '../../templates/fill-sample.ts';
import { INPUT_FILL_RGB } from '../../templates/workbook-style.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { catalogue, unit } from '../support/fixtures.ts';
import {
  convertWithLibreOffice,
  missingRenderTools,
  type PageImage,
  pdfPageCount,
  pixelsOfColour,
  rasterisePdf,
} from '../support/render-tools.ts';

const OUT = join(import.meta.dirname, '../../out/renders/templates');
/** A provincial committee fills every section: its template has every sheet. */
const UNIT = 'LA-XE';

describe.skipIf(missingRenderTools())('template renders (LibreOffice)', () => {
  let pages: PageImage[] = [];
  let filled: PageImage[] = [];
  /** Text of the PDF; Lao is checked by eye on the PNGs (pdftotext interleaves wrapped Lao). */
  let text = '';
  let pageCount = 0;
  /** Each page's text, in page order. */
  let pageTexts: string[] = [];

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, `template-${UNIT}.xlsx`);
    writeFileSync(file, await writeXlsxTemplate({ unit: unit(UNIT), period: '2025-06' }, catalogue));
    const pdf = await convertWithLibreOffice(file, 'pdf', OUT);
    pageCount = await pdfPageCount(pdf);
    pages = await rasterisePdf(pdf, join(OUT, `template-${UNIT}`), { dpi: 70 });
    text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    pageTexts = text.split('\f').slice(0, pageCount);
    // The same template filled with a sample: data rows show the input colour in print too.
    const sample = join(OUT, `sample-${UNIT}.xlsx`);
    writeFileSync(
      sample,
      (await writeSampleXlsx({ unit: unit(UNIT), period: '2025-06', seed: 2 }, catalogue)).bytes,
    );
    filled = await rasterisePdf(
      await convertWithLibreOffice(sample, 'pdf', OUT),
      join(OUT, `sample-${UNIT}`),
      {
        dpi: 70,
      },
    );
  }, 300_000);

  it('prints every visible sheet, wide ones across a few readable pages', () => {
    // Instructions, Cover, Activities (one page wide), Cases (two across), Assistance, Awareness.
    expect(pageCount).toBeGreaterThanOrEqual(7);
    expect(pageCount).toBeLessThanOrEqual(12);
    expect(pages).toHaveLength(pageCount);
  });

  it('names its sheet at the foot of every page by the bilingual tab name', () => {
    const tabs = [SHEET_NAMES.instructions, ...specSheets(TEMPLATE_SPEC)].map((s) => s.sheetName);
    const footers = pageTexts.map((page) => tabs.find((tab) => page.includes(tab)));
    expect(footers.every(Boolean), JSON.stringify(footers)).toBe(true);
    // In sheet order, every sheet on at least one page.
    expect([...new Set(footers)]).toEqual(tabs);
    expect(pageTexts.every((page) => /page \d+ of \d+/.test(page))).toBe(true);
  });

  it('shows the yellow input cells on the cover and on every table sheet', () => {
    // Blank: the cover and the activity rows; filled: every page but the instructions.
    const yellow = (page: PageImage) => pixelsOfColour(page, INPUT_FILL_RGB, 12) > 2000;
    expect(yellow(pages[1] as PageImage)).toBe(true);
    expect(yellow(pages[2] as PageImage)).toBe(true);
    expect(filled.filter(yellow).length).toBeGreaterThanOrEqual(filled.length - 1);
  });

  it('prints every group and column label of the grouped Cases header', () => {
    // pdftotext breaks wrapped lines: compare without any whitespace.
    const flat = text.replace(/\s+/g, '');
    const cases = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases');
    const labels = new Set<string>();
    for (const field of cases?.fields ?? []) {
      for (const group of field.group ?? []) labels.add(group.en);
      labels.add((field.shortLabel ?? field.label).en);
    }
    for (const label of labels)
      for (const word of label.split(/[\s,()]+/).filter((w) => w.length > 3)) expect(flat).toContain(word);
  });
});
