// Settings and reports, end to end: the production Chrome build in Debian's Chromium against the sandbox, as
// a moderator on the CnC moderator app. The settings view shows what the sandbox page reveals (its widget
// config, the approval step) and "unknown" for the rest, and links to the event's interaction settings;
// with an admin session, report 70001's totals match what the sandbox's audience did, 3009/3010 show what
// the sandbox answers; our own report counts the session's truth; its CSV keeps a "=" cell as text.
// Run: npm run build && E2E_SKIP_BUILD=1 npx vitest run -c test/e2e/vitest.config.ts test/e2e/settings-report.e2e.ts
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORTS } from '../../sandbox/kaltura/reports/definitions';
import { factsInScope } from '../../sandbox/kaltura/reports/facts';
import { sessionsInScope, type ReportScope } from '../../sandbox/kaltura/reports/scope';
import { ask, CNC_ENTRY, openModeration, type Moderation } from './harness/qna';
import { PARTNER_ID } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';
import { sleep, waitFor } from './harness/wait';

const EVENT_ID = 7654321;
const FORMULA = '=HYPERLINK("https://evil.example","click me")';

// The audience acts before the browser starts: the panel finds it all when it attaches.
const env = useSandboxChromium({ prepare: audience });
let m: Moderation;
const asked: string[] = [];

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF): what a spreadsheet reads. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** Clicks Chat CSV and reads the file it saves (written from the chat log on this computer: a read, then the file). */
async function chatCsv(): Promise<string> {
  const page = m.panel.page;
  const before = await page.evaluate(() => (window as unknown as { savedBlobs: Blob[] }).savedBlobs.length);
  await page.click('[data-testid="report-csv-chat"]');
  await waitFor('the chat CSV to be saved', () => page.evaluate(() => (window as unknown as { savedBlobs: Blob[] }).savedBlobs.length), (n) => n > before);
  return page.evaluate(async () => {
    const blobs = (window as unknown as { savedBlobs: Blob[] }).savedBlobs;
    return blobs[blobs.length - 1]!.text();
  });
}

/** One action through the sandbox's control API (`moderator`: with the moderators group). */
function act(userId: string, action: Record<string, unknown>, moderator = false): string | undefined {
  const r = env.sb.control.act({ entryId: CNC_ENTRY, userId, moderator, action: action as never });
  if (!r.ok) throw new Error(`sandbox refused ${JSON.stringify(action)} as ${userId}: ${JSON.stringify(r)}`);
  return r.id;
}

/** The audience, through the sandbox's control API: what the reports must count. */
function audience() {
  asked.push(ask(env.sb, 'When will the slides be shared?', { userId: 'attendee-1' }));
  asked.push(ask(env.sb, 'Is there a recording?', { userId: 'attendee-2' }));
  asked.push(ask(env.sb, FORMULA, { userId: 'attendee-3' }));
  asked.push(ask(env.sb, 'Can we ask anonymously?', { userId: 'attendee-2' }));
  for (const [user, text] of [['attendee-1', 'hello'], ['attendee-2', 'hi all'], ['attendee-1', 'great talk'], ['attendee-4', '+1'], ['attendee-4', 'thanks']]) act(user!, { type: 'chat.post', text });
  for (const [user, reaction] of [['attendee-1', 'clap'], ['attendee-1', 'love'], ['attendee-2', 'clap'], ['attendee-3', 'wow'], ['attendee-3', 'clap'], ['attendee-4', 'like']]) act(user!, { type: 'react', reaction });
}

beforeAll(async () => {
  m = await openModeration(env.h);
});

const setting = (key: string) => m.panel.page.locator(`[data-testid="setting-${key}"]`);

describe('settings view', () => {
  it('shows what the page reveals, "unknown" for the rest, and links to the event interaction settings', async () => {
    const page = m.panel.page;
    await page.click('[data-testid="view-settings"]');
    await page.waitForSelector('[data-testid="settings-view"]');
    // The sandbox page's cncConfig: ui.groupChat.enabled and reactions.mode (VERIFIED shape), modules (MODELED).
    for (const key of ['module.chat', 'module.reactions', 'module.qna', 'module.polls', 'module.announcements']) {
      expect(await setting(key).getAttribute('data-value'), key).toBe('on');
      expect(await setting(key).getAttribute('data-confidence'), key).toBe('stated');
    }
    expect(await setting('module.chat').textContent()).toContain('ui.groupChat.enabled');
    // Questions wait for approval in the moderator's view: moderation is seen on (the sandbox's truth).
    expect(env.sb.control.truth(CNC_ENTRY).settings.qnaModeration).toBe(true);
    await waitFor('Q&A moderation seen', () => setting('qnaModeration').getAttribute('data-value'), (v) => v === 'on');
    expect(await setting('qnaModeration').getAttribute('data-confidence')).toBe('seen');
    for (const key of ['anonymousQuestions', 'chatBeforeStart', 'chatAfterEnd']) {
      expect(await setting(key).getAttribute('data-value'), key).toBe('unknown');
      expect(await setting(key).textContent(), key).toContain('Nobody revealed it');
    }
    // The event id comes from the widget's JWT claim: the link is right for this event.
    expect(await page.getAttribute('[data-testid="settings-admin-link"]', 'href')).toBe(`https://events.kaltura.com/virtual-event/${EVENT_ID}/interactions/settings`);
    expect(await m.panel.text('settings-session-name')).toBe('unknown');
  });

  it('with an admin session: the session as the Events API names it', async () => {
    const page = m.panel.page;
    const ks = env.sb.state.issueKs({ partnerId: PARTNER_ID, type: 2, userId: 'report-admin', privileges: '' });
    await page.locator('[data-testid="admin-session"] input[type="radio"]').nth(1).check();
    await page.fill('[data-testid="admin-ks"]', ks);
    await page.click('[data-testid="admin-connect"]');
    await m.panel.waitText('admin-status', /Connected as report-admin/);
    await m.panel.waitText('settings-session-name', 'Opening keynote');
    expect(await m.panel.text('settings-session-type')).toBe('LiveWebcast');
    expect(await m.panel.text('settings-session-times')).toMatch(/live now/);
  });

  it("changes reactions through the widget's own switch and confirms it from what the widget shows; a failure is reported", async () => {
    const page = m.panel.page;
    await page.click('[data-testid="view-settings"]');
    const button = page.locator('[data-testid="setting-change-module.reactions-button"]');
    const result = page.locator('[data-testid="setting-change-result"]');
    await button.filter({ hasText: 'Turn reactions off' }).waitFor({ timeout: 15_000 });
    // Other settings have no widget control: the deep link stays.
    expect(await page.getAttribute('[data-testid="settings-admin-link"]', 'href')).toBe(`https://events.kaltura.com/virtual-event/${EVENT_ID}/interactions/settings`);

    await button.click();
    await page.locator('[data-testid="setting-change-result"][data-outcome="confirmed"]').waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toBe('Done: the widget now shows reactions off.');
    // The widget shows it, the session holds it, and the settings row says so, from the widget.
    await m.page.waitForSelector('.kep-reactions[data-kep-enabled="false"]', { timeout: 5_000 });
    expect(env.sb.control.truth(CNC_ENTRY).settings.modules.reactions).toBe(false);
    await waitFor('the reactions row to say off', () => setting('module.reactions').getAttribute('data-value'), (v) => v === 'off');
    expect(await setting('module.reactions').getAttribute('data-confidence')).toBe('seen');
    expect(await setting('module.reactions').textContent()).toContain('reactions switch');

    // The widget's switch does nothing (its click never reaches the widget): the widget keeps showing off,
    // and the panel says the change failed, with why.
    await m.page.evaluate(() => {
      const w = window as unknown as { swallow?: (e: Event) => void };
      w.swallow = (e: Event) => {
        if ((e.target as Element | null)?.closest?.('.kep-reactions-switch')) e.stopImmediatePropagation();
      };
      window.addEventListener('click', w.swallow, true);
    });
    try {
      await button.filter({ hasText: 'Turn reactions on' }).click();
      await page.locator('[data-testid="setting-change-result"][data-outcome="failed"]').waitFor({ timeout: 25_000 });
      expect(await result.getAttribute('role')).toBe('alert');
      expect(await result.textContent()).toMatch(/^Reactions were not turned on: The widget did not show reactions on/);
      expect(env.sb.control.truth(CNC_ENTRY).settings.modules.reactions).toBe(false);
      expect(await setting('module.reactions').getAttribute('data-value')).toBe('off');
    } finally {
      await m.page.evaluate(() => window.removeEventListener('click', (window as unknown as { swallow: (e: Event) => void }).swallow, true));
    }

    // Back on (the reports below count reactions).
    await button.filter({ hasText: 'Turn reactions on' }).click();
    await page.locator('[data-testid="setting-change-result"][data-outcome="confirmed"]').waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toBe('Done: the widget now shows reactions on.');
    await m.page.waitForSelector('.kep-reactions[data-kep-enabled="true"]', { timeout: 5_000 });
    expect(env.sb.control.truth(CNC_ENTRY).settings.modules.reactions).toBe(true);
  }, 90_000);
});

describe('report view', () => {
  /** The scope the panel asks for: the event, the session's own times (the Events API's, the world's). */
  const scope = (): ReportScope => {
    const s = env.sb.control.truth(CNC_ENTRY).session;
    return { from: s.startAt, to: s.endAt, virtualEventIds: [EVENT_ID], delimiter: '|' };
  };
  const shownTotals = () =>
    m.panel.page.locator('[data-testid="kreport-total"] tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-column'), r.querySelector('td')?.textContent ?? ''])));

  it("report 70001's totals match what the audience did", async () => {
    const page = m.panel.page;
    await page.click('[data-testid="view-report"]');
    await page.waitForSelector('[data-testid="kaltura-reports"]');
    await page.click('[data-testid="kreport-70001"]');
    await page.waitForSelector('[data-testid="kreport-result-70001"] [data-testid="kreport-total"]', { timeout: 15_000 });
    const shown = await shownTotals();
    // What the test's audience did, counted here…
    expect(shown).toMatchObject({
      count_cnc_group_message_sent: '5',
      unique_users_sent_group_message: '3',
      count_reaction_clicked: '6',
      reaction_clicked_unique_users: '4',
      q_and_a_threads_count: '4',
      unique_users_q_and_a_thread: '3',
    });
    // …and every column as the sandbox's own record of its audience has it (logins included).
    const s = scope();
    const truth = REPORTS['70001']!.total(factsInScope(env.sb.state, s), sessionsInScope(s)).map(String);
    expect(Object.values(shown)).toEqual(truth);
    expect(await page.textContent('[data-testid="kreport-total"]')).toContain('Group chat messages');
  });

  it('3009 and 3010 show what the sandbox answers, labelled', async () => {
    const page = m.panel.page;
    for (const [id, label] of [['3009', 'Session Attendance'], ['3010', 'Certificate of Completion']] as const) {
      expect(await page.textContent(`[data-testid="kreport-${id}"]`)).toContain(label);
      await page.click(`[data-testid="kreport-${id}"]`);
      await page.waitForSelector(`[data-testid="kreport-result-${id}"] [data-testid="kreport-total"]`, { timeout: 15_000 });
      const s = scope();
      const def = REPORTS[id]!;
      const truth = Object.fromEntries(def.totalHeader.map((c, i) => [c, String(def.total(factsInScope(env.sb.state, s), sessionsInScope(s))[i])]));
      expect(await shownTotals()).toEqual(truth);
    }
  });

  it("our report's counts match the session's truth, and its CSV keeps a cell starting with = as text", async () => {
    const page = m.panel.page;
    await page.waitForSelector('[data-testid="session-report"]');
    // A co-moderator approves one question, answers another in text and marks a third answered live, in the
    // widget: the report counts what the session holds, not what this panel did.
    act('co-moderator', { type: 'qna.approve', questionId: asked[0] }, true);
    act('co-moderator', { type: 'qna.answer', questionId: asked[1], text: 'Yes, tomorrow.', private: false }, true);
    act('co-moderator', { type: 'qna.answeredLive', questionId: asked[3], on: true }, true);
    const truth = env.sb.control.truth(CNC_ENTRY).questions;
    const approved = truth.filter((q) => q.state === 'approved').length;
    expect(approved).toBeGreaterThanOrEqual(2); // the approval, and the live answer's (it approves a pending one)
    await m.panel.waitText('report-asked', String(truth.length));
    await m.panel.waitText('report-approved', String(approved));
    expect(await m.panel.text('report-pending')).toBe(String(truth.filter((q) => q.state === 'pending').length));
    expect(await m.panel.text('report-dismissed')).toBe(String(truth.filter((q) => q.state === 'dismissed').length));
    expect(await m.panel.text('report-answered-text')).toBe(String(truth.filter((q) => q.answers.length > 0).length));
    expect(await m.panel.text('report-answered-live')).toBe(String(truth.filter((q) => q.answeredLive).length));
    expect(Number(await m.panel.text('report-answered-text'))).toBe(1);
    expect(await page.locator('[data-testid="chart-activity"]').count()).toBe(1);
    // Catch the file the export saves (a Blob behind an object URL) instead of a download.
    await page.evaluate(() => {
      const w = window as unknown as { savedBlobs: Blob[] };
      if (w.savedBlobs) return;
      w.savedBlobs = [];
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob | MediaSource) => {
        if (b instanceof Blob) w.savedBlobs.push(b);
        return original(b);
      };
    });
    await page.click('[data-testid="report-csv-questions"]');
    const csv = await page.evaluate(async () => {
      const blobs = (window as unknown as { savedBlobs: Blob[] }).savedBlobs;
      return blobs.length ? await blobs[blobs.length - 1]!.text() : '';
    });
    const row = csv.split('\r\n').find((l) => l.includes('HYPERLINK'));
    expect(row, csv.slice(0, 300)).toBeDefined();
    // The cell is quoted and starts with ' : a spreadsheet shows it as text, it runs nothing.
    expect(row).toContain(`,"'=HYPERLINK(""https://evil.example"",""click me"")",`);
    expect(csv.split('\r\n').filter((l) => /(^|,)"?=/.test(l))).toEqual([]);
  });
  it("our report's chat and reactions match the session's truth; the chat log CSV marks deletions", async () => {
    const page = m.panel.page;
    await page.click('[data-testid="view-report"]');
    await page.waitForSelector('[data-testid="session-report"]', { timeout: 15_000 });
    // The widget's counters, as the report shows them, before more happens; and what the meter counted so far.
    await m.panel.waitText('report-reactions', '6');
    const watchedBefore = Number((await m.panel.text('report-reactions-watched'))?.split(' ')[0]);
    // More of the session while the panel watches: a message the default rules flag (a link), one the
    // moderator deletes elsewhere (in the widget, not from this panel), and three more reactions.
    act('attendee-5', { type: 'chat.post', text: 'free tickets at www.spam-example.com' });
    const gone = act('attendee-6', { type: 'chat.post', text: '=SUM(A1:A9)' })!;
    act('moderator-2', { type: 'chat.delete', messageId: gone }, true);
    for (const [user, reaction] of [['attendee-5', 'clap'], ['attendee-6', 'love'], ['attendee-6', 'clap']]) act(user!, { type: 'react', reaction });

    const chat = env.sb.control.chat(CNC_ENTRY);
    const counts = async () => ({
      messages: await m.panel.text('report-chat'),
      senders: await m.panel.text('report-chat-senders'),
      flagged: await m.panel.text('report-chat-flagged'),
      deleted: await m.panel.text('report-chat-deleted'),
      reactions: await m.panel.text('report-reactions'),
      watched: (await m.panel.text('report-reactions-watched'))?.split(' ')[0],
    });
    const allTime = env.sb.control.reactions(CNC_ENTRY).allTime;
    const truth = {
      messages: String(chat.messages.length),
      senders: String(new Set(chat.messages.map((x) => x.userId)).size),
      flagged: '1',
      deleted: String(chat.deleted.length),
      // The widget's counters: the whole session, before the panel watched too.
      reactions: String(Object.values(allTime).reduce((a, b) => a + b, 0)),
      // Counted live since the panel watched: the three above, more than before.
      watched: String(watchedBefore + 3),
    };
    expect(truth).toMatchObject({ messages: '7', senders: '5', deleted: '1', reactions: '9' });
    const shown = await waitFor('the report to count the chat and reactions as the sandbox holds them', counts, (c) => JSON.stringify(c) === JSON.stringify(truth), { timeout: 15_000 }).catch(
      async (e: Error) => ({ error: e.message, ...(await counts()) }),
    );
    expect(shown).toEqual(truth);
    expect(await m.panel.text('report-reactions-types')).toMatch(/applause 5/);
    // The activity chart counts the watched reactions and every chat message.
    const chart = await page.getAttribute('[data-testid="chart-activity"]', 'aria-label');
    expect(chart).toContain(`${watchedBefore + 3} reactions`);
    expect(chart).toContain(`${chat.messages.length} chat`);

    const csv = await chatCsv();
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['Sent at', 'Sender id', 'Sender', 'Message', 'Flagged', 'Deleted', 'Deleted by', 'Deleted at']);
    expect(rows.length).toBe(chat.messages.length);
    // The deleted message is kept in the record, marked, with who deleted it; its formula stays text.
    expect(rows.filter((r) => r[5] === 'yes').map((r) => [r[3], r[6]])).toEqual([["'=SUM(A1:A9)", 'another moderator']]);
    expect(rows.filter((r) => r[4] === 'yes').map((r) => r[3])).toEqual(['free tickets at www.spam-example.com']);
  });

  it("keeps the whole chat on this computer: every message in the log, the CSV with older ones the panel no longer holds, and the log deleted from the keyboard after a confirmation", async () => {
    const page = m.panel.page;
    // This session's messages in the chat log (IndexedDB, the extension's origin: the panel's as the worker's),
    // under the key the worker chose (its partner id as it knew it when the chat began): each save's rows, a
    // message's last version.
    const logged = () =>
      page.evaluate(
        (entry) =>
          new Promise<{ s: string; id: string; text: string; deleted: boolean; deletedBy: string | null }[]>((resolve, reject) => {
            const open = indexedDB.open('cnc-chat-archive');
            // No log yet (the worker has written nothing): none, and no empty database left in its way.
            open.onupgradeneeded = () => open.transaction!.abort();
            open.onerror = () => resolve([]);
            open.onsuccess = () => {
              try {
                const store = open.result.transaction('chunks').objectStore('chunks');
                const keys = store.getAllKeys();
                const values = store.getAll();
                values.onsuccess = () => {
                  const last = new Map<string, { s: string; id: string; text: string; deleted: boolean; deletedBy: string | null }>();
                  keys.result.forEach((key, i) => {
                    const s = (key as string[])[0]!;
                    if (s.endsWith(`:${entry}`)) for (const r of JSON.parse(values.result[i] as string)) last.set(r.id, { ...r, s });
                  });
                  resolve([...last.values()]);
                  open.result.close();
                };
                values.onerror = () => reject(values.error);
              } catch (e) {
                reject(e);
              }
            };
          }),
        CNC_ENTRY,
      );
    // A flood at 200 messages a second, distinct senders and texts (the flag rules stay quiet).
    for (let i = 0; i < 300; i++) {
      act(`attendee-${20 + (i % 60)}`, { type: 'chat.post', text: `flood ${i}` });
      if ((i + 1) % 10 === 0) await sleep(50); // pacing
    }
    const chat = env.sb.control.chat(CNC_ENTRY);
    // The worker wrote every message of the session to the log, with its deletion.
    const rows = await waitFor('the chat log to hold every message', logged, (r) => r.length === chat.messages.length, { timeout: 20_000 });
    expect(new Set(rows.map((r) => r.id)).size).toBe(chat.messages.length);
    const key = rows[0]!.s;
    expect([`${PARTNER_ID}:${CNC_ENTRY}`, `0:${CNC_ENTRY}`]).toContain(key);
    expect(rows.filter((r) => r.deleted).map((r) => [r.text, r.deletedBy])).toEqual([['=SUM(A1:A9)', 'another moderator']]);
    await m.panel.waitText('report-chat', String(chat.messages.length));
    expect(await page.locator('[data-testid="report-csv-chat-note"]').count()).toBe(0);
    expect(await m.panel.text('report-chat-log-kept')).toMatch(/^Chat log kept on this computer for 30 days\./);

    // Older messages of this session that the panel does not hold (what the worker's memory cap lets go in a
    // long event: 50,000 messages are beyond an e2e), written to the log as the worker writes them.
    const first = Math.min(...chat.messages.map((x) => x.at));
    await page.evaluate(
      ({ s, first }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('cnc-chat-archive');
          open.onsuccess = () => {
            const tx = open.result.transaction('chunks', 'readwrite');
            const rows = Array.from({ length: 500 }, (_, i) => ({ id: `older-${i}`, at: first - 3_600_000 + i * 1000, senderId: `early-${i % 9}`, senderName: `Early ${i % 9}`, text: `older ${i}`, flagged: false, deleted: false, deletedBy: null, deletedAt: null }));
            // A save of an hour before: first in the log's order.
            tx.objectStore('chunks').put(JSON.stringify(rows), [s, first - 3_600_000, 'earlier', 0]);
            tx.oncomplete = () => (resolve(), open.result.close());
            tx.onerror = () => reject(tx.error);
          };
        }),
      { s: key, first },
    );
    const [, ...csvRows] = parseCsv((await chatCsv()).replace(/^\uFEFF/, ''));
    expect(csvRows).toHaveLength(500 + chat.messages.length);
    expect(csvRows.slice(0, 500).map((r) => r[3])).toEqual(Array.from({ length: 500 }, (_, i) => `older ${i}`));
    expect(csvRows.map((r) => r[0])).toEqual(csvRows.map((r) => r[0]).sort());
    expect(csvRows.filter((r) => r[3]!.startsWith('flood ')).length).toBe(300);

    // Delete this session's log, from the keyboard: the confirmation takes the focus (Cancel), Escape leaves it,
    // then Delete the log.
    const opener = page.locator('[data-testid="report-chat-log-delete"]');
    await opener.focus();
    await page.keyboard.press('Enter');
    await waitFor('focus on Cancel', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === 'report-chat-log-cancel');
    await page.keyboard.press('Escape');
    await waitFor('focus back on the opener', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (t) => t === 'report-chat-log-delete');
    expect((await logged()).length).toBe(500 + chat.messages.length);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="report-chat-log-cancel"]').waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('report-chat-log-confirm');
    await page.keyboard.press('Enter');
    await m.panel.waitText('report-chat-log-said', /was deleted from this computer/);
    expect(await logged()).toEqual([]);
  });
});
