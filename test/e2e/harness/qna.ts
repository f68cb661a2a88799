// Q&A end-to-end helpers: the sandbox as ground truth (control API in-process), the side panel's Q&A view
// read through its data-testid contract, and attendee pages in a separate browser (no extension, one
// cookie jar per attendee) to check what each attendee sees in the widget.
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import type { SandboxWidget } from '../../../sandbox/site/assets';
import { VARIANT_LABELS } from '../../../sandbox/site/variant-markup';
import { synthesisedId } from '../../../lib/cnc/profile-identity';
import { CHROMIUM, ChromiumHarness, Panel, sandboxBrowserArgs } from './chromium';
import { EVENT_HOST } from './sandbox';
import { sleep, waitFor } from './wait';

export type PanelState = 'pending' | 'approved' | 'answered' | 'dismissed';
export const PANEL_STATES: PanelState[] = ['pending', 'approved', 'answered', 'dismissed'];

export const CNC_ENTRY = '1_sessiona1';
export const WEBCAST_ENTRY = '1_webcast3';
export const moderatorUrl = (entryId = CNC_ENTRY) => `https://${EVENT_HOST}/chatandcollaboration/index/moderator?entryId=${entryId}`;
export const attendeeUrl = (entryId = CNC_ENTRY) => `https://${EVENT_HOST}/media/t/${entryId}`;

export async function startQnaSandbox(widget: SandboxWidget = 'kep-2026'): Promise<Sandbox> {
  return startSandbox({ port: 0, seed: 1, attendees: 0, rate: 0, widget });
}

/** The moderator widgets the sandbox can serve, each read through its own bundled profile. */
export type QnaWidget = SandboxWidget;
export const QNA_WIDGETS: readonly QnaWidget[] = ['kep-2026', 'kep-variant'];

/** The widget root once it is connected to the sandbox's CnC server. */
export const WIDGET_LIVE: Record<QnaWidget, string> = {
  'kep-2026': '#kep-widget-1[data-kep-connection="live"]',
  'kep-variant': 'cnc-moderation[data-connection="live"]',
};

/**
 * The id the panel knows a question by: the widget's own (kep-2026 shows it), or the one the profile
 * synthesises from what the row shows (kep-variant shows no ids: author and time, lib/cnc/profile-identity.ts).
 */
export function panelIdOf(sb: Sandbox, serverId: string, widget: QnaWidget, entryId = CNC_ENTRY): string {
  if (widget === 'kep-2026') return serverId;
  const q = truthOf(sb, serverId, entryId);
  return synthesisedId([q.anonymous ? VARIANT_LABELS.anonymous : q.askerName, new Date(q.at).toISOString()]);
}

/** A short unique tag for a test's questions, so the panel's search narrows the list to them. */
let tagCounter = 0;
export function uniqueTag(prefix = 'T'): string {
  tagCounter++;
  return `${prefix}${Date.now().toString(36).slice(-4)}${tagCounter}z`;
}

// ---------------------------------------------------------------------------------------------------------
// The sandbox as ground truth.

export function ask(sb: Sandbox, text: string, opts: { entryId?: string; userId?: string; anonymous?: boolean } = {}): string {
  const r = sb.control.act({
    entryId: opts.entryId ?? CNC_ENTRY,
    userId: opts.userId ?? 'attendee-1',
    action: { type: 'qna.ask', text, anonymous: opts.anonymous === true },
  });
  if (!r.ok || !r.id) throw new Error(`sandbox refused qna.ask ${JSON.stringify(text)} as ${opts.userId}: ${JSON.stringify(r)}`);
  return r.id;
}

export function upvote(sb: Sandbox, questionId: string, userId: string, entryId = CNC_ENTRY): void {
  const r = sb.control.act({ entryId, userId, moderator: true, action: { type: 'qna.upvote', questionId, on: true } });
  if (!r.ok) throw new Error(`sandbox refused qna.upvote ${questionId} as ${userId}: ${JSON.stringify(r)}`);
}

export type TruthQuestion = ReturnType<Sandbox['control']['truth']>['questions'][number];

export function truthOf(sb: Sandbox, id: string, entryId = CNC_ENTRY): TruthQuestion {
  const q = sb.control.truth(entryId).questions.find((x) => x.id === id);
  if (!q) throw new Error(`the sandbox holds no question ${id} in ${entryId}`);
  return q;
}

/** Waits until the server's truth for a question satisfies `ok`; the message shows the last truth. */
export function waitTruth(sb: Sandbox, what: string, id: string, ok: (q: TruthQuestion) => boolean, timeout = 10_000, entryId = CNC_ENTRY) {
  return waitFor(`server truth: ${what} (question ${id})`, () => summarize(truthOf(sb, id, entryId)), () => ok(truthOf(sb, id, entryId)), {
    timeout,
  });
}

/**
 * Every state change the server makes to one question from now on, in order ("pending>dismissed" …): what
 * was performed, not only where it ended. `stop()` unsubscribes.
 */
export function recordTransitions(sb: Sandbox, id: string, entryId = CNC_ENTRY): { transitions: string[]; stop(): void } {
  const transitions: string[] = [];
  const stop = sb.control.world.on((e) => {
    if (e.type !== 'question' || e.entryId !== entryId || e.question.id !== id) return;
    if (e.previousState !== null && e.previousState !== e.question.state) transitions.push(`${e.previousState}>${e.question.state}`);
  });
  return { transitions, stop };
}

function summarize(q: TruthQuestion) {
  return {
    state: q.state,
    handledBy: q.handledBy,
    answeredLive: q.answeredLive,
    answers: q.answers.map((a) => `${a.visibility}:${a.userId}:${a.text}`),
    votes: q.upvoters.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The moderator's side: the CnC moderator view in a tab, and the side panel following it.

export interface Moderation {
  page: Page;
  tabId: number;
  panel: QnaPanel;
}

/** Opens the CnC moderator view and the panel following it, and waits for the Q&A view. */
export async function openModeration(h: ChromiumHarness, url = moderatorUrl(), widget: QnaWidget = 'kep-2026'): Promise<Moderation> {
  const page = await h.openTab(url);
  await page.waitForSelector(WIDGET_LIVE[widget], { timeout: 15_000 }).catch(() => {
    throw new Error(`the CnC widget of ${url} never went live (${WIDGET_LIVE[widget]})`);
  });
  const tabId = await h.tabIdOf(page);
  const panelPage = await h.openPanel(tabId);
  const panel = new QnaPanel(panelPage);
  await panel.waitReady();
  return { page, tabId, panel };
}

export class QnaPanel extends Panel {
  constructor(page: Page) {
    super(page);
  }

  tid(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  /**
   * The question's row in the list. Not a departed row (a question that left the list while the moderator is
   * in it keeps its place, marked, until they leave: components/qna/QnaView.tsx): that one is `departedItem`.
   */
  item(id: string): Locator {
    return this.page.locator(`[data-testid="qna-item"][data-question-id="${id}"]:not([data-departed])`);
  }

  /** The departed row a question left in the list (see `item`). */
  departedItem(id: string): Locator {
    return this.page.locator(`[data-testid="qna-item"][data-question-id="${id}"][data-departed]`);
  }

  async waitReady(timeout = 20_000): Promise<void> {
    await waitFor(
      'the panel to show the Q&A view (data-view="qna" with the qna-list)',
      async () => ({
        state: await this.state(),
        view: await this.page.locator('[data-testid=panel]').getAttribute('data-view'),
        status: await this.text('status'),
        list: await this.tid('qna-list').count(),
      }),
      (v) => v.view === 'qna' && v.list > 0,
      { timeout },
    );
  }

  async currentTab(): Promise<PanelState | null> {
    for (const s of PANEL_STATES) if ((await this.tid(`qna-tab-${s}`).getAttribute('aria-selected')) === 'true') return s;
    return null;
  }

  async showTab(state: PanelState): Promise<void> {
    if ((await this.currentTab()) !== state) await this.tid(`qna-tab-${state}`).click();
    await waitFor(`panel tab ${state} selected`, () => this.currentTab(), (s) => s === state, { timeout: 3_000, interval: 50 });
  }

  async search(text: string): Promise<void> {
    await this.tid('qna-search').fill(text);
  }

  async count(state: PanelState): Promise<number> {
    return Number(((await this.tid(`qna-count-${state}`).textContent()) ?? '').trim());
  }

  async counts(): Promise<Record<PanelState, number>> {
    const out = {} as Record<PanelState, number>;
    for (const s of PANEL_STATES) out[s] = await this.count(s);
    return out;
  }

  /** Ids of the questions rendered in the current list, in order (virtualised: the visible ones; no departed rows). */
  async listedIds(): Promise<string[]> {
    return this.page.locator('[data-testid="qna-item"]:not([data-departed])').evaluateAll((els) =>
      els
        .map((e) => ({ id: e.getAttribute('data-question-id') ?? '', i: Number(e.getAttribute('data-index') ?? 0) }))
        .sort((a, b) => a.i - b.i)
        .map((x) => x.id),
    );
  }

  async listCount(): Promise<number> {
    return Number((await this.tid('qna-list').getAttribute('data-count')) ?? '-1');
  }

  /**
   * Shows the tab of `state` and waits until the question is listed there with that effective state.
   * On timeout it says where the question is instead (or that the panel has it nowhere).
   */
  async waitItem(id: string, state: PanelState, timeout = 10_000): Promise<Locator> {
    await this.showTab(state);
    const row = this.item(id);
    const t0 = Date.now();
    while (Date.now() - t0 < timeout) {
      if ((await row.count()) > 0 && (await row.getAttribute('data-state')) === state) return row;
      // Arrivals held back ("N new") are part of the list the moderator chose to see later: bring them in.
      const more = this.tid('qna-new-items');
      if ((await more.count()) > 0) await more.click().catch(() => {});
      await sleep(100);
    }
    throw new Error(`panel: question ${id} not listed in ${state} within ${timeout}ms; ${await this.whereIs(id)}`);
  }

  /** The tab that lists the question now (its effective state), or null; leaves the panel on that tab. */
  async findTab(id: string): Promise<PanelState | null> {
    for (const s of PANEL_STATES) {
      await this.showTab(s);
      // The list of the tab now rendered (its label names the tab): no sleep standing in for the render.
      await waitFor(`the ${s} list rendered`, () => this.tid('qna-list').getAttribute('aria-label'), (l) => (l ?? '').toLowerCase().startsWith(s), {
        timeout: 3_000,
        interval: 30,
      });
      if ((await this.item(id).count()) > 0) return s;
    }
    return null;
  }

  /** Waits until the question is listed in one of `states`; returns which. */
  async waitItemIn(id: string, states: PanelState[], timeout = 10_000): Promise<PanelState> {
    const t0 = Date.now();
    while (Date.now() - t0 < timeout) {
      const where = await this.findTab(id);
      if (where && states.includes(where)) return where;
      await sleep(150);
    }
    throw new Error(`panel: question ${id} not listed in ${states.join(' or ')} within ${timeout}ms; ${await this.whereIs(id)}`);
  }

  /** Ids in the "Up next" list, in order. */
  async upNext(): Promise<string[]> {
    return this.page.locator('[data-testid=qna-up-next-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id') ?? ''));
  }

  /** A diagnosis for failure messages: which tab lists the question, with what text and command state. */
  async whereIs(id: string): Promise<string> {
    const back = await this.currentTab();
    const found: string[] = [];
    for (const s of PANEL_STATES) {
      await this.showTab(s).catch(() => {});
      await waitFor(`the ${s} list rendered`, () => this.tid('qna-list').getAttribute('aria-label'), (l) => (l ?? '').toLowerCase().startsWith(s), {
        timeout: 3_000,
        interval: 30,
      }).catch(() => {});
      const row = this.item(id);
      if ((await row.count()) > 0) {
        const cmd = this.item(id).locator('[data-testid=qna-command]');
        const cmdText = (await cmd.count()) ? ` command: "${((await cmd.textContent()) ?? '').trim()}"` : '';
        found.push(`${s} (data-state=${await row.getAttribute('data-state')}${cmdText})`);
      }
    }
    if (back) await this.tid(`qna-tab-${back}`).click();
    const counts = await this.counts().catch(() => null);
    return found.length
      ? `it is listed in: ${found.join(', ')}; counts ${JSON.stringify(counts)}`
      : `it is in no tab (search "${await this.tid('qna-search').inputValue()}", counts ${JSON.stringify(counts)})`;
  }

  /** Clicks a row action button (qna-approve, qna-dismiss, …) of a listed question. */
  async rowAction(id: string, testid: string): Promise<void> {
    const button = this.item(id).locator(`[data-testid="${testid}"]`);
    if ((await button.count()) === 0) {
      const offered = await this.item(id).locator('.qna-actions button').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      throw new Error(`panel: question ${id} offers no ${testid} (offered: ${offered.join(', ') || 'none'})`);
    }
    await button.click();
  }

  /** Opens the reply box (public or private), types and sends; waits for the box to close. */
  async answer(id: string, visibility: 'public' | 'private', text: string): Promise<void> {
    await this.rowAction(id, visibility === 'public' ? 'qna-answer-public' : 'qna-answer-private');
    const box = this.tid('qna-reply');
    await box.waitFor({ timeout: 3_000 });
    await waitFor('reply box for the question', () => box.getAttribute('data-question-id'), (v) => v === id, { timeout: 3_000 });
    await this.tid('qna-reply-text').fill(text);
    const send = this.tid('qna-reply-send');
    await waitFor(
      'the Send button of the reply box to be enabled (the claim must be ours first)',
      async () => ({ disabled: await send.isDisabled(), note: ((await this.tid('qna-claim-note').textContent({ timeout: 100 }).catch(() => '')) ?? '').trim() }),
      (v) => !v.disabled,
      { timeout: 5_000 },
    );
    await send.click();
    await box.waitFor({ state: 'detached', timeout: 3_000 });
  }

  /** Waits until no command is in flight or failed for the question; throws with the failure text. */
  async waitCommandsDone(id: string, timeout = 10_000): Promise<void> {
    await waitFor(
      `panel: the commands on question ${id} to finish`,
      async () => {
        const cmd = this.item(id).locator('[data-testid=qna-command]');
        if ((await cmd.count()) === 0) return null;
        return { state: await cmd.getAttribute('data-command-state'), text: ((await cmd.textContent()) ?? '').trim() };
      },
      (v) => v === null,
      { timeout },
    );
  }

  async announce(): Promise<string> {
    return ((await this.tid('qna-announce').textContent()) ?? '').trim();
  }

  async failedCommands(): Promise<string[]> {
    return (await this.page.locator('[data-testid=qna-command][data-command-state=failed]').allTextContents()).map((s) => s.trim());
  }
}

// ---------------------------------------------------------------------------------------------------------
// Attendees: the sandbox widget in a browser without the extension, one context per attendee.

export class Attendees {
  private contexts: BrowserContext[] = [];
  private constructor(readonly browser: Browser) {}

  static async launch(sandboxPort: number): Promise<Attendees> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: sandboxBrowserArgs(sandboxPort),
    });
    return new Attendees(browser);
  }

  /** The session page as `userId` (signed in through /login), with the Q&A module open. */
  async open(userId: string, entryId = CNC_ENTRY): Promise<AttendeePage> {
    const context = await this.browser.newContext({ ignoreHTTPSErrors: true });
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto(`https://${EVENT_HOST}/login?user=${encodeURIComponent(userId)}`);
    await page.goto(attendeeUrl(entryId));
    if (entryId !== WEBCAST_ENTRY) {
      await page.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
      await page.click('button.kep-sidebar-button[data-kep-module="qna"]');
    } else {
      await page.waitForSelector('.kep-webcast-qna', { timeout: 15_000 });
    }
    return new AttendeePage(page, userId);
  }

  async closeAll(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => {});
  }

  async close(): Promise<void> {
    await this.closeAll();
    await this.browser.close().catch(() => {});
  }
}

export class AttendeePage {
  constructor(
    readonly page: Page,
    readonly userId: string,
  ) {}

  question(id: string): Locator {
    return this.page.locator(`li.kep-question[data-kep-question-id="${id}"]`);
  }

  async waitQuestion(id: string, what: string, selectorInside: string | null, timeout = 5_000): Promise<void> {
    const loc = selectorInside ? this.question(id).locator(selectorInside) : this.question(id);
    try {
      await loc.first().waitFor({ timeout });
    } catch {
      const html = (await this.question(id).count()) ? await this.question(id).evaluate((e) => e.outerHTML.slice(0, 600)) : '(not shown at all)';
      throw new Error(`attendee ${this.userId}: ${what} not seen within ${timeout}ms; the question in the widget: ${html}`);
    }
  }

  /**
   * Starts recording whether the question ever appears in this attendee's widget (a MutationObserver in the
   * page, so a flash between two polls is caught too). Read it with `everShown`.
   */
  async watchFor(id: string): Promise<void> {
    await this.page.evaluate((qid) => {
      const w = window as unknown as { __seen?: Record<string, boolean> };
      w.__seen ??= {};
      w.__seen[qid] = false;
      const check = () => {
        if (document.querySelector(`li.kep-question[data-kep-question-id="${CSS.escape(qid)}"]`)) w.__seen![qid] = true;
      };
      check();
      new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    }, id);
  }

  async everShown(id: string): Promise<boolean> {
    return this.page.evaluate((qid) => (window as unknown as { __seen?: Record<string, boolean> }).__seen?.[qid] === true, id);
  }

  async answers(id: string): Promise<{ visibility: string | null; text: string }[]> {
    return this.question(id)
      .locator('.kep-answer')
      .evaluateAll((els) => els.map((e) => ({ visibility: e.getAttribute('data-kep-visibility'), text: e.querySelector(':scope > .kep-text')?.textContent ?? '' })));
  }
}
