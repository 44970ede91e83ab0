/**
 * Bilingual wording of every issue. Each message says what is wrong and what to type instead,
 * in Lao first and then English. Kept in one place so translators review one file.
 */
import type { Bilingual } from '../text/bilingual.ts';

type Message = Bilingual;
const quote = (text: string) => `"${text}"`;

/** Numbers as people read them: 213,800,000 (grouped in thousands, at most two decimals). */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
/** A typed value, grouped when it is a number. */
const shown = (typed: string) => {
  const number = Number(typed);
  return typed.trim() !== '' && Number.isFinite(number) ? formatNumber(number) : typed;
};

/** A reporting unit named for people: its name and its code, in each language. */
export interface UnitName {
  readonly code: string;
  readonly name: Bilingual;
}

/** How to save as .xlsx, in the menus of LibreOffice and of Excel. */
const SAVE_AS_XLSX: Bilingual = {
  lo: 'ໃນ LibreOffice: ເມນູ ໄຟລ໌ (File) > ບັນທຶກເປັນ (Save As...), ເລືອກປະເພດໄຟລ໌ "Excel 2007-365 (.xlsx)", ກົດ ບັນທຶກ ແລ້ວເລືອກ "Use Excel 2007-365!". ໃນ Excel: ໄຟລ໌ (File) > ບັນທຶກເປັນ (Save As) > Excel Workbook (.xlsx).',
  en: 'In LibreOffice: File > Save As..., choose the file type "Excel 2007-365 (.xlsx)", click Save, then "Use Excel 2007-365!". In Excel: File > Save As > Excel Workbook (.xlsx).',
};

export const messages = {
  fileEmpty: (): Message => ({
    lo: 'ໄຟລ໌ຫວ່າງເປົ່າ (0 byte). ກະລຸນາເປີດແບບຟອມທີ່ຕື່ມແລ້ວ, ບັນທຶກເປັນ .xlsx ແລ້ວສົ່ງຄືນໃໝ່.',
    en: 'The file is empty (0 bytes). Open your filled template, save it as .xlsx and upload it again.',
  }),
  fileNotXlsx: (what: string): Message => ({
    lo: `ໄຟລ໌ນີ້ບໍ່ແມ່ນ Excel .xlsx (${what}). ກະລຸນາເປີດໄຟລ໌ ແລ້ວບັນທຶກເປັນ .xlsx. ${SAVE_AS_XLSX.lo}`,
    en: `This file is not an Excel .xlsx workbook (${what}). Open it and save it as .xlsx. ${SAVE_AS_XLSX.en}`,
  }),
  fileOldXls: (): Message => ({
    lo: `ໄຟລ໌ນີ້ແມ່ນ Excel ແບບເກົ່າ (.xls, Excel 97-2003). ກະລຸນາບັນທຶກເປັນ .xlsx ແລ້ວສົ່ງໄຟລ໌ນັ້ນ. ${SAVE_AS_XLSX.lo}`,
    en: `This is an old-format Excel file (.xls, Excel 97-2003). Save it as .xlsx and upload that file. ${SAVE_AS_XLSX.en}`,
  }),
  fileEncrypted: (): Message => ({
    lo: 'ໄຟລ໌ນີ້ຖືກປ້ອງກັນດ້ວຍລະຫັດຜ່ານ. ກະລຸນາເອົາລະຫັດຜ່ານອອກ (File > Info > Protect Workbook > Encrypt with Password, ລຶບລະຫັດ), ບັນທຶກ ແລ້ວສົ່ງໃໝ່.',
    en: 'This file is protected with a password to open. Remove it (File > Info > Protect Workbook > Encrypt with Password, clear the password), save and upload again.',
  }),
  fileMacroEnabled: (): Message => ({
    lo: 'ໄຟລ໌ນີ້ມີ macro (VBA, .xlsm). ເພື່ອຄວາມປອດໄພ ລະບົບບໍ່ຮັບໄຟລ໌ທີ່ມີ macro. ກະລຸນາເປີດໃນ Excel ແລ້ວ "ບັນທຶກເປັນ" (Save As) > Excel Workbook (.xlsx) ແລ້ວສົ່ງໃໝ່.',
    en: 'This file contains macros (VBA, .xlsm). For safety, files with macros are not accepted. Open it in Excel, use Save As > Excel Workbook (.xlsx) and upload that file.',
  }),
  fileXlsb: (): Message => ({
    lo: 'ໄຟລ໌ນີ້ແມ່ນ Excel Binary (.xlsb). ກະລຸນາເປີດໃນ Excel ແລ້ວ "ບັນທຶກເປັນ" (Save As) > Excel Workbook (.xlsx) ແລ້ວສົ່ງໃໝ່.',
    en: 'This is an Excel Binary workbook (.xlsb). Open it in Excel, use Save As > Excel Workbook (.xlsx) and upload that file.',
  }),
  fileCorrupt: (detail: string): Message => ({
    lo: `ໄຟລ໌ເສຍຫາຍ ຫຼື ສົ່ງມາບໍ່ຄົບ (${detail}). ກະລຸນາເປີດໄຟລ໌ໃນ Excel ເພື່ອກວດເບິ່ງ, ບັນທຶກເປັນ .xlsx ແລ້ວສົ່ງໃໝ່.`,
    en: `The file is damaged or was not uploaded completely (${detail}). Open it in Excel to check, save it as .xlsx and upload again.`,
  }),
  fileTooLarge: (sizeMb: string, limitMb: string): Message => ({
    lo: `ໄຟລ໌ໃຫຍ່ເກີນໄປ (${sizeMb} MB ເມື່ອແຕກອອກ; ສູງສຸດ ${limitMb} MB). ກະລຸນາລຶບຮູບພາບ ຫຼື ແຜ່ນງານທີ່ບໍ່ກ່ຽວຂ້ອງອອກ ແລ້ວສົ່ງໃໝ່.`,
    en: `The file is too large (${sizeMb} MB unpacked; the limit is ${limitMb} MB). Remove pictures or unrelated sheets and upload again.`,
  }),
  fileTooManyRows: (sheet: string, rows: number, limit: number): Message => ({
    lo: `ແຜ່ນງານ ${quote(sheet)} ມີຂໍ້ມູນຫຼາຍກວ່າ ${formatNumber(rows)} ແຖວ; ແບບຟອມຮັບໄດ້ສູງສຸດ ${formatNumber(limit)} ແຖວ. ກະລຸນາລຶບແຖວທີ່ບໍ່ແມ່ນຂໍ້ມູນຂອງເດືອນນີ້ ຫຼື ແບ່ງເປັນຫຼາຍໄຟລ໌.`,
    en: `Sheet ${quote(sheet)} has more than ${formatNumber(rows)} rows of data; the template takes at most ${formatNumber(limit)}. Delete rows that are not this month's data, or split the report.`,
  }),
  templateUnknown: (found: string): Message => ({
    lo: `ໄຟລ໌ນີ້ບໍ່ແມ່ນແບບຟອມລາຍງານປະຈຳເດືອນຂອງ Laingan (${found}). ກະລຸນາດາວໂຫຼດແບບຟອມຂອງຫົວໜ່ວຍທ່ານ, ຕື່ມຂໍ້ມູນໃສ່ ແລ້ວສົ່ງໄຟລ໌ນັ້ນ.`,
    en: `This file is not a Laingan monthly report template (${found}). Download your unit's template, fill it in and upload that file.`,
  }),
  templateVersion: (found: string, supported: string): Message => ({
    lo: `ແບບຟອມສະບັບ ${quote(found)} ບໍ່ຮອງຮັບແລ້ວ (ຮອງຮັບ: ${supported}). ກະລຸນາດາວໂຫຼດແບບຟອມສະບັບໃໝ່ ແລະ ສຳເນົາຂໍ້ມູນໃສ່.`,
    en: `Template version ${quote(found)} is not supported (supported: ${supported}). Download the current template and copy your figures into it.`,
  }),
  metaMissing: (key: string): Message => ({
    lo: `ແຜ່ນງານ _meta ຂາດ ${quote(key)}. ກະລຸນາໃຊ້ແບບຟອມທີ່ດາວໂຫຼດມາ ໂດຍບໍ່ແກ້ໄຂແຜ່ນງານທີ່ເຊື່ອງໄວ້.`,
    en: `The _meta sheet lacks ${quote(key)}. Use the downloaded template without editing its hidden sheets.`,
  }),
  sheetMissing: (sheet: string): Message => ({
    lo: `ບໍ່ພົບແຜ່ນງານ ${quote(sheet)}. ກະລຸນາໃຊ້ແບບຟອມທີ່ດາວໂຫຼດມາ ແລະ ຢ່າລຶບ ຫຼື ປ່ຽນຊື່ແຜ່ນງານ.`,
    en: `Sheet ${quote(sheet)} is missing. Use the downloaded template and do not delete or rename its sheets.`,
  }),
  sheetRenamed: (expected: string, found: string): Message => ({
    lo: `ແຜ່ນງານ ${quote(found)} ເບິ່ງຄືແມ່ນ ${quote(expected)} ທີ່ຖືກປ່ຽນຊື່. ກະລຸນາປ່ຽນຊື່ຄືນເປັນ ${quote(expected)}.`,
    en: `Sheet ${quote(found)} looks like ${quote(expected)} renamed. Rename it back to ${quote(expected)}.`,
  }),
  sheetNotExpected: (sheet: string): Message => ({
    lo: `ຫົວໜ່ວຍຂອງທ່ານບໍ່ໄດ້ລາຍງານພາກ ${quote(sheet)}; ຂໍ້ມູນໃນແຜ່ນງານນີ້ຈະບໍ່ຖືກນຳໃຊ້. ກະລຸນາກວດວ່າໃຊ້ແບບຟອມຂອງຫົວໜ່ວຍທ່ານ.`,
    en: `Your unit does not report the ${quote(sheet)} section; data in this sheet is ignored. Check that you used your own unit's template.`,
  }),
  columnMissing: (sheet: string, label: Bilingual, key: string): Message => ({
    lo: `ແຜ່ນງານ ${quote(sheet)} ຂາດຖັນ ${quote(label.lo)} (ລະຫັດ ${key} ໃນແຖວ 1 ທີ່ເຊື່ອງໄວ້). ກະລຸນາຢ່າລຶບຖັນຂອງແບບຟອມ.`,
    en: `Sheet ${quote(sheet)} lacks the column ${quote(label.en)} (key ${key} in hidden row 1). Do not delete template columns.`,
  }),
  coverUnitMismatch: (cover: UnitName, meta: UnitName): Message => ({
    lo: `ໜ້າປົກບອກຫົວໜ່ວຍ ${quote(`${cover.name.lo} (${cover.code})`)} ແຕ່ແບບຟອມນີ້ແມ່ນຂອງ ${quote(`${meta.name.lo} (${meta.code})`)}. ກະລຸນາເລືອກ ${quote(`${meta.name.lo} / ${meta.name.en}`)} ຈາກລາຍການ ຫຼື ໃຊ້ແບບຟອມຂອງຫົວໜ່ວຍທ່ານ.`,
    en: `The cover names ${quote(`${cover.name.en} (${cover.code})`)} but this template was made for ${quote(`${meta.name.en} (${meta.code})`)}. Pick ${quote(`${meta.name.lo} / ${meta.name.en}`)} in the list, or use your own unit's template.`,
  }),
  coverPeriodMismatch: (cover: string, meta: string): Message => ({
    lo: `ເດືອນລາຍງານໃນໜ້າປົກ ${quote(cover)} ບໍ່ກົງກັບເດືອນຂອງແບບຟອມ ${quote(meta)}. ກະລຸນາພິມ ${meta} ຫຼື ດາວໂຫຼດແບບຟອມຂອງເດືອນ ${cover}.`,
    en: `The cover's reporting month ${quote(cover)} does not match the template's month ${quote(meta)}. Type ${meta}, or download the template for ${cover}.`,
  }),
  required: (label: Bilingual): Message => ({
    lo: `${quote(label.lo)} ຕ້ອງຕື່ມ. ກະລຸນາໃສ່ຄ່າໃນຫ້ອງນີ້.`,
    en: `${quote(label.en)} is required. Enter a value in this cell.`,
  }),
  notANumber: (label: Bilingual, typed: string, example: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນຕົວເລກ. ກະລຸນາພິມແຕ່ຕົວເລກ, ເຊັ່ນ ${example}.`,
    en: `${quote(label.en)}: ${quote(typed)} is not a number. Type digits only, e.g. ${example}.`,
  }),
  notADate: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນວັນທີ. ກະລຸນາພິມ ວັນ/ເດືອນ/ປີ, ເຊັ່ນ 28/07/2025.`,
    en: `${quote(label.en)}: ${quote(typed)} is not a date. Type day/month/year, e.g. 28/07/2025.`,
  }),
  notAPeriod: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນເດືອນ. ກະລຸນາພິມ ປີ-ເດືອນ, ເຊັ່ນ 2025-06.`,
    en: `${quote(label.en)}: ${quote(typed)} is not a month. Type year-month, e.g. 2025-06.`,
  }),
  notAnEmail: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນອີເມວ. ກະລຸນາພິມເຊັ່ນ name@example.gov.la.`,
    en: `${quote(label.en)}: ${quote(typed)} is not an email address. Type e.g. name@example.gov.la.`,
  }),
  notAPhone: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນເບີໂທ. ກະລຸນາພິມຕົວເລກ 8 ຫາ 15 ໂຕ, ເຊັ່ນ 020 5555 1234.`,
    en: `${quote(label.en)}: ${quote(typed)} is not a phone number. Type 8 to 15 digits, e.g. 020 5555 1234.`,
  }),
  notText: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນຂໍ້ຄວາມ. ກະລຸນາພິມເປັນຂໍ້ຄວາມ.`,
    en: `${quote(label.en)}: ${quote(typed)} is not text. Type it as text.`,
  }),
  notAChoice: (label: Bilingual, typed: string, examples: Bilingual): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ມີໃນລາຍການ. ກະລຸນາເລືອກຈາກລາຍການ, ເຊັ່ນ ${examples.lo}.`,
    en: `${quote(label.en)}: ${quote(typed)} is not in the list. Pick one from the list, e.g. ${examples.en}.`,
  }),
  notWhole: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${shown(typed)} ມີຈຸດທົດສະນິຍົມ. ກະລຸນາພິມຕົວເລກຖ້ວນ, ເຊັ່ນ ${formatNumber(Math.round(Number(typed)) || 0)}.`,
    en: `${quote(label.en)}: ${shown(typed)} is not a whole number. Type a whole number, e.g. ${formatNumber(Math.round(Number(typed)) || 0)}.`,
  }),
  negative: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${shown(typed)} ຕິດລົບ. ກະລຸນາພິມ 0 ຫຼື ຫຼາຍກວ່າ.`,
    en: `${quote(label.en)}: ${shown(typed)} is negative. Type 0 or more.`,
  }),
  outOfRange: (
    label: Bilingual,
    typed: string,
    min: number | undefined,
    max: number | undefined,
  ): Message => ({
    lo: `${quote(label.lo)}: ${shown(typed)} ຢູ່ນອກຂອບເຂດ. ກະລຸນາພິມຕົວເລກ ${min === undefined ? '' : formatNumber(min)} ຫາ ${max === undefined ? '' : formatNumber(max)}.`,
    en: `${quote(label.en)}: ${shown(typed)} is out of range. Type a number from ${min === undefined ? '' : formatNumber(min)} to ${max === undefined ? '' : formatNumber(max)}.`,
  }),
  formulaError: (label: Bilingual, error: string): Message => ({
    lo: `${quote(label.lo)}: ສູດຄິດໄລ່ໃຫ້ຜົນຜິດພາດ ${error}. ກະລຸນາແກ້ສູດ ຫຼື ພິມຕົວເລກແທນ.`,
    en: `${quote(label.en)}: the formula gives the error ${error}. Fix the formula or type the figure instead.`,
  }),
  legacyFont: (label: Bilingual, typed: string): Message => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ມີຕົວອັກສອນລາວ Unicode; ອາດພິມດ້ວຍຟອນເກົ່າ (ເຊັ່ນ Saysettha Lao). ກະລຸນາພິມຄືນໃໝ່ດ້ວຍຟອນ Phetsarath OT.`,
    en: `${quote(label.en)}: ${quote(typed)} has no Unicode Lao letters; it may be typed in a legacy font (e.g. Saysettha Lao). Retype it in Phetsarath OT.`,
  }),
  sumMismatch: (
    total: Bilingual,
    totalValue: number,
    sum: number,
    breakdown: Bilingual | undefined,
    parts: Bilingual,
    unknown: { label: Bilingual; cell: string | null } | undefined,
  ): Message => {
    const by = breakdown ? { lo: ` ຕາມ${breakdown.lo}`, en: ` by ${breakdown.en}` } : { lo: '', en: '' };
    const gap = totalValue - sum;
    const [t, n, g, over] = [totalValue, sum, gap, -gap].map(formatNumber);
    const where = unknown?.cell ? ` (${unknown.cell})` : '';
    if (gap > 0 && unknown)
      return {
        lo: `${quote(total.lo)} ແມ່ນ ${t} ແຕ່ຖັນແຍກ${by.lo} ລວມກັນໄດ້ ${n} (${parts.lo}), ຂາດ ${g}. ຖ້າບໍ່ຮູ້${by.lo}ຂອງ ${g} ຄົນ, ໃຫ້ພິມ ${g} ໃສ່ຖັນ ${quote(unknown.label.lo)}${where}.`,
        en: `${quote(total.en)} is ${t} but the columns${by.en} add up to ${n} (${parts.en}), ${g} short. If this is not known for ${g} of them, type ${g} in ${quote(unknown.label.en)}${where}.`,
      };
    if (gap > 0)
      return {
        lo: `${quote(total.lo)} ແມ່ນ ${t} ແຕ່ຖັນແຍກ${by.lo} ລວມກັນໄດ້ ${n} (${parts.lo}), ຂາດ ${g}. ກະລຸນາຕື່ມຖັນແຍກໃຫ້ຄົບ.`,
        en: `${quote(total.en)} is ${t} but the columns${by.en} add up to ${n} (${parts.en}), ${g} short. Complete the breakdown.`,
      };
    return {
      lo: `ຖັນແຍກ${by.lo} ລວມກັນໄດ້ ${n} (${parts.lo}), ຫຼາຍກວ່າ ${quote(total.lo)} ${t} ຢູ່ ${over}. ກະລຸນາກວດຖັນແຍກ ແລະ ຍອດລວມ: ຄົນໜຶ່ງນັບໄດ້ເທື່ອດຽວໃນແຕ່ລະກຸ່ມ.`,
      en: `The columns${by.en} add up to ${n} (${parts.en}), ${over} more than ${quote(total.en)} ${t}. Check the breakdown and the total: each person counts once in each breakdown.`,
    };
  },
  aboveLimit: (field: Bilingual, value: number, limit: Bilingual, limitValue: number): Message => ({
    lo: `${quote(field.lo)} (${formatNumber(value)}) ຫຼາຍກວ່າ ${quote(limit.lo)} (${formatNumber(limitValue)}). ກະລຸນາກວດຄືນຕົວເລກ.`,
    en: `${quote(field.en)} (${formatNumber(value)}) is more than ${quote(limit.en)} (${formatNumber(limitValue)}). Check both figures.`,
  }),
  completedNot100: (percent: number): Message => ({
    lo: `ສະຖານະ "ສຳເລັດແລ້ວ" ຕ້ອງມີ 100% ແຕ່ພົບ ${percent}. ກະລຸນາພິມ 100 ຫຼື ປ່ຽນສະຖານະເປັນ "ກຳລັງດຳເນີນ".`,
    en: `Status "Completed" needs 100 percent but this row has ${percent}. Type 100, or change the status to "In progress".`,
  }),
  hundredNotCompleted: (): Message => ({
    lo: 'ສຳເລັດ 100% ແຕ່ສະຖານະບໍ່ແມ່ນ "ສຳເລັດແລ້ວ". ຖ້າກິດຈະກຳສຳເລັດແລ້ວ ກະລຸນາເລືອກ "ສຳເລັດແລ້ວ".',
    en: '100 percent complete but the status is not "Completed". If the activity is finished, pick "Completed".',
  }),
  requiredWhen: (field: Bilingual, when: Bilingual): Message => ({
    lo: `${quote(field.lo)} ຕ້ອງຕື່ມ ເມື່ອເລືອກ ${quote(when.lo)}. ກະລຸນາເລືອກຈາກລາຍການ.`,
    en: `${quote(field.en)} is required for ${quote(when.en)}. Pick one from the list.`,
  }),
  dateOutsidePeriod: (label: Bilingual, date: string, period: string): Message => ({
    lo: `${quote(label.lo)} ${date} ບໍ່ຢູ່ໃນເດືອນລາຍງານ ${period}. ກະລຸນາກວດວັນທີ ຫຼື ລາຍງານໃນເດືອນທີ່ຖືກຕ້ອງ.`,
    en: `${quote(label.en)} ${date} is outside the reporting month ${period}. Check the date, or report it in its own month.`,
  }),
  activityNotYours: (code: string, unit: UnitName): Message => ({
    lo: `ກິດຈະກຳ ${code} ບໍ່ແມ່ນຄວາມຮັບຜິດຊອບຂອງ ${unit.name.lo} (${unit.code}). ກະລຸນາລຶບແຖວນີ້ ຫຼື ໃຊ້ລະຫັດກິດຈະກຳທີ່ຕື່ມໄວ້ໃນແບບຟອມ.`,
    en: `Activity ${code} is not one of the activities of ${unit.name.en} (${unit.code}). Delete this row or use an activity code pre-filled in your template.`,
  }),
  activityUnknown: (code: string, nearest: readonly string[]): Message => ({
    lo: `ບໍ່ມີກິດຈະກຳລະຫັດ ${quote(code)} ໃນແຜນງານ. ${nearest.length ? `ລະຫັດທີ່ໃກ້ຄຽງໃນລາຍການຂອງທ່ານ: ${nearest.join(', ')}.` : 'ກະລຸນາໃຊ້ລະຫັດທີ່ຕື່ມໄວ້ໃນແບບຟອມ.'}`,
    en: `There is no activity ${quote(code)} in the plan. ${nearest.length ? `The nearest codes in your list: ${nearest.join(', ')}.` : 'Use a code pre-filled in your template.'}`,
  }),
  activityRowInserted: (): Message => ({
    lo: 'ແຖວນີ້ບໍ່ມີລະຫັດກິດຈະກຳ: ແຜ່ນງານນີ້ມີແຕ່ກິດຈະກຳຂອງຫົວໜ່ວຍທ່ານຕາມແຜນງານ, ຢ່າເພີ່ມແຖວ. ວຽກອື່ນທີ່ບໍ່ມີໃນລາຍການ ໃຫ້ຂຽນໃສ່ຖັນ "ຜົນໄດ້ຮັບໃນເດືອນນີ້" ຂອງກິດຈະກຳທີ່ໃກ້ຄຽງທີ່ສຸດ, ຫຼື ຂໍໃຫ້ກອງເລຂາເພີ່ມກິດຈະກຳເຂົ້າໃນແຜນ. ຈາກນັ້ນລຶບແຖວນີ້.',
    en: 'This row has no activity code: this sheet lists your unit\'s activities from the plan, and rows cannot be added. Write other work under "Outputs this period" of the closest activity, or ask the Secretariat to add the activity to the plan; then delete this row.',
  }),
  duplicate: (label: Bilingual, value: string, firstCell: string): Message => ({
    lo: `${quote(label.lo)} ${quote(value)} ຊ້ຳກັບແຖວ ${firstCell}. ກະລຸນາລວມເປັນແຖວດຽວ.`,
    en: `${quote(label.en)} ${quote(value)} repeats ${firstCell}. Merge the two rows into one.`,
  }),
  activityNotReported: (code: string): Message => ({
    lo: `ກິດຈະກຳ ${code} ບໍ່ມີສະຖານະຂອງເດືອນນີ້. ກະລຸນາເລືອກສະຖານະ (ເຊັ່ນ "ຍັງບໍ່ທັນເລີ່ມ").`,
    en: `Activity ${code} has no status this month. Pick a status (e.g. "Not started").`,
  }),
  provinceNotYours: (province: string, own: string): Message => ({
    lo: `ແຂວງ ${quote(province)} ບໍ່ແມ່ນແຂວງຂອງທ່ານ (${own}). ຄະນະກຳມະການແຂວງລາຍງານສະເພາະແຂວງຂອງຕົນ; ກະລຸນາເລືອກ ${own}.`,
    en: `Province ${quote(province)} is not yours (${own}). A provincial committee reports its own province only; pick ${own}.`,
  }),
  tooManyRows: (sheet: string, limit: number): Message => ({
    lo: `ແຜ່ນງານ ${quote(sheet)} ມີຂໍ້ມູນເກີນ ${formatNumber(limit)} ແຖວ. ກະລຸນາແບ່ງເປັນຫຼາຍໄຟລ໌ ຫຼື ລວມແຖວທີ່ຊ້ຳກັນ.`,
    en: `Sheet ${quote(sheet)} has more than ${formatNumber(limit)} data rows. Split the report or merge repeated rows.`,
  }),
  percentFraction: (label: Bilingual, value: number): Message => {
    const percent = Math.round(value * 100 * 1e6) / 1e6;
    return {
      lo: `${quote(label.lo)}: ${value} ແມ່ນນ້ອຍກວ່າ 1 %. ໝາຍເຖິງ ${percent} % ບໍ? ຖ້າແມ່ນ ກະລຸນາພິມ ${percent} ຫຼື ${percent}%.`,
      en: `${quote(label.en)}: ${value} is less than 1 percent. Did you mean ${percent} %? If so, type ${percent} or ${percent}%.`,
    };
  },
  /** `markCell`: where the cover's nil mark is, as a reference (`'ໜ້າປົກ Cover'!C12`). */
  sectionEmpty: (
    sheet: string,
    title: Bilingual,
    markLabel: Bilingual | undefined,
    markCell: string | null,
  ): Message =>
    markLabel
      ? {
          lo: `ແຜ່ນງານ ${quote(sheet)} (${title.lo}) ຫວ່າງເປົ່າ. ຖ້າເດືອນນີ້ບໍ່ມີຫຍັງລາຍງານ, ໃຫ້ເລືອກ "ບໍ່ມີຫຍັງລາຍງານເດືອນນີ້" ໃນຫ້ອງ ${markCell ?? ''} ຂອງໜ້າປົກ (${quote(markLabel.lo)}); ຖ້າມີ, ກະລຸນາຕື່ມຂໍ້ມູນ.`,
          en: `Sheet ${quote(sheet)} (${title.en}) is empty. If there was nothing to report this month, pick "Nothing to report this month" in cell ${markCell ?? ''} of the cover (${quote(markLabel.en)}); otherwise fill in the sheet.`,
        }
      : {
          lo: `ແຜ່ນງານ ${quote(sheet)} (${title.lo}) ຫວ່າງເປົ່າ ແລະ ແບບຟອມສະບັບນີ້ບໍ່ມີບ່ອນໝາຍ "ບໍ່ມີຫຍັງລາຍງານ". ກະລຸນາຕື່ມຂໍ້ມູນ ຫຼື ດາວໂຫຼດແບບຟອມສະບັບໃໝ່ ແລ້ວເລືອກ "ບໍ່ມີຫຍັງລາຍງານເດືອນນີ້" ໃນໜ້າປົກ.`,
          en: `Sheet ${quote(sheet)} (${title.en}) is empty, and this template version has no "nothing to report" mark. Fill in the sheet, or download the current template and pick "Nothing to report this month" on its Cover.`,
        },
  sectionNilWithRows: (sheet: string, title: Bilingual, rows: number): Message => ({
    lo: `ໜ້າປົກໝາຍວ່າ ${quote(title.lo)} ບໍ່ມີຫຍັງລາຍງານ ແຕ່ແຜ່ນງານ ${quote(sheet)} ມີ ${rows} ແຖວ. ກະລຸນາລຶບເຄື່ອງໝາຍໃນໜ້າປົກ ຫຼື ລຶບແຖວເຫຼົ່ານັ້ນ.`,
    en: `The Cover marks ${quote(title.en)} as nothing to report, but sheet ${quote(sheet)} has ${rows} rows. Clear the mark on the Cover, or delete those rows.`,
  }),
  assistedPersonsMissing: (sheet: string, rowLabel: Bilingual): Message => ({
    lo: `ແຜ່ນງານ ${quote(sheet)} ມີແຖວການບໍລິການ ແຕ່ບໍ່ມີແຖວ ${quote(rowLabel.lo)}. ກະລຸນາເພີ່ມແຖວນັ້ນ ໂດຍນັບແຕ່ລະຄົນເທື່ອດຽວ ບໍ່ວ່າຈະໄດ້ຮັບການບໍລິການຈັກຢ່າງ.`,
    en: `Sheet ${quote(sheet)} has service rows but no ${quote(rowLabel.en)} row. Add that row, counting each person once however many services they received.`,
  }),
};
