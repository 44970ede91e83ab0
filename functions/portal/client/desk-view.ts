/**
 * The Secretariat's desk (and, read-only, a partner's downloads): units x months from the
 * `status` function, a cell's uploads and figures from `review` with accept / return, month
 * locks, headline charts as inline SVG, compile and download, and a Lao reminder to copy.
 */
import { ApiError, type Bilingual, call, getJson, type Issue, saveResponse } from './api.ts';
import { byId, escapeHtml, formatters, relabel, tagged } from './dom.ts';
import { type Language, type StringKey, text } from './strings.ts';
import { renderIssues } from './unit-view.ts';

type Status = 'on_time' | 'late' | 'missing' | 'rejected' | 'returned' | 'nil';
interface Cell {
  status: Status;
  review: 'reviewed' | 'unreviewed' | null;
  afterLockPending: number;
  returnComment: string | null;
}
interface StatusAnswer {
  scope: string;
  months: string[];
  byMonth: {
    period: string;
    reportingRate: number | null;
    onTimeRate: number | null;
    dueAt: string;
    locked: boolean;
  }[];
  units: { unit: string; name: Bilingual; periods: Record<string, Cell> }[];
}
interface Figures {
  victimsIdentified: number;
  cases: { detected: number; investigated: number; prosecuted: number; convicted: number };
  personsAssisted: number;
  peopleReached: number;
  goals: { code: string; title: Bilingual; averagePercent: number | null }[];
}
interface Review {
  decision: 'accepted' | 'returned';
  comment: string | null;
  by: string;
  at: string;
}
interface Detail {
  period: string;
  unit: { code: string; name?: Bilingual };
  current: string | null;
  uploads: {
    sha256: string;
    submittedAt: string;
    fileName: string | null;
    verdict: 'accepted' | 'rejected' | 'unreadable';
    issues: Issue[];
    afterLock: boolean;
    current: boolean;
    reviews: Review[];
  }[];
  figures: Figures | null;
}

const SYMBOL: Record<Status, string> = {
  on_time: '✓',
  late: '⏱',
  missing: '✗',
  rejected: '⚠',
  returned: '↩',
  nil: '∅',
};
const ZONE = 'Asia/Vientiane';
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 10) / 10} %`);

/**
 * Scopes to choose from, given the month that just closed: quarters of this year and the
 * last (newest first), then the last twelve months, then the two years.
 */
function scopeOptions(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const quarters = [year, year - 1].flatMap((y) => [4, 3, 2, 1].map((q) => `${y}-Q${q}`));
  const current = `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
  const months = Array.from({ length: 12 }, (_, back) => {
    const index = year * 12 + Number(month.slice(5, 7)) - 1 - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
  return [...quarters.filter((q) => q <= current), ...months, String(year), String(year - 1)];
}

/** The months of a month, quarter or year label. */
function monthsOf(scope: string): string[] {
  const pad = (m: number) => String(m).padStart(2, '0');
  const year = scope.slice(0, 4);
  if (/^\d{4}-\d{2}$/.test(scope)) return [scope];
  const quarter = /^\d{4}-Q([1-4])$/.exec(scope)?.[1];
  if (quarter) return [1, 2, 3].map((i) => `${year}-${pad((Number(quarter) - 1) * 3 + i)}`);
  if (/^\d{4}$/.test(scope)) return Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);
  return [];
}

export class DeskView {
  private status?: StatusAnswer;
  private month?: string;
  private detail?: Detail;
  private figures?: Figures;

  constructor(
    private readonly root: HTMLElement,
    private language: Language,
    private readonly readOnly: boolean,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  async open(): Promise<void> {
    const t = (key: StringKey) => tagged(key, this.language);
    const downloads = `<section aria-labelledby="compile-title"><h2 id="compile-title">${t('compileTitle')}</h2>
 ${this.readOnly ? '' : `<div class="row"><button type="button" id="compile">${t('compile')}</button><button type="button" class="secondary" id="lake-manifest">${t('lakeManifest')}</button></div>`}
 <p id="compile-message" class="alert ok" role="status"></p>
 <div id="versions"></div>
 <h3>${t('partnerExport')}</h3><div id="partner"></div></section>`;
    this.root.innerHTML = `
<section aria-labelledby="desk-title"><h2 id="desk-title">${t(this.readOnly ? 'readerTitle' : 'deskTitle')}</h2>
 <form id="scope-form" class="row"><label for="scope">${t('scope')}</label><select id="scope"></select><button type="submit" class="secondary">${t('show')}</button></form>
 <p id="desk-message" class="alert bad" role="alert"></p></section>
${
  this.readOnly
    ? downloads
    : `<section aria-labelledby="grid-title"><h2 id="grid-title">${t('gridTitle')}</h2><div id="grid" class="scroll"><p>${t('loading')}</p></div></section>
<section aria-labelledby="detail-title"><h2 id="detail-title" tabindex="-1">${t('detailTitle')}</h2><div id="detail"><p class="note">${t('detailHint')}</p></div></section>
<section aria-labelledby="charts-title"><h2 id="charts-title">${t('chartsTitle')}</h2><div id="charts"></div></section>
${downloads}
<section aria-labelledby="reminders-title"><h2 id="reminders-title">${t('remindersTitle')}</h2><div id="reminders"></div></section>`
}`;
    this.wire();
    try {
      // The read-only role cannot see the status: it picks among what has been compiled.
      const options = this.readOnly
        ? [...(await getJson<{ periods: string[] }>('/download')).periods].reverse()
        : scopeOptions((await getJson<StatusAnswer>('/status')).scope);
      const select = byId<HTMLSelectElement>('scope');
      select.innerHTML = options.map((o) => `<option>${o}</option>`).join('');
      select.value = options[0] ?? '';
      if (select.value) await this.load(select.value);
    } catch (error) {
      this.fail(error);
    }
  }

  setLanguage(language: Language): void {
    this.language = language;
    relabel(this.root, language);
    this.renderGrid();
    this.renderDetail();
    this.renderCharts();
    this.renderReminders();
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError) byId('desk-message').textContent = error.bilingual[this.language];
    else this.onFailure(error);
  }

  private wire(): void {
    byId('scope-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load(byId<HTMLSelectElement>('scope').value);
    });
    this.root.addEventListener('click', (event) => {
      const target = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-do]');
      if (!target) return;
      const { do: action = '', unit = '', period = '', version = '', table = '' } = target.dataset;
      const run = async () => {
        if (action === 'cell') await this.openCell(unit, period);
        else if (action === 'month') await this.chooseMonth(period);
        else if (action === 'lock' || action === 'unlock') await this.post({ action, period });
        else if (action === 'accept' || action === 'return') await this.decide(action);
        else if (action === 'version')
          await saveResponse(
            await call(`/download?${new URLSearchParams({ period, version })}`),
            `national-${period}.xlsx`,
          );
        else if (action === 'version-pdf')
          await saveResponse(
            await call(`/download?${new URLSearchParams({ period, version, format: 'pdf' })}`),
            `national-${period}.pdf`,
          );
        else if (action === 'partner')
          await saveResponse(
            await call(`/download?${new URLSearchParams({ partner: period, table })}`),
            `${table}.parquet`,
          );
        else if (action === 'copy') await this.copyReminder();
      };
      run().catch((error) => this.fail(error));
    });
    if (!this.readOnly) {
      byId('compile').addEventListener('click', () => void this.compile().catch((e) => this.fail(e)));
      byId('lake-manifest').addEventListener(
        'click',
        () =>
          void call('/download?lake=latest')
            .then((r) => saveResponse(r, 'lake-latest.json'))
            .catch((e) => this.fail(e)),
      );
    }
  }

  private async load(scope: string): Promise<void> {
    byId('desk-message').textContent = '';
    if (!this.readOnly) {
      this.status = await getJson<StatusAnswer>(`/status?${new URLSearchParams({ period: scope })}`);
      this.month = this.status.months.includes(this.month ?? '') ? this.month : this.status.months.at(-1);
      this.renderGrid();
      await this.loadFigures();
    }
    await this.renderVersions(scope);
  }

  private async chooseMonth(period: string): Promise<void> {
    this.month = period;
    this.renderGrid();
    await this.loadFigures();
  }

  private async loadFigures(): Promise<void> {
    if (!this.month) return;
    const answer = await getJson<{ figures: Figures }>(
      `/review?${new URLSearchParams({ period: this.month })}`,
    );
    this.figures = answer.figures;
    this.renderCharts();
    this.renderReminders();
  }

  private renderGrid(): void {
    const status = this.status;
    if (!status || this.readOnly) return;
    const language = this.language;
    const format = formatters(language, ZONE);
    const say = (key: StringKey) => escapeHtml(text(key, language));
    const head = status.byMonth
      .map((m) => {
        const lockButton = `<button type="button" class="secondary small" data-do="${m.locked ? 'unlock' : 'lock'}" data-period="${m.period}">${say(m.locked ? 'unlock' : 'lock')}</button>`;
        const chosen = m.period === this.month ? ' aria-pressed="true"' : ' aria-pressed="false"';
        return `<th scope="col" data-period="${m.period}"><button type="button" class="linklike" data-do="month" data-period="${m.period}"${chosen}>${escapeHtml(format.month(m.period))}</button><br><span class="note">${m.locked ? `🔒 ${say('locked')}` : say('open')}</span><br>${lockButton}</th>`;
      })
      .join('');
    const rows = status.units
      .map((u) => {
        const cells = status.months
          .map((period) => {
            const cell = u.periods[period];
            if (!cell) return '<td></td>';
            const label = text(`status_${cell.status}` as StringKey, language);
            const extra = [
              cell.review === 'reviewed' ? `★ ${text('reviewed', language)}` : '',
              cell.afterLockPending > 0
                ? `+${cell.afterLockPending} ${text('pendingAfterLock', language)}`
                : '',
            ].filter(Boolean);
            const name = `${u.unit}, ${format.month(period)}: ${label}${extra.length ? `, ${extra.join(', ')}` : ''}`;
            return `<td><button type="button" class="cell st-${cell.status}" data-do="cell" data-unit="${u.unit}" data-period="${period}" data-status="${cell.status}" aria-label="${escapeHtml(name)}">${SYMBOL[cell.status]} ${escapeHtml(label)}${extra.map((e) => `<br><small>${escapeHtml(e)}</small>`).join('')}</button></td>`;
          })
          .join('');
        return `<tr data-unit="${u.unit}"><th scope="row">${escapeHtml(u.unit)} <span class="note">${escapeHtml(u.name[language])}</span></th>${cells}</tr>`;
      })
      .join('');
    const rate = (key: 'reportingRate' | 'onTimeRate', label: StringKey) =>
      `<tr class="rates"><th scope="row">${say(label)}</th>${status.byMonth.map((m) => `<td data-period="${m.period}" data-rate="${key}">${percent(m[key])}</td>`).join('')}</tr>`;
    byId('grid').innerHTML =
      `<table class="grid"><thead><tr><th scope="col">${say('unit')}</th>${head}</tr></thead><tbody>${rows}</tbody><tfoot>${rate('reportingRate', 'reportingRate')}${rate('onTimeRate', 'onTimeRate')}</tfoot></table>`;
  }

  private async openCell(unit: string, period: string): Promise<void> {
    this.detail = await getJson<Detail>(`/review?${new URLSearchParams({ period, unit })}`);
    this.renderDetail();
    byId('detail-title').focus();
  }

  /**
   * The upload a decision applies to: one waiting after the lock (newest first), else the
   * current one, else the newest that passed validation.
   */
  private target() {
    const uploads = this.detail?.uploads ?? [];
    return (
      uploads.find((u) => u.afterLock && !u.current && !u.reviews.some((r) => r.decision === 'accepted')) ??
      uploads.find((u) => u.current) ??
      uploads.find((u) => u.verdict === 'accepted')
    );
  }

  private renderDetail(): void {
    const detail = this.detail;
    if (!detail) return;
    const language = this.language;
    const format = formatters(language, ZONE);
    const say = (key: StringKey) => escapeHtml(text(key, language));
    const uploads = detail.uploads
      .map((u) => {
        const flags = [
          u.current ? `<strong>✓ ${say('isCurrent')}</strong>` : '',
          u.afterLock ? `<span class="tag warning">🔒 ${say('afterLock')}</span>` : '',
        ]
          .filter(Boolean)
          .join(' ');
        const reviews = u.reviews
          .map(
            (r) =>
              `<li>${say(r.decision === 'accepted' ? 'acceptedBy' : 'returnedBy')} · ${escapeHtml(format.dateTime(r.at))} · ${escapeHtml(r.by)}${r.comment ? `: “${escapeHtml(r.comment)}”` : ''}</li>`,
          )
          .join('');
        return `<li class="upload" data-sha="${u.sha256}"><span class="tag ${u.verdict === 'accepted' ? 'ok' : 'error'}">${say(`result_${u.verdict}` as StringKey)}</span> ${escapeHtml(format.dateTime(u.submittedAt))} · ${escapeHtml(u.fileName ?? '')} ${flags}${reviews ? `<ul>${reviews}</ul>` : ''}${u.issues.length ? renderIssues(u.issues, language) : ''}</li>`;
      })
      .join('');
    const target = this.target();
    const actions = target
      ? `<form id="decision" class="decision"><p>${escapeHtml(target.fileName ?? '')} · ${escapeHtml(format.dateTime(target.submittedAt))}</p>
 <label for="comment">${say('commentLabel')}</label><textarea id="comment" rows="3"></textarea>
 <div class="row"><button type="button" data-do="accept">${say('accept')}</button><button type="button" class="secondary" data-do="return">${say('return')}</button></div>
 <p id="decision-message" role="status" class="note"></p></form>`
      : '';
    byId('detail').innerHTML =
      `<h3>${escapeHtml(detail.unit.code)} · ${escapeHtml(detail.unit.name?.[language] ?? '')} · ${escapeHtml(format.month(detail.period))}</h3>
<h3>${say('uploads')}</h3>${uploads ? `<ul class="uploads">${uploads}</ul>` : `<p>${say('noUploads')}</p>`}
${detail.figures ? `<h3>${say('figures')}</h3>${this.figureTable(detail.figures)}` : ''}${actions}`;
  }

  private figureTable(figures: Figures): string {
    const say = (key: StringKey) => escapeHtml(text(key, this.language));
    return `<table class="figures"><tbody>${this.headline(figures)
      .map(([key, value]) => `<tr><th scope="row">${say(key)}</th><td>${value}</td></tr>`)
      .join('')}</tbody></table>`;
  }

  private headline(figures: Figures): [StringKey, number][] {
    return [
      ['victims', figures.victimsIdentified],
      ['casesDetected', figures.cases.detected],
      ['casesInvestigated', figures.cases.investigated],
      ['casesProsecuted', figures.cases.prosecuted],
      ['casesConvicted', figures.cases.convicted],
      ['assisted', figures.personsAssisted],
      ['reached', figures.peopleReached],
    ];
  }

  private async decide(action: 'accept' | 'return'): Promise<void> {
    const detail = this.detail;
    const target = this.target();
    if (!detail || !target) return;
    const comment = byId<HTMLTextAreaElement>('comment').value;
    try {
      await this.post({
        action,
        period: detail.period,
        unit: detail.unit.code,
        sha256: target.sha256,
        comment,
      });
      await this.openCell(detail.unit.code, detail.period);
      byId('decision-message').textContent = text('decisionSaved', this.language);
    } catch (error) {
      if (error instanceof ApiError && document.getElementById('decision-message'))
        byId('decision-message').textContent = error.bilingual[this.language];
      else throw error;
    }
  }

  private async post(body: Record<string, string>): Promise<void> {
    await call('/review', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await this.load(byId<HTMLSelectElement>('scope').value);
  }

  /** Horizontal bars with the number written at the end: readable without colour. */
  private bars(rows: { label: string; value: number; shown: string }[], max: number, title: string): string {
    const height = 28;
    const labelWidth = 230;
    const barWidth = 300;
    const body = rows
      .map((row, index) => {
        const y = index * height;
        const width = max > 0 ? Math.max(1, Math.round((row.value / max) * barWidth)) : 1;
        return `<g><text x="0" y="${y + 18}" font-size="13">${escapeHtml(row.label)}</text><rect x="${labelWidth}" y="${y + 5}" width="${width}" height="18" fill="#0b4f8a"></rect><text x="${labelWidth + width + 6}" y="${y + 19}" font-size="13" font-weight="700">${escapeHtml(row.shown)}</text></g>`;
      })
      .join('');
    return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}: ${escapeHtml(rows.map((r) => `${r.label} ${r.shown}`).join('; '))}" viewBox="0 0 ${labelWidth + barWidth + 70} ${rows.length * height + 4}" width="100%" style="max-width:40rem">${body}</svg></figure>`;
  }

  private renderCharts(): void {
    const figures = this.figures;
    if (!figures || this.readOnly) return;
    const language = this.language;
    const headline = this.headline(figures).map(([key, value]) => ({
      label: text(key, language),
      value,
      shown: value.toLocaleString('en-US'),
    }));
    const goals = figures.goals.map((g) => ({
      label: `${g.code} ${g.title[language]}`.slice(0, 34),
      value: g.averagePercent ?? 0,
      shown: percent(g.averagePercent),
    }));
    const month = this.month ? formatters(language, ZONE).month(this.month) : '';
    byId('charts').innerHTML =
      this.bars(
        headline,
        Math.max(...headline.map((h) => h.value)),
        `${text('chartsTitle', language)} · ${month}`,
      ) + this.bars(goals, 100, `${text('progressByGoal', language)} · ${month}`);
  }

  private renderReminders(): void {
    const status = this.status;
    const month = this.month;
    if (!status || !month || this.readOnly) return;
    const language = this.language;
    const waiting = status.units.filter((u) =>
      ['missing', 'rejected', 'returned'].includes(u.periods[month]?.status ?? ''),
    );
    if (waiting.length === 0) {
      byId('reminders').innerHTML = `<p>${escapeHtml(text('allReported', language))}</p>`;
      return;
    }
    const due = status.byMonth.find((m) => m.period === month)?.dueAt;
    const lao = formatters('lo', ZONE);
    const reminder = [
      `ຮຽນ ຜູ້ປະສານງານຂອງ: ${waiting.map((u) => `${u.name.lo} (${u.unit})`).join(', ')}.`,
      `ກອງເລຂາຍັງບໍ່ທັນໄດ້ຮັບລາຍງານປະຈຳເດືອນ ${lao.month(month)}${due ? ` ເຊິ່ງຄົບກຳນົດສົ່ງວັນທີ ${lao.date(due)}` : ''}.`,
      'ກະລຸນາດາວໂຫຼດແບບຟອມ, ຕື່ມຂໍ້ມູນ ແລະ ສົ່ງຜ່ານປະຕູລາຍງານ Laingan ໂດຍໄວ. ຂໍຂອບໃຈ.',
      'ກອງເລຂາ ຄະນະກຳມະການແຫ່ງຊາດ ຕ້ານການຄ້າມະນຸດ',
    ].join('\n');
    byId('reminders').innerHTML = `<ul>${waiting
      .map(
        (u) =>
          `<li>${escapeHtml(u.unit)} · ${escapeHtml(u.name[language])} · ${escapeHtml(text(`status_${u.periods[month]?.status ?? 'missing'}` as StringKey, language))}</li>`,
      )
      .join('')}</ul>
<label for="reminder">${escapeHtml(text('reminderText', language))}</label>
<textarea id="reminder" rows="6" readonly lang="lo">${escapeHtml(reminder)}</textarea>
<div class="row"><button type="button" class="secondary" data-do="copy">${escapeHtml(text('copy', language))}</button><span id="copy-message" role="status"></span></div>`;
  }

  private async copyReminder(): Promise<void> {
    const area = byId<HTMLTextAreaElement>('reminder');
    area.select();
    try {
      await navigator.clipboard.writeText(area.value);
    } catch {
      document.execCommand('copy');
    }
    byId('copy-message').textContent = text('copied', this.language);
  }

  private async compile(): Promise<void> {
    const scope = byId<HTMLSelectElement>('scope').value;
    const response = await call(`/compile?${new URLSearchParams({ period: scope })}`, { method: 'POST' });
    const manifest = (await response.json()) as { version: string; created: boolean };
    byId('compile-message').textContent = text(manifest.created ? 'compiled' : 'unchanged', this.language, {
      version: manifest.version,
    });
    await this.renderVersions(scope);
  }

  private async renderVersions(scope: string): Promise<void> {
    const language = this.language;
    const say = (key: StringKey) => escapeHtml(text(key, language));
    const { versions } = await getJson<{ versions: { version: string; compiledAt: string }[] }>(
      `/download?${new URLSearchParams({ period: scope })}`,
    );
    const format = formatters(language, ZONE);
    byId('versions').innerHTML = `<h3>${say('versions')} · ${escapeHtml(scope)}</h3>${
      versions.length
        ? `<ul class="versions">${[...versions]
            .reverse()
            .map(
              (v) =>
                `<li data-version="${escapeHtml(v.version)}">${escapeHtml(v.version)} · ${escapeHtml(format.dateTime(v.compiledAt))} <button type="button" class="secondary" data-do="version" data-period="${escapeHtml(scope)}" data-version="${escapeHtml(v.version)}">${say('downloadWorkbook')}</button> <button type="button" class="secondary" data-do="version-pdf" data-period="${escapeHtml(scope)}" data-version="${escapeHtml(v.version)}">${say('downloadPdf')}</button></li>`,
            )
            .join('')}</ul>`
        : `<p>${say('noVersions')}</p>`
    }`;
    const months = monthsOf(scope);
    const lists = await Promise.all(
      months.map((month) =>
        getJson<{ files: { table: string; rows: number }[] }>(
          `/download?${new URLSearchParams({ partner: month })}`,
        ).then((answer) => ({ month, files: answer.files })),
      ),
    );
    const items = lists.flatMap(({ month, files }) =>
      files.map(
        (f) =>
          `<li>${escapeHtml(month)} · ${escapeHtml(f.table)} (${f.rows}) <button type="button" class="secondary" data-do="partner" data-period="${escapeHtml(month)}" data-table="${escapeHtml(f.table)}">${say('downloadWorkbook')}</button></li>`,
      ),
    );
    byId('partner').innerHTML = items.length ? `<ul>${items.join('')}</ul>` : `<p>${say('noVersions')}</p>`;
  }
}
