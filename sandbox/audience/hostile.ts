/**
 * The hostile corpus of the standing security suite (issue 10): N generated strings that attendees send as
 * question text, display names, answers and chat; and error texts the widget answers an announcement send with
 * (hostileAnnouncementErrors). Every renderer (the sandbox widget, the extension's
 * panel) must show each as text. Script payloads call `__canary(n)` (and `alert(n)`): a test page defines
 * `__canary` and counts calls, so any execution anywhere is seen, not only a visible alert.
 *
 * Deterministic for (count, seed): a failure names the string's index, and the run can be replayed.
 */
import { mulberry32, pick, type Rng } from './prng.js';

export type HostileField = 'question' | 'name' | 'answer' | 'chat' | 'announcement-error';

export interface HostileString {
  /** Index in the corpus (stable for a seed): a canary call carries it. */
  n: number;
  /** Which family of attack it is, for reports. */
  kind: string;
  field: HostileField;
  text: string;
}

/** The sandbox's MODELED cap for question, answer and chat text (sandbox/cnc/session.ts); names have none. */
export const TEXT_CAP = 10_000;
/** "100 KB strings": sent as display names, the one field the sandbox does not cap. */
export const BIG_CHARS = 100 * 1024;
/** "300 KB texts": sent as the widget's error text for an announcement send (nothing caps it on the way). */
export const HUGE_CHARS = 300 * 1024;

const c = (n: number) => `__canary(${n})`;

/** One generator per family; each gets the string's index so its payload names it. */
const FAMILIES: Record<string, (n: number, rng: Rng) => string> = {
  script: (n) => pick(mulberry32(n), [`<script>${c(n)}</script>`, `<SCRIPT SRC=data:text/javascript,${c(n)}></SCRIPT>`, `</p><script>alert(${n});${c(n)}</script>`]),
  handler: (n, rng) =>
    pick(rng, [
      `<img src=x onerror="${c(n)}">`,
      `"><img src=x onerror=${c(n)}>`,
      `<body onload=${c(n)}>`,
      `<details open ontoggle=${c(n)}>`,
      `<input autofocus onfocus=${c(n)}>`,
      `<video><source onerror="${c(n)}"></video>`,
      `' onmouseover='${c(n)}' x='`,
    ]),
  jsurl: (n, rng) =>
    pick(rng, [
      `<a href="javascript:${c(n)}">click me</a>`,
      `javascript:${c(n)}//`,
      `<iframe src="javascript:${c(n)}"></iframe>`,
      `<form action="javascript:${c(n)}"><button>go</button></form>`,
      `JaVaScRiPt&colon;${c(n)}`,
    ]),
  svg: (n, rng) =>
    pick(rng, [
      `<svg onload=${c(n)}>`,
      `<svg><script>${c(n)}</script></svg>`,
      `<svg><animate onbegin=${c(n)} attributeName=x dur=1s>`,
      `<svg><a xlink:href="javascript:${c(n)}"><text x=20 y=20>XSS</text></a></svg>`,
    ]),
  mathml: (n) => `<math><mtext><table><mglyph><style><img src=x onerror=${c(n)}></style></mglyph></table></mtext></math>`,
  rtl: (n, rng) =>
    pick(rng, [
      `\u202Egnp.exe\u202C is this file safe? #${n}`,
      `\u2067שלום\u2069 world \u202Bمرحبا\u202C <b>${n}</b>`,
      `Transfer to \u202E1234-5678\u202C please (${n})`,
      `\u200F\u200E\u061C mixed marks ${n} \u2066LRI\u2069`,
    ]),
  zerowidth: (n) => `ze\u200Bro\u200Cwi\u200Ddth\u2060\uFEFF question ${n}\u200B`,
  combining: (n, rng) => {
    let s = `Zalgo ${n} `;
    for (let i = 0; i < 40; i++) s += String.fromCharCode(0x61 + Math.floor(rng() * 26)) + String.fromCharCode(0x300 + Math.floor(rng() * 0x6f)).repeat(8);
    return s;
  },
  surrogate: (n, rng) =>
    pick(rng, [`lone high \uD800 in question ${n}`, `lone low \uDC00 ${n}`, `reversed pair \uDE00\uD83D ${n}`, `${n} ends on a high surrogate \uD83D`]),
  template: (n, rng) => pick(rng, ['${' + c(n) + '}', '`${' + c(n) + '}`', `{{constructor.constructor('${c(n)}')()}}`, `#{${c(n)}} <%= ${c(n)} %>`]),
  css: (n, rng) =>
    pick(rng, [
      `</style><style>body{display:none}</style>${n}`,
      `<style>@import 'javascript:${c(n)}';</style>`,
      `<div style="width:expression(${c(n)});position:fixed;inset:0;background:red">${n}</div>`,
      `x{}*{background:url("javascript:${c(n)}")} ${n}`,
    ]),
  fakeks: (n, rng) => {
    const body = Array.from({ length: 120 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rng() * 62)]).join('');
    return pick(rng, [`my ks=djJ8MTIzNDU2N3x${body} (${n})`, `{"ks":"djJ8${body}"} ${n}`, `?ks=${body}&n=${n}`]);
  },
  entities: (n) => `&lt;script&gt;${c(n)}&lt;/script&gt; &#60;img src=x onerror=${c(n)}&#62; &amp;amp; ${n}`,
  control: (n) => `ctrl ${n}: \u0001\u0007\b\u001B[31mred\u001B[0m \r\n\t\u0085\u2028\u2029 end`,
  wall: (n) => `${n} ${'<b>wall</b> '.repeat(1200)}`.slice(0, TEXT_CAP),
  big: (n) => `${n} ${'A\u200B<i>'.repeat(BIG_CHARS / 5)}`.slice(0, BIG_CHARS),
};

export const HOSTILE_KINDS = Object.keys(FAMILIES);
const FIELDS: readonly HostileField[] = ['question', 'question', 'question', 'question', 'name', 'name', 'answer', 'answer', 'chat', 'chat'];

/**
 * `count` hostile strings: the families in turn (so any prefix of the corpus covers them all), each sent
 * through a field in turn. A 100 KB string is always a display name (the one uncapped field), and the
 * rarest (one in 500, at least one), so a 10,000 run holds 20 of them, not 700.
 */
export function hostileCorpus(count: number, seed = 1): HostileString[] {
  const rng = mulberry32(seed);
  const kinds = HOSTILE_KINDS.filter((k) => k !== 'big');
  const out: HostileString[] = [];
  for (let n = 0; n < count; n++) {
    if (n % 500 === 250 || (count < 500 && n === Math.floor(count / 2))) {
      out.push({ n, kind: 'big', field: 'name', text: FAMILIES.big!(n, rng) });
      continue;
    }
    const kind = kinds[n % kinds.length]!;
    const field = FIELDS[Math.floor(n / kinds.length) % FIELDS.length]!;
    let text = FAMILIES[kind]!(n, rng);
    // Text fields carry the sandbox's cap; and no field may be blank (the server refuses it).
    if (field !== 'name') text = text.slice(0, TEXT_CAP);
    out.push({ n, kind, field, text });
  }
  return out;
}

/**
 * What a renderer that shows text as text displays, for comparison: lone surrogates may become U+FFFD
 * anywhere on the way (UTF-8 on the wire, the extension's messaging), and the ends' whitespace is not
 * content. Anything else must come through unchanged.
 */
export function asShown(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').trim();
}

/**
 * `count` error texts for the widget to answer announcement sends with (the sandbox's announce-errors fault,
 * sandbox/control/faults.ts): every family in turn, and a 300 KB text (every hundredth, at least one, and
 * always the second, so a short run meets it early). Indices start at `offset`, so a canary call names an
 * error, not a string of the main corpus.
 */
export function hostileAnnouncementErrors(count: number, seed = 1, offset = 1_000_000): HostileString[] {
  const rng = mulberry32(seed ^ 0xa11);
  const kinds = HOSTILE_KINDS.filter((k) => k !== 'big');
  const out: HostileString[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    if (i % 100 === 1 || (count === 1 && i === 0)) {
      out.push({ n, kind: 'huge', field: 'announcement-error', text: `${n} ${'A\u200B<i>\u202E'.repeat(HUGE_CHARS / 6)}`.slice(0, HUGE_CHARS) });
      continue;
    }
    const kind = kinds[i % kinds.length]!;
    out.push({ n, kind, field: 'announcement-error', text: FAMILIES[kind]!(n, rng) });
  }
  return out;
}
