// A restarted worker and the tab's content script: the worker restores the session from storage and asks
// the tab for what it reported after the saved cursor only (not the whole backlog again), and the restored
// session is still complete: rows reported after the last save come back, none are lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QnaAttachment } from '@/lib/cnc/qna-attach';
import type { QnaBatch } from '@/lib/contracts/qna-batch';
import { QnaManager } from '@/lib/session/qna/manager';
import { LIMITS } from '@/lib/session/qna/repository';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import { memoryArea } from '../memory-area';

const TAB = 7;
const ENTRY = '1_sessiona1';
const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};
const row = (id: string) =>
  `<li data-kep-question-id="${id}" data-kep-state="pending"><span class="kep-sender">A</span><p class="kep-text">Q ${id}</p><span class="kep-upvote-count">0</span></li>`;
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `q${from + i}`);

describe('a worker restart and the content script', () => {
  let session: ReturnType<typeof memoryArea>;
  let local: ReturnType<typeof memoryArea>;
  let worker: QnaManager;
  let tab: QnaAttachment;
  let sent: QnaBatch[];
  let life: AbortController;
  let tokens = 0;

  let workerLife = { stopped: false };
  /**
   * A worker as the background makes it: its rescans reach the tab as content.ts hands them on. Starting
   * one stops the one before: its timers (the batched save) never fire again.
   */
  const startWorker = () => {
    workerLife.stopped = true;
    const life = (workerLife = { stopped: false });
    return new QnaManager({
      session,
      local,
      now: Date.now,
      newId: () => `token-${++tokens}`,
      cncSurfaceFor: () => surface,
      webcastSurfaceFor: async () => null,
      meOf: async () => 'me',
      rescan: (_tabId, request) => tab.rescan({ type: 'qna-rescan', ...request } as never),
      onPatch: () => undefined,
      onPending: () => undefined,
      setTimeout: (fn, ms) => setTimeout(() => life.stopped || fn(), ms),
    });
  };
  /** The worker stops and a new one starts; a panel asks it for the session; then until the tab is quiet. */
  const restartWorker = async () => {
    sent.length = 0;
    worker = startWorker();
    await worker.snapshot(TAB);
    await settled();
  };
  const list = () => document.getElementById('list')!;
  const shown = async () => (await worker.snapshot(TAB))?.questions.map((q) => q.id).sort() ?? [];
  const settled = async () => {
    // The tab's sends and the worker's batches go on in the background: wait until both are quiet.
    let before = -1;
    await vi.waitFor(async () => {
      const now = sent.length;
      const quiet = now === before;
      before = now;
      await new Promise((r) => setTimeout(r, 60));
      expect(quiet).toBe(true);
    }, { timeout: 5_000 }); // a loaded machine may need many 60 ms rounds before two agree
  };

  beforeEach(() => {
    session = memoryArea();
    local = memoryArea();
    sent = [];
    document.body.innerHTML = `<div id="kep-widget-1" data-kep-connection="live"><ul id="list">${ids(50).map(row).join('')}</ul></div>`;
    life = new AbortController();
    worker = startWorker();
    tab = new QnaAttachment({
      send: (batch) => {
        sent.push(batch);
        // Batches go to whichever worker runs now (a stopped one hears nothing more).
        return worker.onBatch(TAB, batch.entryId, batch.profileId, batch.questions, batch).then(() => true);
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: Date.now,
    });
    tab.start({ root: document.getElementById('kep-widget-1')!, entryId: ENTRY, profileId: 'kep-2026', moderator: true, signal: life.signal });
  });
  afterEach(() => life.abort());

  it('resends only what was reported after the last save, and the restored session is complete', async () => {
    await settled();
    await worker.flushSaves();
    expect(await shown()).toEqual(ids(50).sort());
    // Five more questions reach the worker, which stops before its next save.
    list().insertAdjacentHTML('beforeend', ids(5, 50).map(row).join(''));
    await vi.waitFor(async () => expect(await shown()).toHaveLength(55), { interval: 5 });
    sent.length = 0;
    worker = startWorker();
    // A panel asks the new worker for the session: restored from storage, and the tab resends the five.
    await worker.snapshot(TAB);
    // The resend comes after the tab's own batching delay: wait for it (a quiet 60 ms alone passed too early
    // on a loaded machine), then until nothing more comes.
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));
    await settled();
    expect(sent.flatMap((b) => b.questions.map((q) => q.id)).sort()).toEqual(ids(5, 50).sort());
    expect(await shown()).toEqual(ids(55).sort());
  });

  it('asks for every row again when the saved cursor is another content script\'s (the page was reloaded)', async () => {
    await settled();
    await worker.flushSaves();
    // The page reloads: a new content script (new cursor) on the same widget, which reports all rows.
    life.abort();
    life = new AbortController();
    tab.start({ root: document.getElementById('kep-widget-1')!, entryId: ENTRY, profileId: 'kep-2026', moderator: true, signal: life.signal });
    await settled();
    await restartWorker();
    // The new worker's saved cursor names the old content script: it gets every row again.
    expect(sent.flatMap((b) => b.questions).length).toBeGreaterThanOrEqual(50);
    expect(await shown()).toEqual(ids(50).sort());
  });

  it('a batch that arrives before the resend does not move the saved cursor past the rows not resent yet', async () => {
    await settled();
    await worker.flushSaves();
    list().insertAdjacentHTML('beforeend', ids(5, 50).map(row).join(''));
    await vi.waitFor(async () => expect(await shown()).toHaveLength(55), { interval: 5 });
    // The new worker restores, but the tab's answer is lost (the worker stops again before it arrives)…
    const answer = tab.rescan.bind(tab);
    tab.rescan = () => undefined;
    worker = startWorker();
    await worker.snapshot(TAB);
    // …while an ordinary change reaches it and is saved.
    list().insertAdjacentHTML('beforeend', row('q55'));
    await vi.waitFor(async () => expect(await shown()).toContain('q55'), { interval: 5 });
    await settled();
    await worker.flushSaves();
    tab.rescan = answer;
    await restartWorker();
    // The third worker still gets the five rows the second never had.
    expect(sent.flatMap((b) => b.questions.map((q) => q.id))).toEqual(expect.arrayContaining(ids(5, 50)));
    expect(await shown()).toEqual(ids(56).sort());
  });

  it('asks for every row again when rows past the storage cap were kept in memory only', async () => {
    const cap = LIMITS.rowsPerTab;
    LIMITS.rowsPerTab = 30;
    try {
      await settled();
      await worker.flushSaves();
      await restartWorker();
      expect(sent.flatMap((b) => b.questions).length).toBeGreaterThanOrEqual(50);
      expect(await shown()).toEqual(ids(50).sort());
    } finally {
      LIMITS.rowsPerTab = cap;
    }
  });
});
