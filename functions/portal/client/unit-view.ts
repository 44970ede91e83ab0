/**
 * What a signed-in reporting unit sees: status, template, upload with check-only and submit,
 * the verdict grouped by sheet, and the history. Everything goes through `api.ts`.
 */
import {
  ApiError,
  type Bilingual,
  call,
  getJson,
  type IngestAnswer,
  type Issue,
  saveResponse,
  uploadReport,
} from './api.ts';
import { byId, escapeHtml, formatters, relabel, tagged } from './dom.ts';
import { type Language, type StringKey, text } from './strings.ts';

interface MonthStatus {
  period: string;
  dueAt: string;
  status: 'on_time' | 'late' | 'missing' | 'rejected' | 'returned' | 'nil';
  notYetDue: boolean;
  submittedAt: string | null;
  /** The Secretariat's reason when the month's report was returned. */
  comment?: string | null;
}
interface StatusAnswer {
  timeZone: string;
  templateFromLast: boolean;
  months: MonthStatus[];
}
interface HistoryUpload {
  period: string | null;
  sha256: string;
  submittedAt: string;
  fileName: string | null;
  verdict: 'accepted' | 'rejected' | 'unreadable';
  current: boolean;
  errors: number;
  warnings: number;
  afterLock?: boolean;
  review?: { decision: 'accepted' | 'returned'; comment: string | null; at: string } | null;
}
interface HistoryAnswer {
  timeZone: string;
  months: { period: string; uploads: HistoryUpload[] }[];
  unreadable: HistoryUpload[];
}

interface Verdict {
  answer: IngestAnswer;
  file: File;
}

/** The unit's part of the page; `onFailure` handles an ended session or an error message. */
export class UnitView {
  private status?: StatusAnswer;
  private history?: HistoryAnswer;
  private verdict?: Verdict;
  private file?: File;

  constructor(
    private readonly root: HTMLElement,
    private language: Language,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Builds the sections and loads the unit's data. */
  async open(): Promise<void> {
    const t = (key: StringKey) => tagged(key, this.language);
    this.root.innerHTML = `
<section aria-labelledby="status-title"><h2 id="status-title">${t('statusTitle')}</h2>
 <div id="status-body" class="scroll"><p>${t('loading')}</p></div></section>
<section aria-labelledby="template-title"><h2 id="template-title">${t('templateTitle')}</h2>
 <form id="template-form">
  <label for="template-month">${t('templateMonth')}</label>
  <select id="template-month" name="period"></select>
  <fieldset id="template-kind" hidden><legend>${t('templateKind')}</legend>
   <div><input type="radio" name="kind" id="kind-blank" value="blank" checked> <label for="kind-blank">${t('templateBlank')}</label></div>
   <div><input type="radio" name="kind" id="kind-last" value="last"> <label for="kind-last">${t('templateFromLast')}</label></div>
  </fieldset>
  <div class="row"><button type="submit" id="template-download">${t('download')}</button></div>
  <p id="template-message" class="alert bad" role="alert"></p>
 </form></section>
<section aria-labelledby="upload-title"><h2 id="upload-title">${t('uploadTitle')}</h2>
 <div id="drop" class="drop">
  <p>${t('dropHint')}</p>
  <input id="file" class="file-input" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
  <label for="file" class="file-button">${t('fileLabel')}</label>
  <p class="note">${t('chosenFile')}: <strong id="file-name">${t('noFile')}</strong></p>
 </div>
 <div class="row">
  <button type="button" id="check" class="secondary">${t('checkOnly')}</button>
  <button type="button" id="submit">${t('submit')}</button>
 </div>
 <div id="progress-box" hidden><label for="progress">${t('progress')}</label><br><progress id="progress" max="100" value="0"></progress></div>
 <p id="upload-message" class="alert bad" role="alert"></p>
 <p id="upload-busy" class="note" role="status"></p>
</section>
<section aria-labelledby="verdict-title"><h2 id="verdict-title" tabindex="-1">${t('verdictTitle')}</h2>
 <div id="verdict"><p class="note">${t('verdictNone')}</p></div></section>
<section aria-labelledby="history-title"><h2 id="history-title">${t('historyTitle')}</h2>
 <div id="history"><p>${t('loading')}</p></div></section>`;
    this.wire();
    await this.refresh();
  }

  /** Switches language and redraws the data parts. */
  setLanguage(language: Language): void {
    this.language = language;
    relabel(this.root, language);
    this.renderStatus();
    this.renderHistory();
    this.renderVerdict();
  }

  private async refresh(): Promise<void> {
    try {
      const [status, history] = await Promise.all([
        getJson<StatusAnswer>('/portal/api/status'),
        getJson<HistoryAnswer>('/portal/api/history'),
      ]);
      this.status = status;
      this.history = history;
      this.fillMonths();
      this.renderStatus();
      this.renderHistory();
    } catch (error) {
      this.onFailure(error);
    }
  }

  private say(id: string, message: Bilingual | string | null): void {
    const element = byId(id);
    element.textContent =
      message === null ? '' : typeof message === 'string' ? message : message[this.language];
  }

  private wire(): void {
    byId('template-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.downloadTemplate();
    });
    const input = byId<HTMLInputElement>('file');
    input.addEventListener('change', () => this.choose(input.files?.[0]));
    const drop = byId('drop');
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      this.choose(event.dataTransfer?.files[0]);
    });
    byId('check').addEventListener('click', () => void this.send(true));
    byId('submit').addEventListener('click', () => void this.send(false));
    this.root.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-annotated]');
      if (button) void this.downloadAnnotated(button.dataset.period ?? '', button.dataset.annotated ?? '');
    });
  }

  private choose(file: File | undefined): void {
    this.say('upload-message', null);
    if (file && !/\.xlsx$/i.test(file.name)) {
      this.file = undefined;
      this.say('upload-message', { lo: text('wrongType', 'lo'), en: text('wrongType', 'en') });
      return;
    }
    this.file = file;
    byId('file-name').textContent = file ? file.name : text('noFile', this.language);
  }

  private fillMonths(): void {
    const select = byId<HTMLSelectElement>('template-month');
    const chosen = select.value;
    const format = formatters(this.language, this.status?.timeZone ?? 'Asia/Vientiane');
    const months = this.status?.months ?? [];
    select.innerHTML = months
      .map((m) => `<option value="${m.period}">${escapeHtml(format.month(m.period))}</option>`)
      .join('');
    // Default: the month that just closed (the one being reported), not the one in progress.
    select.value = chosen || months[1]?.period || months[0]?.period || '';
    byId('template-kind').hidden = !this.status?.templateFromLast;
  }

  private async downloadTemplate(): Promise<void> {
    this.say('template-message', null);
    const period = byId<HTMLSelectElement>('template-month').value;
    const kind = (document.querySelector<HTMLInputElement>('input[name=kind]:checked')?.value ??
      'blank') as string;
    try {
      const query = new URLSearchParams({ period, ...(kind === 'last' ? { prefill: 'last' } : {}) });
      await saveResponse(await call(`/portal/api/template?${query}`), `laingan-${period}.xlsx`);
    } catch (error) {
      if (error instanceof ApiError) this.say('template-message', error.bilingual);
      else this.onFailure(error);
    }
  }

  private async send(dryRun: boolean): Promise<void> {
    this.say('upload-message', null);
    const file = this.file;
    if (!file) {
      this.say('upload-message', { lo: text('noFile', 'lo'), en: text('noFile', 'en') });
      byId('file').focus();
      return;
    }
    const buttons = [byId<HTMLButtonElement>('check'), byId<HTMLButtonElement>('submit')];
    const progress = byId<HTMLProgressElement>('progress');
    for (const button of buttons) button.disabled = true;
    byId('progress-box').hidden = false;
    progress.value = 0;
    byId('upload-busy').textContent = text('uploading', this.language);
    try {
      const answer = await uploadReport(file, dryRun, (fraction) => {
        progress.value = Math.round(fraction * 100);
      });
      progress.value = 100;
      this.verdict = { answer, file };
      this.renderVerdict();
      byId('verdict-title').focus();
      if (!dryRun) await this.refresh();
    } catch (error) {
      if (error instanceof ApiError) this.say('upload-message', error.bilingual);
      else this.onFailure(error);
    } finally {
      // The view may be gone (the session ended meanwhile): touch only what is still there.
      for (const button of buttons) button.disabled = false;
      const busy = document.getElementById('upload-busy');
      if (busy) busy.textContent = '';
      const box = document.getElementById('progress-box');
      if (box) box.hidden = true;
    }
  }

  private renderVerdict(): void {
    if (!this.verdict) return;
    const { answer } = this.verdict;
    const language = this.language;
    const dry = answer.dryRun === true;
    const key: StringKey =
      answer.verdict === 'unreadable'
        ? 'verdict_unreadable'
        : answer.accepted
          ? dry
            ? 'verdict_accepted_dry'
            : 'verdict_accepted'
          : dry
            ? 'verdict_rejected_dry'
            : 'verdict_rejected';
    const tone = answer.accepted ? 'ok' : 'bad';
    const errors = answer.issues.filter((i) => i.severity === 'error').length;
    const warnings = answer.issues.length - errors;
    const parts = [
      `<p class="alert ${tone}" id="verdict-summary">${escapeHtml(text(key, language))}</p>`,
      answer.duplicate ? `<p class="alert warn">${escapeHtml(text('duplicate', language))}</p>` : '',
      answer.notice
        ? `<p class="alert warn" id="verdict-notice">${escapeHtml(answer.notice[language])}</p>`
        : '',
      `<p id="verdict-counts">${escapeHtml(text('counts', language, { errors, warnings }))}</p>`,
      renderIssues(answer.issues, language),
    ];
    if (answer.issues.length > 0)
      parts.push(
        `<div class="row"><button type="button" class="secondary" data-annotated="${escapeHtml(answer.sha256 ?? '')}" data-period="${escapeHtml(answer.period ?? 'unreadable')}">${escapeHtml(text('annotated', language))}</button></div>`,
      );
    byId('verdict').innerHTML = parts.join('');
  }

  private async downloadAnnotated(period: string, sha256: string): Promise<void> {
    try {
      const response = sha256
        ? await call(`/portal/api/annotated?${new URLSearchParams({ period, sha256 })}`)
        : await this.annotateChecked();
      await saveResponse(response, 'annotated.xlsx');
    } catch (error) {
      if (error instanceof ApiError) this.say('upload-message', error.bilingual);
      else this.onFailure(error);
    }
  }

  /** A file that was only checked is not stored: it is sent again to be annotated. */
  private annotateChecked(): Promise<Response> {
    const form = new FormData();
    if (this.verdict) form.append('file', this.verdict.file, this.verdict.file.name);
    return call('/portal/api/annotate', { method: 'POST', body: form });
  }

  private renderStatus(): void {
    if (!this.status) return;
    const language = this.language;
    const format = formatters(language, this.status.timeZone);
    const rows = this.status.months.map((m) => {
      const key = (m.notYetDue ? 'status_pending' : `status_${m.status}`) as StringKey;
      const tone =
        m.status === 'on_time' || m.status === 'nil'
          ? 'ok'
          : m.notYetDue
            ? ''
            : m.status === 'late'
              ? 'warning'
              : 'error';
      const comment = m.comment ? `<br><span class="note">${escapeHtml(m.comment)}</span>` : '';
      return `<tr data-period="${m.period}"><th scope="row">${escapeHtml(format.month(m.period))}</th><td>${escapeHtml(format.date(m.dueAt))}</td><td><span class="tag ${tone}">${escapeHtml(text(key, language))}</span>${comment}</td></tr>`;
    });
    byId('status-body').innerHTML =
      `<table><thead><tr><th scope="col">${escapeHtml(text('month', language))}</th><th scope="col">${escapeHtml(text('dueBy', language))}</th><th scope="col">${escapeHtml(text('status', language))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    this.fillMonths();
  }

  private renderHistory(): void {
    if (!this.history) return;
    const language = this.language;
    const format = formatters(language, this.history.timeZone);
    const h = (key: StringKey) => `<th scope="col">${escapeHtml(text(key, language))}</th>`;
    const head = `<thead><tr>${h('time')}${h('file')}${h('result')}${h('currentColumn')}${h('comment')}${h('actions')}</tr></thead>`;
    const row = (u: HistoryUpload) => {
      const tone = u.verdict === 'accepted' ? 'ok' : 'error';
      const decided = u.review
        ? `<strong>${escapeHtml(text(u.review.decision === 'returned' ? 'returnedBy' : 'acceptedBy', language))}</strong>`
        : '';
      const comment = [decided, u.review?.comment ? escapeHtml(u.review.comment) : '']
        .filter(Boolean)
        .join(': ');
      const annotated =
        u.errors + u.warnings > 0
          ? `<button type="button" class="secondary" data-annotated="${u.sha256}" data-period="${escapeHtml(u.period ?? 'unreadable')}">${escapeHtml(text('annotated', language))}</button>`
          : '';
      const cell = (key: StringKey, html: string) =>
        `<td data-label="${escapeHtml(text(key, language))}">${html}</td>`;
      return `<tr data-sha="${u.sha256}">${cell('time', escapeHtml(format.dateTime(u.submittedAt)))}${cell('file', escapeHtml(u.fileName ?? ''))}${cell('result', `<span class="tag ${tone}">${escapeHtml(text(`result_${u.verdict}` as StringKey, language))}</span> ${escapeHtml(text('counts', language, { errors: u.errors, warnings: u.warnings }))}`)}${cell('currentColumn', u.current ? `<strong>✓ ${escapeHtml(text('isCurrent', language))}</strong>` : u.afterLock && !u.current ? `<span class="tag warning">🔒 ${escapeHtml(text('afterLock', language))}</span>` : '')}${cell('comment', comment)}${cell('actions', annotated)}</tr>`;
    };
    const table = (caption: string, uploads: HistoryUpload[]) =>
      `<div class="scroll"><table class="stack"><caption>${escapeHtml(caption)}</caption>${head}<tbody>${uploads.map(row).join('')}</tbody></table></div>`;
    const parts = this.history.months.map((m) => table(format.month(m.period), m.uploads));
    if (this.history.unreadable.length > 0)
      parts.push(table(text('unreadableMonth', language), this.history.unreadable));
    byId('history').innerHTML =
      parts.length > 0 ? parts.join('') : `<p>${escapeHtml(text('noHistory', language))}</p>`;
  }
}

/** Issues grouped by sheet in first-seen order, errors before warnings within each sheet. */
export function renderIssues(issues: readonly Issue[], language: Language): string {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const sheet = issue.sheet ?? '';
    groups.set(sheet, [...(groups.get(sheet) ?? []), issue]);
  }
  const rank = (issue: Issue) => (issue.severity === 'error' ? 0 : 1);
  return [...groups]
    .map(([sheet, list]) => {
      const heading = sheet ? `${text('sheet', language)}: ${sheet}` : text('wholeFile', language);
      const items = [...list]
        .sort((a, b) => rank(a) - rank(b))
        .map(
          (issue) =>
            `<li class="${issue.severity}"><span class="tag ${issue.severity}">${escapeHtml(text(`severity_${issue.severity}`, language))}</span>${issue.cell ? `<span class="cellref">${escapeHtml(text('cell', language))} ${escapeHtml(issue.cell)}</span> · ` : ''}${escapeHtml(issue.message[language])}</li>`,
        )
        .join('');
      return `<div class="sheet-issues" data-sheet="${escapeHtml(sheet)}"><h3>${escapeHtml(heading)}</h3><ul class="issues">${items}</ul></div>`;
    })
    .join('');
}
