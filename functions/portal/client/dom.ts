/** Tiny DOM helpers: escaping and element lookup, so the page needs no framework. */
import { type Language, type StringKey, text } from './strings.ts';

export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A text tagged with its key, so a language switch can redo it in place. */
export function tagged(key: StringKey, language: Language): string {
  return `<span data-t="${key}">${escapeHtml(text(key, language))}</span>`;
}

/** Re-labels every tagged text for a language. */
export function relabel(root: ParentNode, language: Language): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-t]'))
    element.textContent = text(element.dataset.t as StringKey, language);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

const MONTH_NAMES: Record<Language, readonly string[]> = {
  // Written out: browsers' built-in Lao month names are often missing ("M07").
  lo: ['ມັງກອນ', 'ກຸມພາ', 'ມີນາ', 'ເມສາ', 'ພຶດສະພາ', 'ມິຖຸນາ', 'ກໍລະກົດ', 'ສິງຫາ', 'ກັນຍາ', 'ຕຸລາ', 'ພະຈິກ', 'ທັນວາ'],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** Dates and months as people read them, in the reporting time zone. */
export function formatters(language: Language, timeZone: string) {
  const numeric = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = (iso: string) => {
    const found = Object.fromEntries(numeric.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    const monthName = MONTH_NAMES[language][Number(found.month) - 1] ?? found.month;
    return { date: `${Number(found.day)} ${monthName} ${found.year}`, time: `${found.hour}:${found.minute}` };
  };
  return {
    dateTime: (iso: string) => {
      const { date, time } = parts(iso);
      return `${date}, ${time}`;
    },
    date: (iso: string) => parts(iso).date,
    time: (iso: string) => parts(iso).time,
    month: (period: string) => {
      const [year, month] = period.split('-');
      return `${MONTH_NAMES[language][Number(month) - 1]} ${year}`;
    },
  };
}
