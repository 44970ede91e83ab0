/**
 * The front section as a printable HTML page (A4 portrait, Lao first with English), for
 * people without a spreadsheet program: rendered to PDF by headless Chromium, which shapes Lao
 * with HarfBuzz. Charts are inline SVG drawn from the same data as the workbook's native
 * charts. A pure function: no clock, no fonts read, the same section gives the same page.
 */
import type { Bilingual } from '../text/bilingual.ts';
import type { FrontSection } from './front-section.ts';
import {
  attribution,
  NAMED_UNITS_LIMIT,
  NAMES_ON_REPORTING_SHEET,
  SERIES_COLOURS,
  STATUS_COLOURS,
  shorten,
  statusLabels,
  unitCodeEntry,
} from './front-section-look.ts';
import { NATIONAL_TABS } from './sheets/table-kit.ts';

/** The detail sheet holding every highlight and challenge, named as its tab reads. */
const ACTIVITIES_TAB = NATIONAL_TABS.activities;

const FONT_STACK = "'Phetsarath OT', 'Noto Sans Lao', 'Noto Sans', sans-serif";

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Lao line, then English in grey below it. */
const both = (text: Bilingual) => `${escapeHtml(text.lo)}<br><span class="en">${escapeHtml(text.en)}</span>`;
const inline = (text: Bilingual) => `${escapeHtml(text.lo)} <span class="en">/ ${escapeHtml(text.en)}</span>`;

/**
 * A count with thousands separators; a dash where there is no figure. The same text as en-US
 * `toLocaleString` (a rounded -0 too is "-0"), grouped by hand: toLocaleString makes an ICU
 * number formatter on every call, and the first one costs ICU's start-up in a cold compile.
 */
export const formatCount = (value: number | null | undefined) => {
  if (value === null || value === undefined) return '–';
  const rounded = Math.round(value);
  // Beyond 1e21 String() switches to exponents; infinities print as ∞.
  if (!Number.isFinite(rounded) || Math.abs(rounded) >= 1e21) return rounded.toLocaleString('en-US');
  const sign = rounded < 0 || Object.is(rounded, -0) ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+$)/g, ',');
};
export const formatPercent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value.toFixed(1)} %`;

/** Indicators, one row each: the target of the scope's year and of the plan, achieved so far against each. */
function indicatorTable(section: FrontSection): string {
  const lines = section.indicators.lines;
  if (!lines.length) return `<p>${inline({ lo: 'ແຜນບໍ່ມີຕົວຊີ້ວັດ', en: 'The plan has no indicators' })}</p>`;
  const codes = [...new Set(lines.map((l) => l.code))];
  const value = (line: FrontSection['indicators']['lines'][number], n: number | null) =>
    line.unit.en === '%' ? formatPercent(n) : formatCount(n);
  const cells = (line: FrontSection['indicators']['lines'][number] | undefined) =>
    line
      ? `<td class="n">${value(line, line.target)}</td><td class="n">${value(line, line.achieved)}</td><td class="n">${formatPercent(line.percentOfTarget)}</td>`
      : '<td class="n">–</td><td class="n">–</td><td class="n">–</td>';
  const year = section.scope.months[section.scope.months.length - 1]?.slice(0, 4) ?? '';
  const rows = codes
    .map((code) => {
      const of = lines.filter((l) => l.code === code);
      const first = of[0];
      if (!first) return '';
      const yearLine = of.find((l) => l.span === year);
      const planLine = of.find((l) => l.span !== year);
      return (
        `<tr><td>${escapeHtml(first.appliesTo)}</td><td>${inline(first.title)} <span class="by">(${escapeHtml(first.unit.lo)})</span></td>` +
        `<td class="n">${value(first, first.baseline.value)}<br><span class="by">${first.baseline.year}</span></td>${cells(yearLine)}${cells(planLine)}</tr>`
      );
    })
    .join('');
  const planSpan = lines.find((l) => l.span.includes('-'))?.span ?? '';
  const sub = (label: string, over: string) =>
    `<th colspan="3">${escapeHtml(label)}<br><span class="en">${escapeHtml(over)}</span></th>`;
  const yearOver = lines.find((l) => l.span === year)?.measuredOver ?? year;
  const planOver = lines.find((l) => l.span === planSpan)?.measuredOver ?? planSpan;
  const three = () =>
    `<th>${both({ lo: 'ຄາດໝາຍ', en: 'Target' })}</th><th>${both({ lo: 'ໄດ້', en: 'Achieved' })}</th><th>%</th>`;
  return (
    `<table class="indicators"><thead><tr><th rowspan="2"></th><th rowspan="2">${both({ lo: 'ຕົວຊີ້ວັດ', en: 'Indicator' })}</th><th rowspan="2">${both({ lo: 'ພື້ນຖານ', en: 'Baseline' })}</th>` +
    `${sub(`ປີ ${year} / year ${year}`, `${yearOver}`)}${sub(`ແຜນ ${planSpan} / plan ${planSpan}`, `${planOver}`)}</tr>` +
    `<tr>${three()}${three()}</tr></thead><tbody>${rows}</tbody></table>`
  );
}

// ---------------------------------------------------------------------------------------
// SVG charts

function stackedBars(
  rows: readonly { label: string; parts: readonly { value: number; colour: string }[] }[],
  width: number,
): string {
  const rowHeight = 18;
  const labelWidth = 40;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((s, p) => s + p.value, 0)));
  const scale = (width - labelWidth - 10) / max;
  const bars = rows
    .map((row, index) => {
      let x = labelWidth;
      const y = index * rowHeight + 2;
      const rects = row.parts
        .map((part) => {
          const w = part.value * scale;
          const rect =
            w > 0
              ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 5}" fill="#${part.colour}"/>`
              : '';
          x += w;
          return rect;
        })
        .join('');
      return `<text x="0" y="${y + 11}" class="axis">${escapeHtml(row.label)}</text>${rects}`;
    })
    .join('');
  return `<svg width="${width}" height="${rows.length * rowHeight + 4}" role="img">${bars}</svg>`;
}

function columnsAndLines(
  months: readonly string[],
  series: readonly { values: readonly (number | null)[]; colour: string; kind: 'column' | 'line' }[],
  options: { width: number; height: number; max?: number; format: (n: number) => string },
): string {
  const { width, height } = options;
  const left = 36;
  const bottom = 24;
  const plotHeight = height - bottom - 6;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = options.max ?? Math.max(1, ...all) * 1.1;
  const slot = (width - left) / Math.max(1, months.length);
  const y = (value: number) => 6 + plotHeight - (value / max) * plotHeight;
  const columnSeries = series.filter((s) => s.kind === 'column');
  const barWidth = (slot * 0.7) / Math.max(1, columnSeries.length);
  const grid = [0, 0.5, 1]
    .map((f) => {
      const value = max * f;
      return `<line x1="${left}" x2="${width}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#ddd"/><text x="${left - 4}" y="${(y(value) + 3).toFixed(1)}" class="axis" text-anchor="end">${options.format(value)}</text>`;
    })
    .join('');
  const columns = columnSeries
    .map((s, k) =>
      s.values
        .map((v, i) =>
          v === null
            ? ''
            : `<rect x="${(left + i * slot + slot * 0.15 + k * barWidth).toFixed(1)}" y="${y(v).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(6 + plotHeight - y(v)).toFixed(1)}" fill="#${s.colour}"/>`,
        )
        .join(''),
    )
    .join('');
  const lines = series
    .filter((s) => s.kind === 'line')
    .map((s) => {
      const points = s.values
        .map((v, i) => (v === null ? null : `${(left + i * slot + slot / 2).toFixed(1)},${y(v).toFixed(1)}`))
        .filter((p): p is string => p !== null);
      const dots = points.map(
        (p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.5" fill="#${s.colour}"/>`,
      );
      return `<polyline points="${points.join(' ')}" fill="none" stroke="#${s.colour}" stroke-width="2"/>${dots.join('')}`;
    })
    .join('');
  // Month numbers under each slot; the year under January and under the first month.
  const labels = months
    .map((m, i) => {
      const x = (left + i * slot + slot / 2).toFixed(1);
      const year = i === 0 || m.endsWith('-01') ? `<tspan x="${x}" dy="8">${m.slice(0, 4)}</tspan>` : '';
      return `<text x="${x}" y="${height - 12}" class="axis" text-anchor="middle">${m.slice(5)}${year}</text>`;
    })
    .join('');
  return `<svg width="${width}" height="${height}" role="img">${grid}${columns}${lines}${labels}</svg>`;
}

const legend = (items: readonly { label: Bilingual; colour: string }[]) =>
  `<div class="legend">${items
    .map((i) => `<span><i style="background:#${i.colour}"></i>${inline(i.label)}</span>`)
    .join('')}</div>`;

// ---------------------------------------------------------------------------------------

const STYLE = `
@page { size: A4 portrait; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: "ໜ້າ " counter(page) " ຈາກ " counter(pages) " / page " counter(page) " of " counter(pages);
    font: 8pt ${FONT_STACK}; color: #666; } }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; font-size: 8pt; line-height: 1.4; color: #222; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; color: #1F3864; line-height: 1.5; }
h2 { font-size: 10.5pt; margin: 3mm 0 1.5mm; break-after: avoid; color: #1F3864; border-bottom: 1px solid #1F3864; line-height: 1.6; }
h3 { font-size: 8.5pt; margin: 1.5mm 0 0.5mm; line-height: 1.5; break-after: avoid; }
.en { color: #555; }
.note { font-size: 8pt; color: #7F6000; background: #FFF2CC; padding: 1.5mm 2mm; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; break-inside: auto; }
th, td { border: 0.5pt solid #bbb; padding: 0.4mm 1.2mm; vertical-align: top; }
th { background: #1F3864; color: #fff; font-weight: bold; text-align: center; }
th .en { color: #dde; }
td.title { font-size: 7.5pt; line-height: 1.3; }
th.status { font-size: 7pt; }
p.units { font-size: 8pt; margin: 0; }
table.indicators td, table.indicators th { font-size: 8pt; padding: 0.6mm 1.2mm; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.group td { background: #DDEBF7; font-weight: bold; }
tr { break-inside: avoid; }
.axis { font: 7pt ${FONT_STACK}; fill: #444; }
.legend { font-size: 7.5pt; margin: 1mm 0 2mm; }
.legend span { margin-right: 4mm; white-space: nowrap; }
.legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; }
.cols { display: flex; gap: 6mm; }
.cols > div { flex: 1; min-width: 0; }
ul { margin: 0 0 0.5mm 4mm; padding: 0; }
.goal { break-inside: avoid; }
li { margin: 0 0 0.5mm; }
.by { color: #777; font-size: 7.5pt; }
.page { break-before: page; }
`;

/** The whole front section as one HTML document. */
export function frontSectionHtml(
  section: FrontSection,
  statusList: readonly { code: string; label: Bilingual }[],
): string {
  const windows = section.windows;
  const statuses = statusLabels(section, statusList);
  const headlineRows = section.headline
    .map(
      (group) =>
        `<tr class="group"><td colspan="${windows.length + 1}">${inline(group.title)}</td></tr>` +
        group.rows
          .map(
            (row) =>
              `<tr><td>${inline(row.label)} <span class="by">(${escapeHtml(row.unit.lo)})</span></td>${windows
                .map((w) => `<td class="n">${formatCount(section.values[row.key]?.[w.key])}</td>`)
                .join('')}</tr>`,
          )
          .join(''),
    )
    .join('');
  const windowHeaders = windows.map((w) => `<th>${both(w.title)}<br>${escapeHtml(w.label)}</th>`).join('');
  const reportingRow = `<tr><td>${inline({ lo: 'ອັດຕາການລາຍງານ', en: 'Reporting rate' })}</td>${windows
    .map((w) => `<td class="n">${formatPercent(w.reporting.reportingRate)}</td>`)
    .join('')}</tr>`;

  const severalMonths = section.scope.months.length > 1;
  const unitList = (units: FrontSection['reporting']['missing']) =>
    units.length > NAMED_UNITS_LIMIT
      ? `<p class="units">${units.length}: ${escapeHtml(units.map((u) => unitCodeEntry(u, severalMonths)).join('; '))} <span class="by">(${inline(NAMES_ON_REPORTING_SHEET)})</span></p>`
      : units.length
        ? `<p class="units">${units
            .map(
              (u) =>
                `${escapeHtml(u.name.lo)} <span class="en">/ ${escapeHtml(u.name.en)}</span> <span class="by">(${escapeHtml(unitCodeEntry(u, severalMonths))})</span>`,
            )
            .join('; ')}</p>`
        : `<p>${inline({ lo: 'ບໍ່ມີ', en: 'none' })}</p>`;
  const total = section.reporting.total;

  const progressRows = (rows: FrontSection['progress']['goals']) =>
    rows
      .map(
        (row) =>
          `<tr><td>${escapeHtml(row.code)}</td><td class="title">${escapeHtml(shorten(row.title.lo, 60))}<br><span class="en">${escapeHtml(shorten(row.title.en, 70))}</span></td>` +
          `<td class="n">${row.activities}</td>${statuses.map((s) => `<td class="n">${row.byStatus[s.code] ?? 0}</td>`).join('')}` +
          `<td class="n">${formatPercent(row.averagePercent)}</td></tr>`,
      )
      .join('');
  const progressHeader = `<tr><th></th><th>${both({ lo: 'ເປົ້າໝາຍ', en: 'Goal' })}</th><th>${both({ lo: 'ກິດຈະກຳ', en: 'Activities' })}</th>${statuses
    .map((s) => `<th class="status">${both(s.label)}</th>`)
    .join('')}<th>${both({ lo: 'ສະເລ່ຍ', en: 'Average' })}</th></tr>`;
  const goalChart = stackedBars(
    section.progress.goals.map((g) => ({
      label: g.code,
      parts: statuses.map((s) => ({
        value: g.byStatus[s.code] ?? 0,
        colour: STATUS_COLOURS[s.code] ?? '999999',
      })),
    })),
    330,
  );

  const indicatorRows = indicatorTable(section);
  const narrative = section.narrative
    .filter((g) => g.highlights.length || g.challenges.length)
    .map((g) => {
      const list = (items: FrontSection['narrative'][number]['highlights'], more: number) =>
        items.length
          ? `<ul>${items.map((i) => `<li>${escapeHtml(i.text)} <span class="by">— ${escapeHtml(attribution(i.authors))}</span></li>`).join('')}${
              more
                ? `<li class="by">${inline({ lo: `ອີກ ${more} ຂໍ້ ຢູ່ໃນແຜ່ນ ${ACTIVITIES_TAB}`, en: `${more} more on the ${ACTIVITIES_TAB} sheet` })}</li>`
                : ''
            }</ul>`
          : `<p class="by">${inline({ lo: 'ບໍ່ມີ', en: 'none' })}</p>`;
      return (
        `<div class="goal"><h3>${escapeHtml(g.goal)}: ${escapeHtml(shorten(g.title.lo, 70))} <span class="en">/ ${escapeHtml(shorten(g.title.en, 60))}</span></h3>` +
        `<div class="cols"><div><b>${inline({ lo: 'ຜົນງານເດັ່ນ', en: 'Highlights' })}</b>${list(g.highlights, g.moreHighlights)}</div>` +
        `<div><b>${inline({ lo: 'ຂໍ້ຫຍຸ້ງຍາກ', en: 'Challenges' })}</b>${list(g.challenges, g.moreChallenges)}</div></div></div>`
      );
    })
    .join('');

  const trend = section.trend;
  const victimsChart = columnsAndLines(
    trend.months,
    [
      { values: trend.victimsFemale, colour: SERIES_COLOURS.female, kind: 'column' },
      { values: trend.victimsMale, colour: SERIES_COLOURS.male, kind: 'column' },
    ],
    { width: 330, height: 150, format: (n) => formatCount(n) },
  );
  const ratesChart = columnsAndLines(
    trend.months,
    [
      { values: trend.reportingRate, colour: SERIES_COLOURS.reporting, kind: 'line' },
      { values: trend.onTimeRate, colour: SERIES_COLOURS.onTime, kind: 'line' },
    ],
    { width: 330, height: 150, max: 100, format: (n) => `${Math.round(n)}` },
  );

  const illustrative = [
    section.plan.illustrative
      ? { lo: 'ແຜນງານໃນລະບົບນີ້ ເປັນພຽງຕົວຢ່າງ.', en: 'The plan breakdown in this system is illustrative.' }
      : null,
    section.indicators.illustrative && section.indicators.note ? section.indicators.note : null,
  ].filter((n): n is Bilingual => n !== null);

  return `<!doctype html>
<html lang="lo"><head><meta charset="utf-8"><title>${escapeHtml(`ລາຍງານແຫ່ງຊາດ ${section.scope.label}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml('ບົດລາຍງານແຫ່ງຊາດ')} ${escapeHtml(section.scope.label)}<br><span class="en">National report ${escapeHtml(section.scope.label)}</span></h1>
<div>${both(section.plan.title)}</div>
${illustrative.map((n) => `<div class="note">${both(n)}</div>`).join('')}
<h2>${inline({ lo: 'ຕົວເລກສຳຄັນ', en: 'Headline figures' })}</h2>
<table><thead><tr><th></th>${windowHeaders}</tr></thead><tbody>${headlineRows}${reportingRow}</tbody></table>
<p class="by">${inline({ lo: '– ໝາຍເຖິງ ບໍ່ໄດ້ຮັບລາຍງານໃນໄລຍະນັ້ນ.', en: '– means no report was received in that period.' })}</p>
<h2>${inline({ lo: 'ການລາຍງານ', en: 'Reporting' })}</h2>
<p>${inline({ lo: 'ອັດຕາການລາຍງານ', en: 'Reporting rate' })}: <b>${formatPercent(total.reportingRate)}</b> (${total.received} / ${total.expected}) ·
${inline({ lo: 'ທັນເວລາ', en: 'on time' })}: <b>${formatPercent(total.onTimeRate)}</b> (${total.onTime}) ·
${inline({ lo: 'ຊ້າ', en: 'late' })}: ${total.late} · ${inline({ lo: 'ຖືກປະຕິເສດ', en: 'rejected' })}: ${total.rejected} · ${inline({ lo: 'ບໍ່ໄດ້ສົ່ງ', en: 'missing' })}: ${total.missing}</p>
<div class="cols"><div><h3>${inline({ lo: 'ຫົວໜ່ວຍທີ່ບໍ່ໄດ້ສົ່ງ', en: 'Units that did not report' })}</h3>${unitList([...section.reporting.missing, ...section.reporting.rejected])}</div>
<div><h3>${inline({ lo: 'ຫົວໜ່ວຍທີ່ສົ່ງຊ້າ', en: 'Units that reported late' })}</h3>${unitList(section.reporting.late)}</div></div>
<h2>${inline({ lo: 'ຄວາມຄືບໜ້າຕາມແຜນ', en: 'Progress against the plan' })}</h2>
<table><thead>${progressHeader}</thead><tbody>${progressRows(section.progress.goals)}${progressRows([section.progress.total])}</tbody></table>
<div class="cols"><div><h3>${inline({ lo: 'ກິດຈະກຳ ຕາມສະຖານະ', en: 'Activities by status' })}</h3>${goalChart}${legend(
    statuses.map((s) => ({ label: s.label, colour: STATUS_COLOURS[s.code] ?? '999999' })),
  )}</div><div><h3>${inline({ lo: 'ແຜນງານ', en: 'Programmes' })}</h3>
<table><tbody>${section.progress.programmes
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.code)}</td><td>${inline(p.title)}</td><td class="n">${p.reported} / ${p.activities}</td><td class="n">${formatPercent(p.averagePercent)}</td></tr>`,
    )
    .join('')}</tbody></table></div></div>
<h2>${inline({ lo: 'ຕົວຊີ້ວັດ ທຽບກັບຄາດໝາຍ', en: 'Indicators against targets' })}</h2>
${indicatorRows}
<h2>${inline({ lo: 'ແນວໂນ້ມ 12 ເດືອນ', en: 'Twelve-month trend' })}</h2>
<div class="cols"><div><h3>${inline({ lo: 'ຜູ້ຖືກເຄາະຮ້າຍ ຕາມເດືອນ', en: 'Victims identified by month' })}</h3>${victimsChart}${legend(
    [
      { label: { lo: 'ຍິງ', en: 'female' }, colour: SERIES_COLOURS.female },
      { label: { lo: 'ຊາຍ', en: 'male' }, colour: SERIES_COLOURS.male },
    ],
  )}</div><div><h3>${inline({ lo: 'ອັດຕາການລາຍງານ ຕາມເດືອນ (%)', en: 'Reporting rate by month (%)' })}</h3>${ratesChart}${legend(
    [
      { label: { lo: 'ອັດຕາການລາຍງານ', en: 'reporting rate' }, colour: SERIES_COLOURS.reporting },
      { label: { lo: 'ທັນເວລາ', en: 'on time' }, colour: SERIES_COLOURS.onTime },
    ],
  )}</div></div>
<h2>${inline({ lo: 'ຜົນງານເດັ່ນ ແລະ ຂໍ້ຫຍຸ້ງຍາກ ຕາມເປົ້າໝາຍ', en: 'Highlights and challenges by goal' })}</h2>
<p class="by">${inline({ lo: `ຂໍ້ຄວາມສັ້ນກ່ອນ; ທັງໝົດຢູ່ໃນແຜ່ນ ${ACTIVITIES_TAB}.`, en: `Shortest first; all of them are on the ${ACTIVITIES_TAB} sheet.` })}</p>
${narrative || `<p>${inline({ lo: 'ບໍ່ມີ', en: 'none this period' })}</p>`}
</body></html>
`;
}
