/**
 * Every text on the portal page, Lao first. Plain data with no DOM, so the server renders
 * the first page in Lao from it and the browser switches language from the same table.
 */
export type Language = 'lo' | 'en';

export const STRINGS = {
  skip: { lo: 'ຂ້າມໄປເນື້ອໃນ', en: 'Skip to content' },
  appTitle: { lo: 'ລາຍງານ', en: 'Laingan' },
  tagline: {
    lo: 'ລາຍງານປະຈຳເດືອນ ແຜນດຳເນີນງານແຫ່ງຊາດ ຕ້ານການຄ້າມະນຸດ ໄລຍະ III (2021-2025)',
    en: 'Monthly reports, National Plan of Action against Trafficking in Persons, Phase III (2021-2025)',
  },
  switchLanguage: { lo: 'English', en: 'ພາສາລາວ' },
  switchLanguageLabel: { lo: 'Switch to English', en: 'ປ່ຽນເປັນພາສາລາວ' },
  signInTitle: { lo: 'ເຂົ້າສູ່ລະບົບ', en: 'Sign in' },
  signInHelp: {
    lo: 'ວາງລະຫັດເຂົ້າໃຊ້ທີ່ກອງເລຂາມອບໃຫ້ຫົວໜ່ວຍຂອງທ່ານ. ລະຫັດນີ້ໃຊ້ຄັ້ງດຽວເພື່ອເປີດການເຂົ້າໃຊ້ທີ່ໝົດອາຍຸເອງ; ເບົາເຊີບໍ່ເກັບລະຫັດນີ້ໄວ້.',
    en: 'Paste the access token the Secretariat gave your unit. It is used once to open a session that ends by itself; the browser does not keep the token.',
  },
  tokenLabel: { lo: 'ລະຫັດເຂົ້າໃຊ້ຂອງຫົວໜ່ວຍ', en: "Your unit's access token" },
  signIn: { lo: 'ເຂົ້າສູ່ລະບົບ', en: 'Sign in' },
  signingIn: { lo: 'ກຳລັງເຂົ້າສູ່ລະບົບ…', en: 'Signing in…' },
  signOut: { lo: 'ອອກຈາກລະບົບ', en: 'Sign out' },
  signedInAs: { lo: 'ເຂົ້າລະບົບເປັນ', en: 'Signed in as' },
  sessionEnds: { lo: 'ໝົດເວລາເຂົ້າໃຊ້', en: 'session ends' },
  sessionExpired: {
    lo: 'ໝົດເວລາເຂົ້າໃຊ້ແລ້ວ. ກະລຸນາເຂົ້າສູ່ລະບົບໃໝ່.',
    en: 'Your session has ended. Please sign in again.',
  },
  emptyToken: { lo: 'ກະລຸນາວາງລະຫັດເຂົ້າໃຊ້ກ່ອນ.', en: 'Paste your access token first.' },
  statusTitle: { lo: 'ສະຖານະການລາຍງານ', en: 'Reporting status' },
  month: { lo: 'ເດືອນ', en: 'Month' },
  dueBy: { lo: 'ກຳນົດສົ່ງ', en: 'Due by' },
  status: { lo: 'ສະຖານະ', en: 'Status' },
  status_on_time: { lo: 'ສົ່ງທັນເວລາ', en: 'On time' },
  status_late: { lo: 'ສົ່ງຊ້າ', en: 'Late' },
  status_missing: { lo: 'ຍັງບໍ່ໄດ້ສົ່ງ', en: 'Missing' },
  status_rejected: { lo: 'ບໍ່ຜ່ານ, ຕ້ອງແກ້ໄຂ', en: 'Not accepted, to fix' },
  status_returned: { lo: 'ສົ່ງຄືນໃຫ້ແກ້ໄຂ', en: 'Returned for correction' },
  status_nil: { lo: 'ລາຍງານວ່າບໍ່ມີກິດຈະກຳ', en: 'Nil report' },
  status_pending: { lo: 'ຍັງບໍ່ຮອດກຳນົດ', en: 'Not yet due' },
  templateTitle: { lo: 'ດາວໂຫຼດແບບຟອມ', en: 'Download the template' },
  templateMonth: { lo: 'ເດືອນທີ່ລາຍງານ', en: 'Reporting month' },
  templateKind: { lo: 'ແບບຟອມ', en: 'Template' },
  templateBlank: { lo: 'ແບບຟອມເປົ່າ', en: 'Blank' },
  templateFromLast: {
    lo: 'ຕື່ມຂໍ້ມູນຈາກລາຍງານທີ່ຮັບຄັ້ງຫຼ້າສຸດ',
    en: 'Prefilled from your last accepted report',
  },
  download: { lo: 'ດາວໂຫຼດແບບຟອມ', en: 'Download template' },
  uploadTitle: { lo: 'ສົ່ງລາຍງານ', en: 'Upload a report' },
  dropHint: { lo: 'ລາກໄຟລ໌ .xlsx ມາວາງບ່ອນນີ້, ຫຼື ເລືອກໄຟລ໌:', en: 'Drag an .xlsx file here, or choose one:' },
  fileLabel: { lo: 'ເລືອກໄຟລ໌ລາຍງານ (.xlsx)', en: 'Choose the report file (.xlsx)' },
  chosenFile: { lo: 'ໄຟລ໌ທີ່ເລືອກ', en: 'Chosen file' },
  noFile: { lo: 'ຍັງບໍ່ໄດ້ເລືອກໄຟລ໌', en: 'No file chosen' },
  wrongType: { lo: 'ກະລຸນາເລືອກໄຟລ໌ .xlsx', en: 'Choose an .xlsx file.' },
  checkOnly: { lo: 'ກວດເທົ່ານັ້ນ (ບໍ່ສົ່ງ)', en: 'Check only (not submitted)' },
  submit: { lo: 'ສົ່ງລາຍງານ', en: 'Submit' },
  progress: { lo: 'ຄວາມຄືບໜ້າການອັບໂຫຼດ', en: 'Upload progress' },
  uploading: { lo: 'ກຳລັງອັບໂຫຼດ ແລະ ກວດ…', en: 'Uploading and checking…' },
  verdictTitle: { lo: 'ຜົນການກວດ', en: 'Result' },
  verdictNone: {
    lo: 'ເລືອກໄຟລ໌ ແລ້ວກົດ "ກວດເທົ່ານັ້ນ" ຫຼື "ສົ່ງລາຍງານ".',
    en: 'Choose a file, then press "Check only" or "Submit".',
  },
  verdict_accepted: {
    lo: 'ຮັບແລ້ວ: ລາຍງານຖືກຕ້ອງ ແລະ ຖືກບັນທຶກແລ້ວ.',
    en: 'Accepted: the report is valid and recorded.',
  },
  verdict_accepted_dry: {
    lo: 'ຖືກຕ້ອງ (ກວດເທົ່ານັ້ນ, ຍັງບໍ່ໄດ້ສົ່ງ). ກົດ "ສົ່ງລາຍງານ" ເພື່ອສົ່ງ.',
    en: 'Valid (checked only, not yet submitted). Press "Submit" to send it.',
  },
  verdict_rejected: {
    lo: 'ຍັງບໍ່ຮັບ: ກະລຸນາແກ້ໄຂຂໍ້ຜິດພາດລຸ່ມນີ້ ແລ້ວສົ່ງໃໝ່. ໄຟລ໌ຖືກເກັບໄວ້ແລ້ວ.',
    en: 'Not accepted: fix the errors below and upload again. The file has been kept.',
  },
  verdict_rejected_dry: {
    lo: 'ມີຂໍ້ຜິດພາດ (ກວດເທົ່ານັ້ນ, ຍັງບໍ່ໄດ້ສົ່ງ). ກະລຸນາແກ້ໄຂລຸ່ມນີ້.',
    en: 'There are errors (checked only, not submitted). Fix them below.',
  },
  verdict_unreadable: {
    lo: 'ອ່ານໄຟລ໌ນີ້ເປັນແບບຟອມບໍ່ໄດ້.',
    en: 'This file could not be read as a template.',
  },
  duplicate: {
    lo: 'ໄຟລ໌ດຽວກັນນີ້ເຄີຍສົ່ງແລ້ວ; ບໍ່ມີຫຍັງປ່ຽນແປງ.',
    en: 'This exact file had already been uploaded; nothing changed.',
  },
  counts: { lo: 'ຂໍ້ຜິດພາດ {errors}, ຄຳເຕືອນ {warnings}', en: '{errors} errors, {warnings} warnings' },
  severity_error: { lo: 'ຂໍ້ຜິດພາດ', en: 'Error' },
  severity_warning: { lo: 'ຄຳເຕືອນ', en: 'Warning' },
  sheet: { lo: 'ແຜ່ນງານ', en: 'Sheet' },
  cell: { lo: 'ຫ້ອງ', en: 'Cell' },
  wholeFile: { lo: 'ທັງໄຟລ໌', en: 'Whole file' },
  annotated: { lo: 'ດາວໂຫຼດສຳເນົາທີ່ໝາຍບັນຫາໄວ້', en: 'Download the annotated copy' },
  historyTitle: { lo: 'ປະຫວັດການສົ່ງ', en: 'Upload history' },
  time: { lo: 'ເວລາ (ວຽງຈັນ)', en: 'Time (Vientiane)' },
  file: { lo: 'ໄຟລ໌', en: 'File' },
  result: { lo: 'ຜົນ', en: 'Verdict' },
  currentColumn: { lo: 'ສະບັບທີ່ໃຊ້', en: 'Current' },
  comment: { lo: 'ຄຳເຫັນຂອງກອງເລຂາ', en: 'Secretariat comment' },
  actions: { lo: 'ເອກະສານ', en: 'Files' },
  isCurrent: { lo: 'ສະບັບທີ່ໃຊ້', en: 'Current' },
  result_accepted: { lo: 'ຮັບ', en: 'Accepted' },
  result_rejected: { lo: 'ບໍ່ຮັບ', en: 'Rejected' },
  result_unreadable: { lo: 'ອ່ານບໍ່ໄດ້', en: 'Unreadable' },
  unreadableMonth: { lo: 'ໄຟລ໌ທີ່ອ່ານເດືອນບໍ່ໄດ້', en: 'Files whose month could not be read' },
  noHistory: { lo: 'ຍັງບໍ່ມີການສົ່ງ.', en: 'No uploads yet.' },
  networkError: {
    lo: 'ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້. ກະລຸນາກວດອິນເຕີເນັດ ແລ້ວລອງໃໝ່.',
    en: 'Could not reach the server. Check the connection and try again.',
  },
  secretariatSoon: {
    lo: 'ທ່ານເຂົ້າລະບົບດ້ວຍລະຫັດຂອງກອງເລຂາ. ໜ້ານີ້ສຳລັບຫົວໜ່ວຍລາຍງານ.',
    en: 'You are signed in with a Secretariat token. This page is for reporting units.',
  },
  loading: { lo: 'ກຳລັງໂຫຼດ…', en: 'Loading…' },
} as const satisfies Record<string, Record<Language, string>>;

export type StringKey = keyof typeof STRINGS;

/** A text in a language, with `{name}` placeholders filled. */
export function text(
  key: StringKey,
  language: Language,
  values: Record<string, string | number> = {},
): string {
  return STRINGS[key][language].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
