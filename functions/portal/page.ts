/**
 * The portal's one HTML page and its stylesheet. The page arrives readable in Lao before
 * any script runs (texts from the same table the script switches language with); the
 * script then fills in the unit's data. No framework, no web fonts to download: Lao text
 * uses Phetsarath OT or Noto Sans Lao when installed, else the system's Lao font.
 */
import { type StringKey, text } from './client/strings.ts';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** An element's text in Lao, tagged so the script can switch it. */
const t = (key: StringKey) => `<span data-t="${key}">${escapeHtml(text(key, 'lo'))}</span>`;

export const PORTAL_CSS = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--paper:#fff;--panel:#f4f6f8;--line:#8a8f98;--brand:#0b4f8a;--brand-ink:#fff;
--ok:#0f5d2a;--ok-bg:#e5f4ea;--bad:#9b1020;--bad-bg:#fdecee;--warn:#6b4300;--warn-bg:#fff4d6;--focus:#f5b300}
*{box-sizing:border-box}
html{font-family:"Phetsarath OT","Noto Sans Lao","Noto Sans Lao UI","Saysettha OT","Lao UI","Noto Sans",system-ui,sans-serif;
font-size:100%;line-height:1.7;color:var(--ink);background:var(--paper)}
body{margin:0}
.skip{position:absolute;left:-999px;top:0;background:var(--ink);color:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:0}
header{background:var(--brand);color:var(--brand-ink);padding:.75rem 1rem}
header .bar{max-width:64rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
header h1{margin:0;font-size:1.5rem}
header p{margin:0;font-size:.95rem}
header button{background:var(--paper);color:var(--brand);border-color:var(--paper)}
main{max-width:64rem;margin:0 auto;padding:1rem}
section{background:var(--panel);border:1px solid #d5d9de;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
h2{font-size:1.25rem;margin:0 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .25rem}
label,legend{font-weight:600}
input,select,button{font:inherit;line-height:1.4}
input[type=password],select{display:block;width:100%;max-width:32rem;padding:.5rem;border:2px solid var(--line);border-radius:.25rem;background:#fff;color:var(--ink)}
button{cursor:pointer;padding:.5rem 1rem;border:2px solid var(--brand);border-radius:.25rem;background:var(--brand);color:var(--brand-ink);font-weight:600}
button.secondary{background:#fff;color:var(--brand)}
button:disabled{opacity:.6;cursor:not-allowed}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--ink)}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
fieldset{border:0;padding:0;margin:.5rem 0}
.drop{border:3px dashed var(--line);border-radius:.5rem;padding:1rem;background:#fff}
.drop.over{border-color:var(--brand);background:#eaf2fb}
.note{color:var(--muted);font-size:.95rem}
.alert{padding:.5rem .75rem;border-radius:.25rem;border-left:6px solid;margin:.5rem 0}
.alert.ok{background:var(--ok-bg);border-color:var(--ok);color:var(--ok)}
.alert.bad{background:var(--bad-bg);border-color:var(--bad);color:var(--bad)}
.alert.warn{background:var(--warn-bg);border-color:var(--warn);color:var(--warn)}
.alert:empty{display:none}
progress{width:100%;max-width:32rem;height:1.25rem}
ul.issues{list-style:none;padding:0;margin:0}
ul.issues li{background:#fff;border:1px solid #d5d9de;border-left:6px solid;padding:.4rem .6rem;margin:.25rem 0}
li.error{border-left-color:var(--bad)!important}
li.warning{border-left-color:var(--warn)!important}
.tag{display:inline-block;font-weight:700;padding:0 .4rem;border-radius:.2rem;margin-right:.4rem}
.tag.error{background:var(--bad);color:#fff}
.tag.warning{background:var(--warn);color:#fff}
.tag.ok{background:var(--ok);color:#fff}
.cellref{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #c4c9d0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#e3e8ee}
caption{text-align:left;font-weight:700;padding:.25rem 0}
[hidden]{display:none!important}
textarea{font:inherit;width:100%;max-width:40rem;padding:.5rem;border:2px solid var(--line);border-radius:.25rem}
button.small{padding:.1rem .5rem;font-size:.85rem}
button.linklike{background:none;border:0;color:var(--brand);text-decoration:underline;padding:0}
button.linklike[aria-pressed=true]{color:var(--ink);text-decoration:none;border-bottom:3px solid var(--ink)}
table.grid td{padding:.15rem}
button.cell{width:100%;min-width:7rem;text-align:left;font-weight:600;border-width:1px;padding:.25rem .4rem;color:var(--ink)}
.st-on_time{background:#d6efdd;border-color:#0f5d2a}
.st-late{background:#fff0c2;border-color:#6b4300}
.st-missing{background:#fbe0e3;border-color:#9b1020}
.st-rejected{background:#fbe0e3;border-color:#9b1020;border-style:dashed}
.st-returned{background:#ebe1f7;border-color:#4b2a7a}
.st-nil{background:#e3e8ee;border-color:#4a4a4a}
tr.rates td,tr.rates th{font-weight:700;background:#eef2f6}
ul.uploads{padding-left:1rem}
figure{margin:1rem 0}
figcaption{font-weight:700}
.file-input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
.file-button{display:inline-block;padding:.5rem 1rem;border:2px solid var(--brand);border-radius:.25rem;background:#fff;color:var(--brand);cursor:pointer}
.file-input:focus-visible+.file-button{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--ink)}
td:empty::after{content:"–";color:var(--muted)}
@media (max-width:40rem){main{padding:.5rem}section{padding:.75rem}th,td{padding:.25rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border:1px solid #c4c9d0;margin:.5rem 0}
table.stack td{display:grid;grid-template-columns:7.5rem 1fr;gap:.5rem;border:0;border-bottom:1px solid #e3e8ee}
table.stack td::before{content:attr(data-label);font-weight:600}
table.stack td:empty::after{content:"–"}}
`;

/** The page itself (Lao first); `app.css` and `app.js` are served beside it. */
export function portalHtml(): string {
  return `<!doctype html>
<html lang="lo">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ລາຍງານ · Laingan</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/portal/app.css">
<script type="module" src="/portal/app.js"></script>
</head>
<body>
<a class="skip" href="#content">${t('skip')}</a>
<header>
 <div class="bar">
  <div><h1>${t('appTitle')}</h1><p>${t('tagline')}</p></div>
  <div class="row">
   <p id="who" hidden></p>
   <button type="button" id="sign-out" hidden>${t('signOut')}</button>
   <button type="button" id="language" lang="en" aria-label="Switch to English">English</button>
  </div>
 </div>
</header>
<main id="content" tabindex="-1">
 <section id="sign-in" aria-labelledby="sign-in-title">
  <h2 id="sign-in-title">${t('signInTitle')}</h2>
  <p class="note">${t('signInHelp')}</p>
  <form id="sign-in-form" novalidate>
   <label for="token">${t('tokenLabel')}</label>
   <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="sign-in-error">
   <div class="row"><button type="submit">${t('signIn')}</button></div>
   <p id="sign-in-error" class="alert bad" role="alert"></p>
  </form>
 </section>
 <div id="unit-view" hidden></div>
</main>
</body>
</html>
`;
}
