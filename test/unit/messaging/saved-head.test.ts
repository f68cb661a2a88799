// The panel's own read of the saved head (lib/panel/saved-head.ts) and its hand-over to the worker's state
// (lib/panel/panel-state.ts adoptSaved): after a worker stop the panel shows the queue from storage.session
// before the worker answers; the worker's own Q&A for the tab replaces it exactly, stale or not, and
// nothing the saved head shows is the worker's state until then.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QnaManager } from '@/lib/session/qna/manager';
import { HEAD_MIN_QUESTIONS, headOf } from '@/lib/session/qna/head';
import { TabStore } from '@/lib/session/tab-store';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { QnaSnapshot } from '@/lib/model/qna/session';
import type { TabRecord } from '@/lib/model/context';
import { createPanelState } from '@/lib/panel/panel-state';
import { SAVED_HEAD_KEY, SAVED_RECORD_KEY, readSavedView, savedViewOf, type SavedView } from '@/lib/panel/saved-head';
import { memoryArea, type MemoryArea } from '../memory-area';
import { question } from '../model/qna-fixtures';

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

const record = (tabId: number): TabRecord => ({ tabId, url: `https://1234567.events.kaltura.com/media/t/1_a`, state: 'attached', context: null, updatedAt: 1 });

/** storage.session as the worker leaves it: the tab's record and a large session saved while quiet. */
async function savedByWorker(tabId: number, n = HEAD_MIN_QUESTIONS + 50): Promise<{ session: MemoryArea; snapshot: QnaSnapshot }> {
  const session = memoryArea();
  const local = memoryArea();
  const timers: Array<() => void> = [];
  const manager = new QnaManager({
    session, local, now: () => 1_000, newId: () => Math.random().toString(36).slice(2), cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null, meOf: async () => 'me', partnerOf: async () => 1234, rescan: () => undefined,
    onPatch: () => undefined, onSnapshot: () => undefined, onPending: () => undefined, setTimeout: (fn) => void timers.push(fn),
  });
  await new TabStore(session).put(record(tabId));
  const questions = Array.from({ length: n }, (_, i) => question(`Question ${i}`, { state: i % 3 ? 'approved' : 'pending', createdAt: 1_000 + i, updatedAt: 1_000 + i }));
  await manager.onBatch(tabId, '1_a', 'kep-2026', questions);
  await manager.flushSaves();
  for (const fn of timers.splice(0)) fn(); // the quiet wait: the head is saved
  await manager.flushSaves();
  return { session, snapshot: (await manager.snapshot(tabId))! };
}

const reader = (area: MemoryArea) => ({ get: (keys: string[]) => area.getMany(keys) });

describe('the panel reads the saved head itself', () => {
  it('finds the record and head the worker saved, equal to the head the worker would post', async () => {
    const { session, snapshot } = await savedByWorker(7);
    const saved = await readSavedView(reader(session), 7);
    expect(saved?.record).toEqual(record(7));
    expect(saved?.head).toEqual(headOf(snapshot));
    // Another tab has nothing saved.
    expect(await readSavedView(reader(session), 8)).toBeNull();
  });

  it('takes no head that a change emptied, none without the record, and nothing when storage refuses', async () => {
    const head = JSON.stringify(headOf({ meta: (await savedByWorker(7)).snapshot.meta, questions: [] }));
    expect(savedViewOf(7, { 'tab:7': record(7), [SAVED_HEAD_KEY(7)]: '' })).toBeNull();
    expect(savedViewOf(7, { [SAVED_HEAD_KEY(7)]: head })).toBeNull();
    expect(savedViewOf(7, { 'tab:7': record(8), [SAVED_HEAD_KEY(7)]: head })).toBeNull();
    expect(savedViewOf(7, { 'tab:7': record(7), [SAVED_HEAD_KEY(7)]: '{not json' })).toBeNull();
    expect(savedViewOf(7, { 'tab:7': record(7), [SAVED_HEAD_KEY(7)]: head })).not.toBeNull();
    expect(await readSavedView({ get: () => Promise.reject(new Error('no storage.session')) }, 7)).toBeNull();
  });
});

describe("the early read (public/sidepanel-early.js, before the panel's bundle)", () => {
  /** Runs the file as the panel page would, with `search` as its query and a fake extension API. */
  async function early(search: string, activeTab: number | undefined, area: MemoryArea) {
    const asked: string[][] = [];
    const g = globalThis as Record<string, unknown>;
    const saved = { chrome: g.chrome, location: g.location, read: g.__cncSavedRead };
    g.chrome = {
      storage: { session: { get: (keys: string[]) => (asked.push(keys), area.getMany(keys)) } },
      tabs: { query: async () => (activeTab === undefined ? [] : [{ id: activeTab }]) },
    };
    g.location = { search };
    try {
      new Function(readFileSync('public/sidepanel-early.js', 'utf8'))();
      const read = (await (g.__cncSavedRead as Promise<{ tabId: number; values: Record<string, unknown> } | null>)) ?? null;
      return { asked, view: read && savedViewOf(read.tabId, read.values) };
    } finally {
      Object.assign(g, { chrome: saved.chrome, location: saved.location, __cncSavedRead: saved.read });
    }
  }

  it("reads the worker's keys of the pinned tab, or of the window's active tab", async () => {
    const { session, snapshot } = await savedByWorker(7);
    const pinned = await early('?tab=7', 3, session);
    expect(pinned.asked).toEqual([[SAVED_RECORD_KEY(7), SAVED_HEAD_KEY(7)]]);
    expect(pinned.view?.head).toEqual(headOf(snapshot));
    const active = await early('', 7, session);
    expect(active.view?.record).toEqual(record(7));
    expect((await early('', undefined, session)).view).toBeNull();
  });
});

describe('the hand-over from the saved head to the worker', () => {
  async function opened() {
    const { session, snapshot } = await savedByWorker(7);
    const saved = (await readSavedView(reader(session), 7))!;
    const state = createPanelState();
    expect(state.adoptSaved(saved)).toBe(true);
    return { state, saved, snapshot };
  }

  it('shows the saved queue at once, read-only, with the whole counts; the tab stays the worker\'s to say', async () => {
    const { state, saved } = await opened();
    const mirror = state.qna.value!;
    expect(mirror.saved).toBe(true);
    expect(mirror.partial?.counts).toEqual(saved.head.counts);
    expect(mirror.questions.size).toBe(saved.head.questions.length);
    expect(state.record.value).toEqual(saved.record);
    expect(state.tabId.value).toBeNull();
  });

  it("stays through the worker's tab message, ignores patches, and the worker's head replaces it exactly (a stale head is corrected)", async () => {
    const { state, saved } = await opened();
    state.receive({ type: 'tab', tabId: 7, record: saved.record });
    expect(state.qna.value?.saved).toBe(true);
    // A patch has nothing certain to apply to: the worker's head or snapshot that follows carries it.
    const before = state.qna.value;
    state.receive({ type: 'qna-patch', tabId: 7, patch: { upserts: [question('Arrived meanwhile', { state: 'pending' })] } });
    expect(state.qna.value).toBe(before);
    // The worker's state differs from the saved head: one question dismissed since, one new.
    const first = saved.head.questions.find((q) => q.state === 'pending')!;
    const fresh = question('Asked after the save', { state: 'pending', createdAt: 99_999, updatedAt: 99_999 });
    const worker: SavedView['head'] = {
      ...saved.head,
      questions: [...saved.head.questions.filter((q) => q.id !== first.id), { ...first, state: 'dismissed' }, fresh],
      counts: { ...saved.head.counts, pending: saved.head.counts.pending, dismissed: saved.head.counts.dismissed + 1 },
      total: saved.head.total + 1,
    };
    state.receive({ type: 'qna-head', tabId: 7, head: worker });
    const mirror = state.qna.value!;
    expect(mirror.saved).toBeUndefined();
    expect(mirror.partial).toEqual({ counts: worker.counts, total: worker.total, newestAt: 99_999 });
    expect([...mirror.questions.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...worker.questions].sort((a, b) => a.id.localeCompare(b.id)));
    expect(mirror.questions.get(first.id)?.state).toBe('dismissed');
    expect(state.tabId.value).toBe(7);
  });

  it("the worker's whole snapshot replaces it too; a snapshot of nothing clears it", async () => {
    const { state, saved, snapshot } = await opened();
    state.receive({ type: 'tab', tabId: 7, record: saved.record });
    state.receive({ type: 'qna', tabId: 7, snapshot });
    expect(state.qna.value?.saved).toBeUndefined();
    expect(state.qna.value?.partial).toBeUndefined();
    expect(state.qna.value?.questions.size).toBe(snapshot.questions.length);
    const other = await opened();
    other.state.receive({ type: 'tab', tabId: 7, record: saved.record });
    other.state.receive({ type: 'qna', tabId: 7, snapshot: null });
    expect(other.state.qna.value).toBeNull();
  });

  it('goes when the worker says the panel follows another tab', async () => {
    const { state } = await opened();
    state.receive({ type: 'tab', tabId: 9, record: record(9) });
    expect(state.qna.value).toBeNull();
    expect(state.record.value).toEqual(record(9));
  });

  it("still shows after the worker's tab message alone (its Q&A comes later), with the worker's record", async () => {
    const { session } = await savedByWorker(7);
    const saved = (await readSavedView(reader(session), 7))!;
    const state = createPanelState();
    const newer = { ...saved.record, updatedAt: 2 };
    state.receive({ type: 'tab', tabId: 7, record: newer });
    expect(state.adoptSaved(saved)).toBe(true);
    expect(state.qna.value?.saved).toBe(true);
    expect(state.record.value).toEqual(newer);
    // The worker follows another tab: nothing of tab 7 is shown.
    const other = createPanelState();
    other.receive({ type: 'tab', tabId: 9, record: record(9) });
    expect(other.adoptSaved(saved)).toBe(false);
    expect(other.qna.value).toBeNull();
  });

  it("comes too late once the worker's Q&A is in: the worker wins", async () => {
    const { session, snapshot } = await savedByWorker(7);
    const saved = (await readSavedView(reader(session), 7))!;
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 7, record: saved.record });
    state.receive({ type: 'qna-head', tabId: 7, head: headOf(snapshot) });
    const worker = state.qna.value;
    expect(state.adoptSaved(saved)).toBe(false);
    expect(state.qna.value).toBe(worker);
    // No session on the tab (the worker said so): a saved head read late shows nothing either.
    const none = createPanelState();
    none.receive({ type: 'tab', tabId: 7, record: saved.record });
    none.receive({ type: 'qna', tabId: 7, snapshot: null });
    expect(none.adoptSaved(saved)).toBe(false);
    expect(none.qna.value).toBeNull();
  });
});
