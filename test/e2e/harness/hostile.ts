// The hostile-input run of the standing security suite (issue 10), shared by the e2e test (a few hundred
// strings) and the bench (10,000): generated hostile strings go through the sandbox as question text,
// display names, answers and chat, into the CnC moderator view with the production extension and its panel:
// its Q&A rows (text, author, answers) and its Chat view (message text, and hostile display names as senders).
// With `announceErrors`, also the widget's error text for announcement sends (the sandbox's announce-errors
// fault): the Announcements view shows it as text, bounded (REASON_SHOWN_MAX, with a visible cut mark).
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
import { asShown, hostileAnnouncementErrors, hostileCorpus, type HostileString } from '../../../sandbox/audience/hostile';
import { REASON_SHOWN_MAX, boundReason } from '../../../lib/model/announcements/reason';
import { ROW_LIMITS } from '../../../lib/session/qna/qna-session';
import { CHAT_ROW_LIMITS } from '../../../lib/cnc/chat-reader';
import { ChromiumHarness } from './chromium';
import { CNC_ENTRY, openModeration, PANEL_STATES, QnaPanel, startQnaSandbox, type PanelState } from './qna';
import { waitFor } from './wait';

export interface HostileReport {
  /** Strings sent through the sandbox (each accepted by the server). */
  sent: number;
  /** Strings the panel showed exactly as text (questions, names, answers). */
  rendered: number;
  /** Strings the panel should show: in a Q&A row, and in the Chat view (chat text, senders' names). */
  expectedInPanel: number;
  /** Of those, in the Chat view. */
  expectedChat: number;
  /** Rows whose layout broke beyond the row (see LAYOUT): first few, described. */
  layoutBreaks: string[];
  layoutBreakCount: number;
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
  /** Announcement sends the widget refused with a hostile error text, and of those, shown exactly (bounded). */
  announceExpected: number;
  announceRendered: number;
  /** After the hostile errors: from clicking "Send now" on a plain announcement until it is listed as sent. */
  announceResponsiveMs: number;
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

/** A chat message carrying a hostile string: as its text, or (for display names) as its sender. */
interface ExpectedChat {
  s: HostileString;
  messageId: string;
  userId: string;
  as: 'text' | 'sender';
}

/**
 * Sends the corpus through the sandbox, the way attendees (and a co-moderator, for answers) would. A
 * hostile display name also posts a chat message, so the name reaches the Chat view as a sender too.
 */
function send(sb: Sandbox, corpus: HostileString[], entryId: string, chats: ExpectedChat[]): Expected[] {
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
        chats.push({ s, userId: user, as: 'sender', messageId: act(user, { type: 'chat.post', text: `Name probe ${s.n}` }) });
        break;
      case 'answer': {
        const questionId = act(user, { type: 'qna.ask', text: `Answer probe ${s.n}` });
        act('co-moderator', { type: 'qna.answer', questionId, text: s.text, private: s.n % 2 === 1 }, true);
        out.push({ s, questionId });
        break;
      }
      case 'chat':
        chats.push({ s, userId: user, as: 'text', messageId: act(user, { type: 'chat.post', text: s.text }) });
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
  /** Layout faults of this row, described (see LAYOUT below); there must be none. */
  breaks: string[];
}

/** Every row of the current tab, scrolled through in the page; rows are keyed by question id. */
function readAllRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(READ_ROWS) as Promise<ShownRow[]>;
}

// Layout breakage beyond the row, checked on each row as it is read (plain source: it runs in the page):
// - the row lies within its list's width, and nothing of it (its scroll width) spills past its own box;
// - what shows of each user-text node (cut by the ancestors that clip it) lies within the row's box;
// - each user-text node isolates its direction (dir=auto, unicode-bidi isolate or plaintext), so a bidi
//   override in attendee text cannot reorder the row's other text or the next row.
const LAYOUT = `function layoutBreaks(row, list, nodes) {
  var out = [];
  var r = row.getBoundingClientRect();
  var l = list.getBoundingClientRect();
  if (r.left < l.left - 1 || r.right > l.right + 1) out.push('row outside its list: ' + Math.round(r.left - l.left) + '..' + Math.round(r.right - l.right) + ' px');
  if (row.scrollWidth > row.clientWidth + 1) out.push('content ' + (row.scrollWidth - row.clientWidth) + ' px wider than the row');
  nodes.forEach(function (n) {
    var b = n.getBoundingClientRect();
    // What shows of the node: its box cut by every ancestor up to the row that clips (a clamped answer's
    // text runs on past its box, hidden).
    var box = { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    for (var a = n.parentElement; a && a !== list; a = a.parentElement) {
      var st = getComputedStyle(a);
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
        var c = a.getBoundingClientRect();
        box = { left: Math.max(box.left, c.left), right: Math.min(box.right, c.right), top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom) };
      }
      if (a === row) break;
    }
    var name = n.getAttribute('data-testid') || n.tagName;
    var shows = box.right > box.left && box.bottom > box.top;
    if (shows && (box.left < r.left - 1 || box.right > r.right + 1 || box.top < r.top - 1 || box.bottom > r.bottom + 1)) {
      out.push(name + ' shows outside the row (' + [box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom].map(Math.round).join(',') + ' px)');
    }
    var bidi = getComputedStyle(n).unicodeBidi;
    if (n.getAttribute('dir') !== 'auto' || (bidi !== 'isolate' && bidi !== 'plaintext')) out.push(name + ' does not isolate its direction (dir=' + n.getAttribute('dir') + ', unicode-bidi ' + bidi + ')');
  });
  return out;
}`;

// No requestAnimationFrame: a page that is not in front (the panel behind the event tab, a throttled
// run) gets no frames, and the read stalled on them. The scroll event is dispatched by hand (the
// virtualiser listens for it) and a message-channel task, which no page state throttles, lets the list
// render the rows at the new offset.
const READ_ROWS = `(async () => {
  ${LAYOUT}
  var list = document.querySelector('[data-testid=qna-list]');
  if (!list) return [];
  var seen = new Map();
  function tick() { return new Promise(function (r) { var c = new MessageChannel(); c.port1.onmessage = function () { r(); }; c.port2.postMessage(0); }); }
  async function settle() { list.dispatchEvent(new Event('scroll')); await tick(); await tick(); }
  function collect() {
    list.querySelectorAll('[data-testid=qna-item]').forEach(function (row) {
      var id = row.getAttribute('data-question-id') || '';
      if (seen.has(id)) return;
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
        breaks: layoutBreaks(row, list, userNodes),
      });
    });
  }
  list.scrollTop = 0;
  await settle();
  // The step stays under the rows the list renders around its viewport (its fallback viewport is 640 px).
  var step = Math.max(50, Math.floor(Math.min(list.clientHeight, 640) * 0.8));
  for (var guard = 0; guard < 100000; guard++) {
    collect();
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
    list.scrollTop += step;
    await settle();
  }
  collect();
  list.scrollTop = 0;
  await settle();
  return Array.from(seen.values());
})()`;

interface ShownChat {
  id: string;
  sender: string;
  text: string;
  elements: number;
  breaks: string[];
}

/** Every message the Chat view lists (it is not virtualised: all rows are in the DOM once expanded). */
const READ_CHAT = `(() => {
  ${LAYOUT}
  var list = document.querySelector('[data-testid=chat-list]');
  if (!list) return [];
  return Array.from(list.querySelectorAll('[data-testid=chat-item]')).map(function (row) {
    var sender = row.querySelector('[data-testid=chat-sender]');
    var text = row.querySelector('[data-testid=chat-text]');
    var nodes = [sender, text].filter(Boolean);
    return {
      id: row.getAttribute('data-message-id') || '',
      sender: sender ? sender.textContent : '',
      text: text ? text.textContent : '',
      elements: nodes.reduce(function (n, e) { return n + e.querySelectorAll('*').length; }, 0),
      breaks: layoutBreaks(row, list, nodes),
    };
  });
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
  /** Announcement sends the widget answers with a hostile error text (hostileAnnouncementErrors); 0: none. */
  announceErrors?: number;
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
  const expectedChat: ExpectedChat[] = [];
  const t0 = Date.now();
  for (let i = 0; i < corpus.length; i += batch) {
    expected.push(...send(sb, corpus.slice(i, i + batch), entryId, expectedChat));
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
  log(`[hostile] the panel counts all ${serverTotal} questions after ${settleMs} ms`);

  const shown = new Map<string, ShownRow>();
  for (const state of PANEL_STATES) {
    await panel.showTab(state);
    await releaseArrivals(panel, state, 20_000);
    const t = Date.now();
    const rows = await readAllRows(panel.page);
    for (const row of rows) shown.set(row.id, row);
    log(`[hostile] ${state}: read ${rows.length} rows in ${Date.now() - t} ms`);
  }
  let overflowPx = await panel.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  // The Chat view: every message (held-back arrivals brought in, earlier ones expanded), as text.
  const chatTruth = sb.control.chat(entryId).messages;
  await panel.page.click('[data-testid="view-chat"]', { timeout: 15_000 });
  await panel.page.waitForSelector('[data-testid="chat-list"]', { timeout: 15_000 });
  const tChat = Date.now();
  // The Chat view keeps at most CHAT_MAX_ROWS (300) rows in the page: the newest window is read, then each
  // earlier one ("Show N earlier"), until every message has been seen in some window.
  const chatRows = new Map<string, ShownChat>();
  await waitFor(
    `the Chat view to list the server's ${chatTruth.length} messages`,
    async () => {
      const newItems = panel.tid('chat-new-items');
      if ((await newItems.count()) > 0) await newItems.first().click({ timeout: 2_000 }).catch(() => {});
      for (const r of (await panel.page.evaluate(READ_CHAT)) as ShownChat[]) chatRows.set(r.id, r);
      const earlier = panel.tid('chat-earlier');
      if (chatRows.size < chatTruth.length && (await earlier.count()) > 0) await earlier.first().click({ timeout: 2_000 }).catch(() => {});
      return chatRows.size;
    },
    (n) => n >= chatTruth.length,
    { timeout: opts.settleTimeout ?? 60_000, interval: 200 },
  ).catch(() => undefined); // what is missing is reported per message below
  log(`[hostile] chat: read ${chatRows.size} messages in ${Date.now() - tChat} ms`);
  overflowPx = Math.max(overflowPx, await panel.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));

  const truth = new Map(sb.control.truth(entryId).questions.map((q) => [q.id, q]));
  const mismatches: string[] = [];
  const missing: string[] = [];
  const breaks: string[] = [];
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
    if (row.breaks.length) breaks.push(`#${s.n} ${s.kind}/${s.field}: ${row.breaks.join('; ')}`);
    const ok = row.elements === 0 && asShown(got) === want;
    if (ok) rendered++;
    else {
      const diff = firstDifference(asShown(got), want);
      mismatches.push(`#${s.n} ${s.kind}/${s.field}: ${row.elements} element(s) inside user text; first difference at ${diff}: shown ${JSON.stringify(asShown(got).slice(diff, diff + 40))}, server ${JSON.stringify(want.slice(diff, diff + 40))}`);
    }
  }

  const chatById = new Map(chatTruth.map((m) => [m.id, m]));
  for (const c of expectedChat) {
    const row = chatRows.get(c.messageId);
    const m = chatById.get(c.messageId);
    if (!row || !m) {
      missing.push(`#${c.s.n} ${c.s.kind}/chat ${c.as} (message ${c.messageId})`);
      continue;
    }
    // The content script reads at most 20,000 characters of a field and keeps CHAT_ROW_LIMITS of it; a
    // sender with no name left after trimming shows as its user id.
    const want = c.as === 'text' ? asShown(m.text.slice(0, 20_000).slice(0, CHAT_ROW_LIMITS.text)) : asShown(c.s.text.slice(0, 20_000).trim().slice(0, CHAT_ROW_LIMITS.name)) || c.userId;
    const got = asShown(c.as === 'text' ? row.text : row.sender);
    if (row.elements === 0 && got === want) rendered++;
    else {
      const diff = firstDifference(got, want);
      mismatches.push(`#${c.s.n} ${c.s.kind}/chat ${c.as}: ${row.elements} element(s) inside user text; first difference at ${diff}: shown ${JSON.stringify(got.slice(diff, diff + 40))}, server ${JSON.stringify(want.slice(diff, diff + 40))}`);
    }
    if (row.breaks.length) breaks.push(`#${c.s.n} ${c.s.kind}/chat ${c.as}: ${row.breaks.join('; ')}`);
  }

  const ann = await runAnnouncementErrors(sb, panel.page, hostileAnnouncementErrors(opts.announceErrors ?? 0, opts.seed ?? 1), log);
  mismatches.push(...ann.mismatches);
  missing.push(...ann.missing);
  breaks.push(...ann.breaks);
  rendered += ann.rendered;
  overflowPx = Math.max(overflowPx, await panel.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));

  const pageI = await instruments(page);
  const panelI = await instruments(panel.page);
  const executed = [...pageI.hits, ...panelI.hits].map((x) => Number(/\((\d+)\)/.exec(x)?.[1] ?? -1));
  return {
    sent: corpus.length,
    rendered,
    expectedInPanel: expected.length + expectedChat.length + ann.expected,
    expectedChat: expectedChat.length,
    layoutBreaks: breaks.slice(0, 10),
    layoutBreakCount: breaks.length,
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
    announceExpected: ann.expected,
    announceRendered: ann.rendered,
    announceResponsiveMs: ann.responsiveMs,
  };
}

/** The send-now's failure as the composer shows it (plain source: it runs in the panel). */
const READ_ANN_ERROR = `(() => {
  ${LAYOUT}
  var row = document.querySelector('[data-testid=ann-send-error]');
  var text = document.querySelector('[data-testid=ann-send-error-text]');
  var form = document.querySelector('[data-testid=ann-composer]');
  if (!row || !text || !form) return null;
  var mark = row.querySelector('[data-testid=ann-reason-cut]');
  return {
    text: text.textContent || '',
    elements: text.querySelectorAll('*').length,
    cutMark: mark ? mark.textContent : null,
    breaks: layoutBreaks(row, form, [text]),
  };
})()`;

interface ShownAnnError {
  text: string;
  elements: number;
  cutMark: string | null;
  breaks: string[];
}

/**
 * Each error text in turn: armed in the sandbox (the widget refuses the next send with it), then a plain
 * announcement sent from the panel's composer; the composer's error must show the reason as text, cut to
 * REASON_SHOWN_MAX with a visible mark when longer, inside its line. A first, benign error finds the
 * product's own words around the widget's text ("Not sent: The widget refused …: "), so only the widget's
 * part is taken as given. Last, with nothing armed, a plain announcement goes out: the panel still works.
 */
async function runAnnouncementErrors(
  sb: Sandbox,
  panel: Page,
  errors: HostileString[],
  log: (line: string) => void,
): Promise<{ expected: number; rendered: number; mismatches: string[]; missing: string[]; breaks: string[]; responsiveMs: number }> {
  const out = { expected: errors.length, rendered: 0, mismatches: [] as string[], missing: [] as string[], breaks: [] as string[], responsiveMs: 0 };
  if (errors.length === 0) return out;
  await panel.click('[data-testid="view-announcements"]', { timeout: 15_000 });
  await panel.waitForSelector('[data-testid="ann-composer"]', { timeout: 15_000 });
  const read = async () => (await panel.evaluate(READ_ANN_ERROR)) as ShownAnnError | null;
  // What tells one failure's error from the one before (the whole text would make a timeout's message 300 KB).
  const state = () =>
    panel.evaluate(() => {
      const send = document.querySelector<HTMLButtonElement>('[data-testid=ann-send]');
      const t = document.querySelector('[data-testid=ann-send-error-text]')?.textContent ?? null;
      return { busy: !send || send.disabled, key: t === null ? null : `${t.length}:${t.slice(0, 600)}` };
    });
  let lastWait = '';
  const refused = async (n: number, error: string): Promise<ShownAnnError | null> => {
    const before = (await state()).key;
    const sendsBefore = sb.faults.state().announceSends;
    sb.faults.failAnnouncements([error]);
    await panel.fill('[data-testid="ann-text"]', `Hostile error probe ${n}`);
    await panel.click('[data-testid="ann-send"]');
    const after = await waitFor(`the composer to show the refusal of send ${n}`, state, (v) => !v.busy && v.key !== null && v.key !== before, { timeout: 30_000, interval: 100 }).catch(
      (e: Error) => {
        lastWait = e.message.slice(0, 400);
        return null;
      },
    );
    // One click, one send: a second one (two content-script instances each answering the background's
    // announce-perform) would post the announcement although the widget refused it.
    const sends = sb.faults.state().announceSends - sendsBefore;
    if (sends !== 1) throw new Error(`send ${n}: one click made ${sends} announcement sends in the widget (the panel says: ${after?.key?.slice(0, 120) ?? lastWait})`);
    return after ? read() : null;
  };

  const t0 = Date.now();
  const BENIGN = 'calibration error 7f3a';
  const calib = await refused(-1, BENIGN);
  if (!calib || !calib.text.endsWith(BENIGN)) {
    const view = await panel.evaluate(() => (document.querySelector('[data-testid=ann-view]') as HTMLElement | null)?.innerText.slice(0, 600) ?? '(no view)');
    throw new Error(
      `the composer did not show a plain widget error as its reason: ${JSON.stringify(calib)?.slice(0, 300)} ${lastWait}; the view: ${JSON.stringify(view)}; armed left: ${sb.faults.state().announceErrors}`,
    );
  }
  const prefix = calib.text.slice(0, -BENIGN.length);

  for (const s of errors) {
    const shown = await refused(s.n, s.text);
    if (!shown) {
      out.missing.push(`#${s.n} ${s.kind}/announcement-error (no refusal shown: ${lastWait})`);
      continue;
    }
    const full = prefix + asShown(s.text);
    const want = asShown(boundReason(full).shown);
    const got = asShown(shown.text);
    const wantMark = full.length > REASON_SHOWN_MAX;
    if (shown.breaks.length) out.breaks.push(`#${s.n} ${s.kind}/announcement-error: ${shown.breaks.join('; ')}`);
    if (shown.elements === 0 && got === want && (shown.cutMark !== null) === wantMark) out.rendered++;
    else {
      const diff = firstDifference(got, want);
      out.mismatches.push(
        `#${s.n} ${s.kind}/announcement-error: ${shown.elements} element(s) inside the reason; cut mark ${shown.cutMark === null ? 'absent' : 'shown'} (${wantMark ? 'wanted' : 'not wanted'}); ${got.length} characters shown (${want.length} wanted); first difference at ${diff}: shown ${JSON.stringify(got.slice(diff, diff + 40))}, wanted ${JSON.stringify(want.slice(diff, diff + 40))}`,
      );
    }
  }
  log(`[hostile] announcement errors: ${out.rendered} of ${errors.length} shown as text, bounded, in ${Date.now() - t0} ms`);

  // Responsive: with nothing armed, a plain announcement goes out and is listed as sent.
  const done = `Hostile run over ${Date.now()}`;
  await panel.fill('[data-testid="ann-text"]', done);
  const t1 = Date.now();
  await panel.click('[data-testid="ann-send"]');
  await waitFor(
    'a plain announcement listed as sent after the hostile errors',
    () => panel.locator('[data-testid="ann-history-item"][data-result="sent"] [data-testid="ann-history-text"]').allTextContents(),
    (t) => t.includes(done),
    { timeout: 30_000, interval: 100 },
  );
  out.responsiveMs = Date.now() - t1;
  return out;
}

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
