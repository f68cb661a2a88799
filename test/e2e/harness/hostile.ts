// The hostile-input run of the standing security suite (issue 10), shared by the e2e test (a few hundred
// strings) and the bench (10,000): generated hostile strings go through the sandbox as question text,
// display names, answers and chat, into the CnC moderator view with the production extension and its panel.
//
// Instruments, installed before any page script (Playwright's init script is added through the DevTools
// protocol, so it runs in extension pages too, whatever their CSP):
// - a canary: every payload calls `__canary(n)` or `alert(n)`; any call is an execution, counted per page;
// - CSP violations (`securitypolicyviolation`): in the panel an inline handler that got into the DOM is
//   blocked by the extension's CSP, which is still a rendering fault, so it is counted too;
// - what the panel shows: every row of every tab, read in the page (the list is virtualised: scrolled
//   through), compared with the server's truth as text.
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../../sandbox/server';
import { asShown, hostileCorpus, type HostileString } from '../../../sandbox/audience/hostile';
import { ROW_LIMITS } from '../../../lib/session/qna/qna-session';
import { ChromiumHarness } from './chromium';
import { CNC_ENTRY, openModeration, PANEL_STATES, QnaPanel, startQnaSandbox, type PanelState } from './qna';
import { waitFor } from './wait';

export interface HostileReport {
  /** Strings sent through the sandbox (each accepted by the server). */
  sent: number;
  /** Strings the panel showed exactly as text (questions, names, answers). */
  rendered: number;
  /** Strings whose row the panel should show (chat goes to the widget only, for now). */
  expectedInPanel: number;
  /** Canary calls and dialogs, in the panel and in the event page. */
  panelExecutions: number;
  pageExecutions: number;
  panelCspViolations: number;
  pageCspViolations: number;
  /** Rows whose text, author or answer differs from the server's, or hold elements: first few, described. */
  mismatches: string[];
  mismatchCount: number;
  /** Strings the panel never listed. */
  missing: string[];
  missingCount: number;
  /** The panel's document is wider than its viewport (a row broke the layout). */
  overflowPx: number;
  /** Time from the last string sent until the panel listed all of them. */
  settleMs: number;
  /** Distinct `n` seen by the canaries, to name the payload that ran. */
  executedPayloads: number[];
}

// Plain JavaScript source, not a function: a bundler's helpers (tsx adds `__name` to named functions)
// do not exist in the page.
const CANARY = `(() => {
  if (window.__hostile) return;
  var state = { hits: [], csp: [] };
  Object.defineProperty(window, '__hostile', { value: state });
  function hit(what) { return function (n) { state.hits.push(what + '(' + String(n) + ')'); }; }
  // Not writable: a payload cannot replace the counter with a no-op.
  Object.defineProperty(window, '__canary', { value: hit('canary') });
  ['alert', 'confirm', 'prompt'].forEach(function (name) { Object.defineProperty(window, name, { value: hit(name) }); });
  addEventListener('securitypolicyviolation', function (e) {
    state.csp.push((e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample).slice(0, 200));
  }, true);
})();`;

async function instruments(page: Page): Promise<{ hits: string[]; csp: string[] }> {
  const r = await page.evaluate(() => (window as unknown as { __hostile?: { hits: string[]; csp: string[] } }).__hostile ?? null);
  if (!r) throw new Error(`the canary is not installed in ${page.url()}: the run would count nothing`);
  return r;
}

interface Expected {
  s: HostileString;
  questionId: string;
}

/** Sends the corpus through the sandbox, the way attendees (and a co-moderator, for answers) would. */
function send(sb: Sandbox, corpus: HostileString[], entryId: string): Expected[] {
  const out: Expected[] = [];
  for (const s of corpus) {
    const user = `hostile-${s.n}`;
    const act = (userId: string, action: Record<string, unknown>, moderator = false) => {
      const r = sb.control.act({ entryId, userId, moderator, action });
      if (!r.ok) throw new Error(`the sandbox refused hostile string #${s.n} (${s.kind}, ${s.field}): ${JSON.stringify(r).slice(0, 300)}`);
      return r.id!;
    };
    switch (s.field) {
      case 'question':
        out.push({ s, questionId: act(user, { type: 'qna.ask', text: s.text }) });
        break;
      case 'name':
        sb.control.createUser({ userId: user, displayName: s.text });
        out.push({ s, questionId: act(user, { type: 'qna.ask', text: `Name probe ${s.n}` }) });
        break;
      case 'answer': {
        const questionId = act(user, { type: 'qna.ask', text: `Answer probe ${s.n}` });
        act('co-moderator', { type: 'qna.answer', questionId, text: s.text, private: s.n % 2 === 1 }, true);
        out.push({ s, questionId });
        break;
      }
      case 'chat':
        act(user, { type: 'chat.post', text: s.text });
        break;
    }
  }
  return out;
}

interface ShownRow {
  id: string;
  text: string;
  author: string;
  answers: string[];
  /** Elements inside the user-text nodes (there must be none). */
  elements: number;
}

/** Every row of the current tab, scrolled through in the page; rows are keyed by question id. */
function readAllRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(READ_ROWS) as Promise<ShownRow[]>;
}

const READ_ROWS = `(async () => {
  var list = document.querySelector('[data-testid=qna-list]');
  if (!list) return [];
  var seen = new Map();
  function frame() { return new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); }); }
  function collect() {
    list.querySelectorAll('[data-testid=qna-item]').forEach(function (row) {
      var id = row.getAttribute('data-question-id') || '';
      var text = row.querySelector('[data-testid=qna-text]');
      var author = row.querySelector('[data-testid=qna-author]');
      var answers = Array.from(row.querySelectorAll('[data-testid=qna-answers] li > span[dir=auto]'));
      var userNodes = [text, author].concat(answers).filter(Boolean);
      seen.set(id, {
        id: id,
        text: text ? text.textContent : '',
        author: author ? author.textContent : '',
        answers: answers.map(function (a) { return a.textContent || ''; }),
        elements: userNodes.reduce(function (n, e) { return n + e.querySelectorAll('*').length; }, 0),
      });
    });
  }
  list.scrollTop = 0;
  await frame();
  for (var guard = 0; guard < 100000; guard++) {
    collect();
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
    list.scrollTop += Math.max(50, Math.floor(list.clientHeight * 0.8));
    await frame();
  }
  collect();
  list.scrollTop = 0;
  return Array.from(seen.values());
})()`;

/** Brings every held-back arrival into the tab's list ("N new"), until the list holds the tab's count. */
async function releaseArrivals(panel: QnaPanel, state: PanelState, timeout: number): Promise<void> {
  await waitFor(
    `the ${state} list to hold every question of its count`,
    async () => {
      const more = panel.tid('qna-new-items');
      if ((await more.count()) > 0) await more.click({ timeout: 1_000 }).catch(() => {});
      return { listed: await panel.listCount(), count: await panel.count(state) };
    },
    (v) => v.listed === v.count,
    { timeout, interval: 200 },
  );
}

export interface HostileRunOptions {
  count: number;
  seed?: number;
  /** Strings sent per batch, and a yield between batches so the browsers keep up. */
  batch?: number;
  pauseMs?: number;
  settleTimeout?: number;
  log?: (line: string) => void;
}

/** The whole run in its own sandbox and browser. */
export async function hostileRun(opts: HostileRunOptions): Promise<HostileReport> {
  const sb = await startQnaSandbox();
  let h: ChromiumHarness | undefined;
  try {
    h = await ChromiumHarness.launch({ sandboxPort: sb.port });
    await h.context.addInitScript({ content: CANARY });
    return await runIn(sb, h, opts);
  } finally {
    await h?.close();
    await sb.close();
  }
}

async function runIn(sb: Sandbox, h: ChromiumHarness, opts: HostileRunOptions): Promise<HostileReport> {
  const log = opts.log ?? (() => {});
  const entryId = CNC_ENTRY;
  const { page, panel } = await openModeration(h);
  // Both instruments must be live before anything hostile arrives.
  await instruments(page);
  await instruments(panel.page);
  const dialogs = { page: 0, panel: 0 };
  page.on('dialog', (d) => {
    dialogs.page++;
    void d.dismiss();
  });
  panel.page.on('dialog', (d) => {
    dialogs.panel++;
    void d.dismiss();
  });

  const corpus = hostileCorpus(opts.count, opts.seed ?? 1);
  const batch = opts.batch ?? 50;
  const expected: Expected[] = [];
  const t0 = Date.now();
  for (let i = 0; i < corpus.length; i += batch) {
    expected.push(...send(sb, corpus.slice(i, i + batch), entryId));
    // Paces the sender: attendees do not arrive in one synchronous burst of thousands.
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 20));
  }
  const sentAt = Date.now();
  log(`[hostile] sent ${corpus.length} strings (${expected.length} with a panel row) in ${sentAt - t0} ms`);

  // The panel has them all when its four counts add up to the server's questions.
  const serverTotal = sb.control.truth(entryId).questions.length;
  await waitFor(
    `the panel's counts to add up to the server's ${serverTotal} questions`,
    () => panel.counts(),
    (c) => PANEL_STATES.reduce((n, s) => n + c[s], 0) === serverTotal,
    { timeout: opts.settleTimeout ?? 60_000, interval: 250 },
  );
  const settleMs = Date.now() - sentAt;

  const shown = new Map<string, ShownRow>();
  for (const state of PANEL_STATES) {
    await panel.showTab(state);
    await releaseArrivals(panel, state, 20_000);
    for (const row of await readAllRows(panel.page)) shown.set(row.id, row);
  }
  const overflowPx = await panel.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  const truth = new Map(sb.control.truth(entryId).questions.map((q) => [q.id, q]));
  const mismatches: string[] = [];
  const missing: string[] = [];
  let rendered = 0;
  for (const { s, questionId } of expected) {
    const row = shown.get(questionId);
    const q = truth.get(questionId);
    if (!row || !q) {
      missing.push(`#${s.n} ${s.kind}/${s.field} (question ${questionId})`);
      continue;
    }
    // The panel shows the widget's text as text, within the product's bounds: the content script reads at
    // most 20,000 characters of a field, the session cuts a row's text and names with "…" (ROW_LIMITS).
    const read = s.text.slice(0, 20_000);
    const want = asShown(
      s.field === 'name' ? cut(read.trim(), ROW_LIMITS.name) : cut(read, s.field === 'answer' ? ROW_LIMITS.answerText : ROW_LIMITS.text),
    );
    const got = s.field === 'question' ? row.text : s.field === 'name' ? row.author : (row.answers.at(-1) ?? '');
    const ok = row.elements === 0 && asShown(got) === want;
    if (ok) rendered++;
    else {
      const diff = firstDifference(asShown(got), want);
      mismatches.push(`#${s.n} ${s.kind}/${s.field}: ${row.elements} element(s) inside user text; first difference at ${diff}: shown ${JSON.stringify(asShown(got).slice(diff, diff + 40))}, server ${JSON.stringify(want.slice(diff, diff + 40))}`);
    }
  }

  const pageI = await instruments(page);
  const panelI = await instruments(panel.page);
  const executed = [...pageI.hits, ...panelI.hits].map((x) => Number(/\((\d+)\)/.exec(x)?.[1] ?? -1));
  return {
    sent: corpus.length,
    rendered,
    expectedInPanel: expected.length,
    panelExecutions: panelI.hits.length + dialogs.panel,
    pageExecutions: pageI.hits.length + dialogs.page,
    panelCspViolations: panelI.csp.length,
    pageCspViolations: pageI.csp.length,
    mismatches: mismatches.slice(0, 10),
    mismatchCount: mismatches.length,
    missing: missing.slice(0, 10),
    missingCount: missing.length,
    overflowPx,
    settleMs,
    executedPayloads: [...new Set(executed)].slice(0, 20),
  };
}

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
