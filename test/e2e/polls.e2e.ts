// Polls and announcements, end to end: the production Chrome build in Debian's Chromium against the
// sandbox, as a moderator on a `?as=moderator` session page. Prepare three polls before the session,
// launch one, attendees (the sandbox, and a second browser) vote, counts appear live in the panel, close,
// publish results (the attendee widget shows them only then), export CSV; a scheduled announcement reaches
// attendees while the panel is closed and the service worker stopped; templates and drafts survive a
// browser restart (the same user-data-dir launched again).
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/polls*.e2e.ts
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROME_BUILD, CHROMIUM, chromiumArgs, Panel } from './harness/chromium';
import { pollItem, preparePoll } from './harness/polls';
import { ENTRY, sessionUrl, startTestSandbox, type RunningSandbox } from './harness/sandbox';
import { waitFor, withTimeout } from './harness/wait';

/** The sandbox as this test uses it (its in-process control and state). */
interface SandboxPoll {
  _id: string;
  state: string;
  showResults: boolean;
  content: { question: string; options: { id: string; text: string }[] };
}
interface Sandbox extends RunningSandbox {
  control: {
    truth(entryId: string): { polls: { poll: SandboxPoll; results: { answers: number; totals: Record<string, number> } }[]; announcements: { text: string }[] };
  };
  state: { polls: { vote(pollId: string, userId: string, answer: { optionIds?: string[]; text?: string }): unknown } };
}

const E = ENTRY.a;
const QUESTIONS = ['Which track next?', 'How is the audio?', 'Would you come again?'];

let sb: Sandbox;
let userDataDir: string;
/** A private copy of the build: another run's `npm run build` must not swap files under this browser. */
let buildDir: string;
let ext: Extension;
let attendeeBrowser: Browser;
let attendee: Page;

/** The extension in a persistent Chromium profile that can be closed and launched again. */
class Extension {
  /** Uncaught errors of extension pages and errors the service worker logs. */
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly id: string,
  ) {}

  /** `knownId`: the extension's id from an earlier launch of this profile (its worker may not start by itself). */
  static async launch(dir: string, knownId?: string): Promise<Extension> {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: chromiumArgs(buildDir, sb.port),
    });
    const watch = (ext: Extension) => {
      context.on('weberror', (e) => {
        if (e.page()?.url().startsWith('chrome-extension://')) ext.errors.push(`page: ${String(e.error())}`);
      });
      const onWorker = (w: Worker) =>
        w.on('console', (m) => {
          if (m.type() === 'error') ext.errors.push(`service worker: ${m.text()}`);
        });
      context.on('serviceworker', onWorker);
      for (const w of context.serviceWorkers()) onWorker(w);
      return ext;
    };
    if (knownId) return watch(new Extension(context, knownId));
    const sw =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await withTimeout(
        'the extension service worker',
        context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') }),
        20_000,
      ));
    return watch(new Extension(context, new URL(sw.url()).host));
  }

  private worker(): Worker | undefined {
    return this.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${this.id}/`));
  }

  /** Evaluates in the service worker, waking it with an extension page when it is stopped. */
  async swEval<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const w = this.worker();
    if (w) {
      try {
        return (await withTimeout('service worker evaluate', w.evaluate(fn as never, arg), 3_000)) as R;
      } catch {
        /* stopped: wake it */
      }
    }
    const wake = await this.context.newPage();
    await wake.goto(`chrome-extension://${this.id}/manifest.json`).catch(() => {});
    await wake.close();
    const again = await waitFor('the service worker after waking it', () => this.worker(), (x) => !!x, { timeout: 15_000 });
    return (await withTimeout('service worker evaluate', again!.evaluate(fn as never, arg), 10_000)) as R;
  }

  async openTab(url: string, ready = '#kep-widget-1.kep-moderator[data-kep-connection="live"]'): Promise<{ page: Page; tabId: number }> {
    const page = await this.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(ready, { timeout: 15_000 });
    const tabs = await waitFor(
      `the tab of ${url}`,
      () =>
        this.swEval(async () => {
          const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } }).chrome;
          return (await c.tabs.query({})).map((t) => ({ id: t.id, url: t.url ?? '' }));
        }, null),
      (list) => list.some((t) => t.url === url),
    );
    return { page, tabId: Math.max(...tabs.filter((t) => t.url === url).map((t) => t.id)) };
  }

  async openPanel(tabId: number, state = 'attached'): Promise<Panel> {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${this.id}/sidepanel.html?tab=${tabId}`);
    const panel = new Panel(page);
    await panel.waitState(state, 20_000);
    return panel;
  }

  /** Stops the service worker through the DevTools protocol, as the browser does when it idles out. */
  async stopServiceWorker(): Promise<void> {
    const prefix = `chrome-extension://${this.id}/`;
    const page = await this.context.newPage();
    await page.goto(`${prefix}manifest.json`);
    const cdp = await this.context.newCDPSession(page);
    let stopped = false;
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
      for (const v of e.versions) if (v.scriptURL.startsWith(prefix) && v.runningStatus === 'stopped') stopped = true;
    });
    try {
      await cdp.send('ServiceWorker.enable');
      const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as unknown as { targetInfos: { targetId: string; type: string; url: string }[] };
      for (const t of targetInfos.filter((x) => x.type === 'service_worker' && x.url.startsWith(prefix))) {
        await cdp.send('Target.closeTarget' as never, { targetId: t.targetId } as never);
      }
      await waitFor('the service worker to stop', () => stopped, (s) => s, { timeout: 10_000 });
    } finally {
      await cdp.detach().catch(() => {});
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

const moderatorUrl = () => sessionUrl(sb, E, { as: 'moderator' });
const item = pollItem;
const truthPoll = (question: string) => sb.control.truth(E).polls.find((p) => p.poll.content.question === question);

/** "YYYY-MM-DDTHH:mm:ss" in local time, as <input type="datetime-local"> takes it. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

beforeAll(async () => {
  sb = (await startTestSandbox()) as Sandbox;
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cnc-polls-e2e-'));
  buildDir = mkdtempSync(path.join(os.tmpdir(), 'cnc-polls-build-'));
  cpSync(path.resolve(CHROME_BUILD), buildDir, { recursive: true });
  ext = await Extension.launch(userDataDir);
  // The second browser: an attendee, no extension.
  attendeeBrowser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(buildDir, sb.port).filter((a) => !a.includes('-extension')),
  });
  attendee = await (await attendeeBrowser.newContext({ ignoreHTTPSErrors: true })).newPage();
  await attendee.goto(sessionUrl(sb, E));
  await attendee.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 15_000 });
  await attendee.click('button.kep-sidebar-button[data-kep-module="polls"]');
}, 90_000);

afterAll(async () => {
  await attendeeBrowser?.close();
  await ext?.close();
  await sb?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

describe('Chromium: polls and announcements from the side panel', () => {
  it('prepares three polls, runs one live with attendees voting, closes it and publishes results', async () => {
    const { tabId } = await ext.openTab(moderatorUrl());
    const panel = await ext.openPanel(tabId);
    await panel.page.click('[data-testid=view-polls]');
    await panel.page.waitForSelector('[data-testid=poll-library-empty]');

    // Bad input is refused at the field, nothing reaches Kaltura.
    await panel.page.click('[data-testid=poll-new]');
    await panel.page.fill('[data-testid=poll-option-0]', 'Same');
    await panel.page.fill('[data-testid=poll-option-1]', 'same ');
    // Leaving the field shows its error (and moves the buttons): leave it before clicking save.
    await panel.page.locator('[data-testid=poll-option-1]').blur();
    await panel.page.click('[data-testid=poll-save]');
    await panel.waitText('poll-question-error', 'Write a question.');
    await panel.waitText('poll-option-1-error', /repeats option 1/);
    // Cancel on a new poll leaves no draft behind (issue 14): the library is as it was.
    await panel.page.click('[data-testid=poll-cancel]');
    await panel.page.waitForSelector('[data-testid=poll-library-empty]');
    expect(await panel.page.locator('[data-testid=poll-item]').count()).toBe(0);
    expect(sb.control.truth(E).polls).toHaveLength(0);

    // Before the session: three polls, saved as drafts in Kaltura and in the extension.
    await preparePoll(panel, QUESTIONS[0]!, ['Security', 'Data', 'Frontend']);
    await preparePoll(panel, QUESTIONS[1]!, ['Good', 'Bad']);
    await preparePoll(panel, QUESTIONS[2]!, ['Yes', 'No', 'Maybe']);
    expect(sb.control.truth(E).polls.map((p) => [p.poll.content.question, p.poll.state])).toEqual(QUESTIONS.map((q) => [q, 'Draft']));
    expect(await panel.page.locator('[data-testid=poll-item]').count()).toBe(3);

    // Launch the first: it goes live in Kaltura and the panel opens its live view.
    await item(panel, QUESTIONS[0]!).locator('[data-testid=poll-launch]').click();
    await waitFor('the live view', () => panel.page.locator('[data-testid=polls-view]').getAttribute('data-mode'), (m) => m === 'live');
    await panel.waitText('poll-live-state', 'Live');
    // A state looks like a state (a status chip), never like a disabled button (issue 14).
    const disabledButtons = () => panel.page.locator('[data-testid=poll-live] button:disabled').allTextContents();
    expect(await panel.page.getAttribute('[data-testid=poll-live-state]', 'class')).toContain('chip');
    expect(await disabledButtons()).toEqual([]);
    const poll = truthPoll(QUESTIONS[0]!)!.poll;
    expect(poll.state).toBe('Published');
    const optionId = (text: string) => poll.content.options.find((o) => o.text === text)!.id;

    // Simulated attendees vote through the sandbox; the counts follow in the panel within a few seconds.
    sb.state.polls.vote(poll._id, 'attendee-2', { optionIds: [optionId('Security')] });
    sb.state.polls.vote(poll._id, 'attendee-3', { optionIds: [optionId('Data')] });
    sb.state.polls.vote(poll._id, 'attendee-4', { optionIds: [optionId('Data')] });
    await panel.waitText('poll-live-total', '3 answers', 2_500); // read at least once a second

    // The second browser votes in its own widget.
    const option = attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-option[data-kep-option-id="${optionId('Frontend')}"]`);
    await option.waitFor({ timeout: 10_000 });
    // Results are not shown to attendees while the poll runs (showResults is off).
    expect(await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-results`).count()).toBe(0);
    await option.click();
    await panel.waitText('poll-live-total', '4 answers', 2_500);
    const row = (text: string) => panel.page.locator(`[data-testid=poll-result-row]:has([data-testid=poll-result-text]:text-is("${text}"))`);
    await waitFor('counts per option in the panel', async () => Promise.all(['Security', 'Data', 'Frontend'].map((t) => row(t).locator('[data-testid=poll-result-count]').textContent())), (c) => c.join() === '1,2,1');
    expect(await row('Data').locator('[data-testid=poll-result-percent]').textContent()).toBe('50%');
    // The countdown is absent (no auto-close), the numbers keep coming once a second.
    expect(await panel.page.locator('[data-testid=poll-countdown]').count()).toBe(0);

    // Close: UnPublished in Kaltura; attendees still see no results.
    await panel.page.click('[data-testid=poll-close]');
    await panel.waitText('poll-live-state', 'Closed');
    expect(truthPoll(QUESTIONS[0]!)!.poll.state).toBe('UnPublished');
    expect(await disabledButtons()).toEqual([]);
    // The attendee widget re-lists its polls on the close notice: once its list no longer offers the poll
    // as running (gone, or shown closed), it has taken the close in; still no results in it.
    await waitFor(
      'the attendee widget to take the close in',
      () => attendee.evaluate((id) => document.querySelector(`li.kep-poll[data-kep-poll-id="${id}"]`)?.getAttribute('data-kep-state') ?? 'gone', poll._id),
      (state) => state !== 'Published',
      { timeout: 10_000 },
    );
    expect(await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-results`).count()).toBe(0);

    // Publish results: only now does the attendee widget show them.
    await panel.page.click('[data-testid=poll-publish-results]');
    await panel.waitText('poll-live-results-state', 'Results visible to attendees');
    expect(await panel.page.locator('[data-testid=poll-publish-results]').count()).toBe(0);
    expect(await disabledButtons()).toEqual([]);
    expect(truthPoll(QUESTIONS[0]!)!.poll.showResults).toBe(true);
    await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-results`).first().waitFor({ timeout: 10_000 });
    expect((await attendee.locator(`li.kep-poll[data-kep-poll-id="${poll._id}"] .kep-poll-option[data-kep-option-id="${optionId('Data')}"] .kep-poll-results`).textContent())?.trim()).toBe('2');

    // CSV export: a download with a BOM, the header and one row per option.
    const [download] = await Promise.all([panel.page.waitForEvent('download'), panel.page.click('[data-testid=poll-export-csv]')]);
    expect(download.suggestedFilename()).toMatch(/^poll-which-track-next-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFQuestion,Poll type,Option,Votes,Percent')).toBe(true);
    expect(csv).toContain('Which track next?,Multiple choice,Data,2,50,');
    // The CSV says what the panel says: the state as the live view names it, the options as it lists them,
    // the results' visibility in the same words (issue 14).
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = (name: string) => header!.indexOf(name);
    const shownState = await panel.text('poll-live-state');
    expect(shownState).toBe('Closed');
    expect(rows.map((r) => r[col('Poll state')])).toEqual([shownState, shownState, shownState]);
    expect(rows.map((r) => r[col('Option')])).toEqual(await panel.page.locator('[data-testid=poll-result-text]').allTextContents());
    expect(rows.map((r) => r[col('Results')])).toEqual(Array(3).fill(await panel.text('poll-live-results-state')));

    // The other two polls are still drafts, ready for later.
    await panel.page.click('[data-testid=polls-back]');
    for (const q of QUESTIONS.slice(1)) expect(await item(panel, q).getAttribute('data-state')).toBe('Draft');
    await panel.page.close();
    expect(ext.errors).toEqual([]);
  });

  it('sends an announcement now, and a scheduled one reaches attendees with the panel closed and the worker stopped', async () => {
    const { tabId } = await ext.openTab(moderatorUrl());
    let panel = await ext.openPanel(tabId);
    await panel.page.click('[data-testid=view-announcements]');
    await panel.page.waitForSelector('[data-testid=ann-composer]');
    expect(await panel.text('ann-surface-problem')).toBeNull();

    // Now, through the widget's own composer; attendees see it.
    await panel.page.fill('[data-testid=ann-text]', 'Welcome! Slides: https://example.org/slides');
    await panel.page.click('[data-testid=ann-send]');
    await attendee.locator('.kep-announcement-banner .kep-text:text-is("Welcome! Slides: https://example.org/slides")').waitFor({ timeout: 10_000 });
    await waitFor('the history entry', () => panel.page.locator('[data-testid=ann-history-item][data-result=sent]').count(), (n) => n === 1);
    expect(await panel.page.locator('[data-testid=ann-history-link]').getAttribute('href')).toBe('https://example.org/slides');

    // Scheduled ~35 s ahead (beyond chrome.alarms' 30-second floor): the expected time is shown.
    const text = `Back in five minutes (${Date.now()})`;
    await panel.page.fill('[data-testid=ann-text]', text);
    await panel.page.check('[data-testid=ann-mode-schedule]');
    const sendAt = Date.now() + 35_000;
    await panel.page.fill('[data-testid=ann-send-at]', localInput(sendAt));
    await panel.waitText('ann-expected', /^Expected to go out at .+, even with this panel closed\.$/);
    await panel.page.click('[data-testid=ann-send]');
    await panel.page.locator('[data-testid=ann-pending-item]').waitFor();
    expect(await panel.text('ann-pending-when')).toMatch(/^Goes out at /);
    await panel.page.locator('[data-testid=ann-next-alarm]').waitFor();

    // Close the panel and stop the worker: the alarm wakes it, and it sends through the event tab.
    await panel.page.close();
    await ext.stopServiceWorker();
    await attendee.locator(`.kep-announcement-banner .kep-text:text-is(${JSON.stringify(text)})`).waitFor({ timeout: 60_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(sendAt - 1_000);
    expect(sb.control.truth(E).announcements.map((a) => a.text)).toContain(text);

    // The history says so when the panel opens again.
    panel = await ext.openPanel(tabId);
    await panel.page.click('[data-testid=view-announcements]');
    const entry = panel.page.locator(`[data-testid=ann-history-item]:has([data-testid=ann-history-text]:text-is(${JSON.stringify(text)}))`);
    await entry.waitFor();
    expect(await entry.getAttribute('data-result')).toBe('sent');
    expect(await entry.locator('[data-testid=ann-history-meta]').textContent()).toMatch(/by moderator-1 · Chat & Collaborate · scheduled/);
    expect(await panel.page.locator('[data-testid=ann-pending-item]').count()).toBe(0);
    await panel.page.close();
    expect(ext.errors).toEqual([]);
  }, 120_000);

  it('keeps templates and drafts across a browser restart', async () => {
    const { tabId } = await ext.openTab(moderatorUrl());
    let panel = await ext.openPanel(tabId);
    await panel.page.click('[data-testid=view-announcements]');
    await panel.page.fill('[data-testid=ann-text]', 'Coffee is served in the lobby.');
    await panel.page.fill('[data-testid=ann-template-name]', 'Coffee break');
    await panel.page.click('[data-testid=ann-template-save]');
    await waitFor('the saved template', () => panel.page.locator('[data-testid=ann-template] option').allTextContents(), (o) => o.includes('Coffee break'));
    await panel.page.fill('[data-testid=ann-text]', 'Half-written announcement');
    // A poll draft that exists only in this browser (never saved to Kaltura).
    await panel.page.click('[data-testid=view-polls]');
    await panel.page.click('[data-testid=poll-new]');
    await panel.page.fill('[data-testid=poll-question]', 'Local draft, not yet saved');
    // Both drafts are in storage.local before the browser goes (the announcement draft is saved after a short
    // pause in typing): wait for that, not for a guessed time.
    await waitFor(
      'both drafts saved in storage.local',
      () =>
        ext.swEval(async () => {
          const all = await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null);
          const text = JSON.stringify(Object.entries(all).filter(([k]) => k.startsWith('announcements:') || k.startsWith('polls:')));
          return { announcement: text.includes('Half-written announcement'), poll: text.includes('Local draft, not yet saved') };
        }, null),
      (v) => v.announcement && v.poll,
      { timeout: 10_000 },
    );

    await ext.close();
    ext = await Extension.launch(userDataDir, ext.id);
    const again = await ext.openTab(moderatorUrl());
    panel = await ext.openPanel(again.tabId);

    await panel.page.click('[data-testid=view-polls]');
    await waitFor('the poll library after the restart', () => panel.page.locator('[data-testid=poll-item-question]').allTextContents(), (q) => q.length === 4);
    expect(await panel.page.locator('[data-testid=poll-item-question]').allTextContents()).toEqual([...QUESTIONS, 'Local draft, not yet saved']);
    expect(await item(panel, QUESTIONS[0]!).getAttribute('data-state')).toBe('UnPublished');
    expect(await item(panel, QUESTIONS[1]!).locator('[data-testid=poll-item-sync]').textContent()).toBe('Saved in Kaltura');
    expect(await item(panel, 'Local draft, not yet saved').locator('[data-testid=poll-item-sync]').textContent()).toBe('Only in this browser');

    await panel.page.click('[data-testid=view-announcements]');
    // The view loads on first use: wait for it, then read what it restored.
    await waitFor('the announcement templates after the restart', () => panel.page.locator('[data-testid=ann-template] option').allTextContents(), (o) => o.includes('Coffee break'));
    expect(await panel.page.inputValue('[data-testid=ann-text]')).toBe('Half-written announcement');
    await panel.page.selectOption('[data-testid=ann-template]', { label: 'Coffee break' });
    await panel.page.click('[data-testid=ann-template-use]');
    // Over typed text a template asks first (issue 14).
    await panel.page.click('[data-testid=ann-template-replace]');
    expect(await panel.page.inputValue('[data-testid=ann-text]')).toBe('Coffee is served in the lobby.');
    // The history survived too.
    expect(await panel.page.locator('[data-testid=ann-history-item][data-result=sent]').count()).toBe(2);
    expect(ext.errors).toEqual([]);
  }, 120_000);

  it('announces on a legacy webcast session as a Kaltura-QnA Announcement annotation, with the ADMIN session', async () => {
    const url = sessionUrl(sb, ENTRY.webcast);
    const { tabId } = await ext.openTab(url, '.kep-webcast-qna');
    const panel = await ext.openPanel(tabId, 'kaltura-no-cnc');
    await panel.page.click('[data-testid=view-announcements]');
    await panel.waitText('ann-surface-problem', /ADMIN session/);

    const adminKs = (sb as unknown as { state: { issueKs(f: object): string } }).state.issueKs({ partnerId: 1234567, type: 2, userId: 'admin', privileges: '' });
    await panel.page.click('[data-testid=view-page]');
    await panel.page.getByLabel('Admin KS').check();
    await panel.page.fill('[data-testid=admin-ks]', adminKs);
    await panel.page.click('[data-testid=admin-connect]');
    await panel.page.locator('[data-testid=admin-status]').waitFor();

    await panel.page.click('[data-testid=view-announcements]');
    await waitFor('the webcast surface', () => panel.text('ann-surface-problem'), (t) => t === null);
    expect(await panel.page.locator('label[for=ann-text]').textContent()).toBe('Announcement to Webcast Q&A');
    expect(await panel.text('ann-pin-absent')).toBe('Webcast Q&A announcements cannot be pinned.');
    await panel.page.fill('[data-testid=ann-text]', 'The replay will be online tonight.');
    await panel.page.click('[data-testid=ann-send]');
    await waitFor('the history entry', () => panel.page.locator('[data-testid=ann-history-item][data-result=sent] [data-testid=ann-history-meta]').allTextContents(), (m) => m.some((t) => t.includes('Webcast Q&A')));

    // An attendee of the webcast sees it in the player's Q&A, as an Announcement.
    const viewer = await attendee.context().newPage();
    await viewer.goto(url, { waitUntil: 'load' });
    await viewer.waitForSelector('.kep-webcast-qna', { timeout: 15_000 });
    await viewer.locator('.kep-webcast-thread[data-kep-type="Announcement"] .kep-text:text-is("The replay will be online tonight.")').waitFor({ state: 'attached', timeout: 20_000 });
    await viewer.close();
    expect(ext.errors).toEqual([]);
  });
});
