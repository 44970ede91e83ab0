/**
 * The 18 first-level subdivisions of Lao PDR in ISO 3166-2:LA (17 provinces and the
 * prefecture of Vientiane Capital). A province code anywhere in the reference data must be one.
 */
export const ISO_3166_2_LA: ReadonlySet<string> = new Set([
  'LA-AT',
  'LA-BK',
  'LA-BL',
  'LA-CH',
  'LA-HO',
  'LA-KH',
  'LA-LM',
  'LA-LP',
  'LA-OU',
  'LA-PH',
  'LA-SL',
  'LA-SV',
  'LA-VI',
  'LA-VT',
  'LA-XA',
  'LA-XE',
  'LA-XI',
  'LA-XS',
]);
