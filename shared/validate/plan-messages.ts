/**
 * Bilingual wording of the issues found in a plan workbook the Secretariat imports. Like
 * `messages.ts`: what is wrong, then what to type instead, Lao first.
 */
import type { Bilingual } from '../text/bilingual.ts';

const quote = (text: string) => `"${text}"`;

export const planMessages = {
  notPlanWorkbook: (found: string): Bilingual => ({
    lo: `ໄຟລ໌ນີ້ບໍ່ແມ່ນປຶ້ມວຽກແຜນງານຂອງ Laingan (${found}). ກະລຸນາສົ່ງອອກດ້ວຍ "npm run plan -- export" ແລ້ວແກ້ໄຂໄຟລ໌ນັ້ນ.`,
    en: `This file is not a Laingan plan workbook (${found}). Export one with "npm run plan -- export" and edit that file.`,
  }),
  planUnknown: (version: string): Bilingual => ({
    lo: `ແບບຟອມນີ້ເຮັດຕາມແຜນງານສະບັບ ${quote(version)} ທີ່ລະບົບບໍ່ຮູ້ຈັກ. ກະລຸນາດາວໂຫຼດແບບຟອມໃໝ່ ແລະ ສຳເນົາຂໍ້ມູນໃສ່.`,
    en: `This template was made on plan version ${quote(version)}, which this system does not know. Download a current template and copy your figures into it.`,
  }),
  duplicateCode: (code: string, firstAt: string): Bilingual => ({
    lo: `ລະຫັດ ${quote(code)} ຊ້ຳກັບ ${firstAt}. ລະຫັດແຕ່ລະອັນຕ້ອງໃຊ້ຄັ້ງດຽວ; ກະລຸນາປ່ຽນລະຫັດໃດໜຶ່ງ.`,
    en: `Code ${quote(code)} is already used at ${firstAt}. Every code must be unique; change one of them.`,
  }),
  orphan: (what: Bilingual, code: string, sheet: string): Bilingual => ({
    lo: `${what.lo} ${quote(code)} ບໍ່ມີໃນແຜ່ນງານ ${quote(sheet)}. ກະລຸນາເລືອກລະຫັດຈາກລາຍການ ຫຼື ເພີ່ມແຖວນັ້ນໃສ່ ${quote(sheet)} ກ່ອນ.`,
    en: `${what.en} ${quote(code)} is not on sheet ${quote(sheet)}. Pick a code from the list, or add that row to ${quote(sheet)} first.`,
  }),
  codeParent: (code: string, parent: string): Bilingual => ({
    lo: `ລະຫັດ ${quote(code)} ບໍ່ຂຶ້ນຕົ້ນດ້ວຍລະຫັດຂອງ ${quote(parent)}. ກະລຸນາໃຊ້ລະຫັດແບບ ${parent}.1.`,
    en: `Code ${quote(code)} does not start with its parent's code ${quote(parent)}. Use a code like ${parent}.1.`,
  }),
  noLead: (activity: string, sheet: string): Bilingual => ({
    lo: `ກິດຈະກຳ ${quote(activity)} ບໍ່ມີຫົວໜ່ວຍນຳພາ. ກະລຸນາເພີ່ມແຖວໃນ ${quote(sheet)} ທີ່ມີບົດບາດ "lead".`,
    en: `Activity ${quote(activity)} has no lead unit. Add a row on ${quote(sheet)} with the role "lead".`,
  }),
  twoLeads: (activity: string, firstAt: string): Bilingual => ({
    lo: `ກິດຈະກຳ ${quote(activity)} ມີຫົວໜ່ວຍນຳພາແລ້ວທີ່ ${firstAt}. ກິດຈະກຳໜຶ່ງມີຜູ້ນຳພາຜູ້ດຽວ; ກະລຸນາປ່ຽນແຖວນີ້ເປັນ "support".`,
    en: `Activity ${quote(activity)} already has a lead unit at ${firstAt}. An activity has one lead; change this row to "support".`,
  }),
  unitUnknown: (code: string, sheet: string): Bilingual => ({
    lo: `ຫົວໜ່ວຍ ${quote(code)} ບໍ່ມີໃນແຜ່ນງານ ${quote(sheet)}. ກະລຸນາເລືອກລະຫັດຫົວໜ່ວຍຈາກລາຍການ (ເຊັ່ນ MPS, LA-VT).`,
    en: `Unit ${quote(code)} is not on sheet ${quote(sheet)}. Pick a unit code from the list (e.g. MPS, LA-VT).`,
  }),
  provinceNotIso: (code: string): Bilingual => ({
    lo: `${quote(code)} ບໍ່ແມ່ນລະຫັດແຂວງ ISO 3166-2:LA. ກະລຸນາໃຊ້ລະຫັດເຊັ່ນ LA-VT (ນະຄອນຫຼວງວຽງຈັນ) ຫຼື LA-CH (ຈຳປາສັກ).`,
    en: `${quote(code)} is not an ISO 3166-2:LA province code. Use a code such as LA-VT (Vientiane Capital) or LA-CH (Champasak).`,
  }),
  targetNoSpan: (target: string): Bilingual => ({
    lo: `ຄາດໝາຍ ${quote(target)} ບໍ່ມີໄລຍະ. ກະລຸນາລະບຸປີ ຫຼື ໄລຍະທີ່ຄາດໝາຍນີ້ໃຊ້ (ເຊັ່ນ 2023 ຫຼື 2021-2025).`,
    en: `Target ${quote(target)} has no span. Give the year or span it applies to (e.g. 2023, or 2021-2025).`,
  }),
  invalid: (detail: string): Bilingual => ({
    lo: `ຄ່າບໍ່ຖືກຕ້ອງ: ${detail}. ກະລຸນາແກ້ໄຂຕາມຄຳອະທິບາຍໃນຫົວຖັນ.`,
    en: `Not a valid value: ${detail}. Correct it as the column header describes.`,
  }),
  notAnInteger: (label: Bilingual, typed: string): Bilingual => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນຕົວເລກຖ້ວນ. ກະລຸນາພິມເຊັ່ນ 2025.`,
    en: `${quote(label.en)}: ${quote(typed)} is not a whole number. Type e.g. 2025.`,
  }),
  notYesNo: (label: Bilingual, typed: string): Bilingual => ({
    lo: `${quote(label.lo)}: ${quote(typed)} ບໍ່ແມ່ນ TRUE ຫຼື FALSE. ກະລຸນາເລືອກຈາກລາຍການ.`,
    en: `${quote(label.en)}: ${quote(typed)} is not TRUE or FALSE. Pick one from the list.`,
  }),
};
