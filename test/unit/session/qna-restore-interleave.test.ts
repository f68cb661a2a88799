// A panel that opens while a restarted worker reads a large session back gets the saved head then, not
// once every row is read. In Chrome the worker hears nothing else (the panel's connect, its follow) until
// the storage read it waits on has answered: events that came meanwhile are delivered after that answer.
// The storage fake below does the same, so a restore that read its rows in one go kept the panel waiting
// for all of them (issue 9: the saved head never helped).
import { describe, expect, it, vi } from 'vitest';
import { QnaManager, type QnaManagerDeps } from '@/lib/session/qna/manager';
import { HEAD_MIN_QUESTIONS } from '@/lib/session/qna/head';
import { LIMITS } from '@/lib/session/qna/repository';
import { PanelHub, type PanelHubDeps, type PanelPort } from '@/lib/session/panel-hub';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { Question } from '@/lib/model/qna/types';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';
import { memoryArea, type MemoryArea } from '../memory-area';

const TAB = 3;
const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

let seq = 0;
const q = (): Question => {
  seq++;
  return {
    id: `q${seq}`, surface: 'cnc', text: `Question ${seq} on pricing`, author: { id: `u${seq}`, name: `Attendee ${seq}`, anonymous: false },
    createdAt: seq, updatedAt: seq, votes: seq % 7, state: 'pending', answeredLive: false, answers: [], replies: 0, handledBy: null,
  };
};

function manager(session: MemoryArea, local: MemoryArea, timers: Array<() => void> = []) {
  const deps: QnaManagerDeps = {
    session, local, now: () => 1_000, newId: () => `c${++seq}`, cncSurfaceFor: () => surface, webcastSurfaceFor: async () => null,
    meOf: async () => 'me', partnerOf: async () => 1234, rescan: () => undefined, onPatch: () => undefined, onSnapshot: () => undefined,
    onPending: () => undefined,
    setTimeout: (fn) => void timers.push(fn),
  };
  return new QnaManager(deps);
}

/** A session large enough to span many chunks, saved with its panel head (as after an idle stop). */
async function savedSession(n: number) {
  const session = memoryArea();
  const local = memoryArea();
  const timers: Array<() => void> = [];
  const first = manager(session, local, timers);
  await first.onBatch(TAB, '1_a', 'kep-2026', Array.from({ length: n }, q));
  await first.flushSaves();
  for (const fire of timers.splice(0)) fire(); // the quiet wait: the head is saved
  await first.flushSaves();
  await vi.waitFor(() => expect(String(session.data.get(`qna:${TAB}:h`) ?? '')).not.toBe(''));
  return { session, local };
}

/**
 * The browser's storage as the worker meets it: each read answers in a task of its own, and an event that
 * comes while a read is outstanding reaches the worker only after that read's answer was handled.
 */
function chromeLikeStorage(session: MemoryArea) {
  let outstanding = 0;
  let chunkReads = 0;
  let chunkReadsAnswered = 0;
  const held: Array<() => void> = [];
  let onFirstChunkRead: (() => void) | null = null;
  const getMany = session.getMany.bind(session);
  session.getMany = async (keys: string[]) => {
    const chunks = keys.some((k) => k.includes(':c:'));
    outstanding++;
    if (chunks && chunkReads++ === 0) onFirstChunkRead?.();
    const value = await new Promise<Record<string, unknown>>((resolve) => setTimeout(() => resolve(getMany(keys)), 1));
    outstanding--;
    if (chunks) chunkReadsAnswered++;
    const due = held.splice(0);
    setTimeout(() => due.forEach((deliver) => deliver()), 0);
    return value;
  };
  return {
    /** Delivers an event to the worker (now, or after the read outstanding answers). */
    deliver: (event: () => void) => (outstanding ? held.push(event) : event()),
    /** Runs `fn` as the first read of rows is asked for (the read still outstanding). */
    whenRowsRead: (fn: () => void) => (onFirstChunkRead = fn),
    chunkReadsAnswered: () => chunkReadsAnswered,
    chunkReads: () => chunkReads,
  };
}

describe('a cold restore with a panel opening meanwhile', () => {
  it('posts the saved head (the whole count) to the panel before the rows are all read', async () => {
    const n = HEAD_MIN_QUESTIONS * 11; // 11,000 questions: 22 chunks
    const { session, local } = await savedSession(n);
    const browser = chromeLikeStorage(session);
    const qna = manager(session, local);
    const deps = {
      activeTabOf: async () => null,
      tabUrl: async () => 'https://1234567.events.kaltura.com/',
      recordFor: async () => null,
      qnaSavedHead: (tabId: number) => qna.savedHead(tabId),
      qnaSnapshot: (tabId: number) => qna.snapshotReader(tabId),
      adminStatus: async () => null,
      pollsView: async () => null,
      announcementsView: async () => null,
      notifySettings: async () => ({ ...DEFAULT_NOTIFY_SETTINGS }),
      timers: { setTimeout: () => 1, clearTimeout: () => undefined },
    } as unknown as PanelHubDeps;
    const hub = new PanelHub(deps);
    const received: Array<[BackgroundToPanel, number]> = [];
    const port: PanelPort = { postMessage: (m) => void received.push([m, browser.chunkReadsAnswered()]) };
    // The panel connects and follows the tab while the rows are being read.
    browser.whenRowsRead(() =>
      browser.deliver(() => {
        hub.connect(port);
        void hub.onMessage(port, { type: 'follow', tabId: TAB });
      }),
    );
    const restoring = qna.restoreSaved([TAB]);
    await vi.waitFor(() => expect(received.some(([m]) => m.type === 'qna-head')).toBe(true));
    const [head, answeredThen] = received.find(([m]) => m.type === 'qna-head')!;
    expect(head.type === 'qna-head' && head.head.total).toBe(n);
    expect(head.type === 'qna-head' && head.head.counts.pending).toBe(n);
    await restoring;
    // Posted while rows were still to come, not after the last of them.
    expect(answeredThen).toBeLessThan(browser.chunkReads());
    // And the session restored whole.
    expect((await qna.snapshot(TAB))?.questions.length).toBe(n);
  });

  it(`reads a large session's rows ${LIMITS.readChunks} chunks at a time`, async () => {
    const n = HEAD_MIN_QUESTIONS * 11;
    const { session, local } = await savedSession(n);
    const chunks = (session.data.get(`qna:${TAB}:m`) as { chunks: Array<string | null> }).chunks.filter(Boolean).length;
    expect(chunks).toBe(n / LIMITS.chunkRows);
    const reads: number[] = [];
    const getMany = session.getMany.bind(session);
    session.getMany = async (keys: string[]) => {
      const chunks = keys.filter((k) => k.includes(':c:')).length;
      if (chunks) reads.push(chunks);
      return getMany(keys);
    };
    const qna = manager(session, local);
    await qna.restoreSaved([TAB]);
    expect(reads).toEqual([4, 4, 4, 4, 4, 2]);
    expect((await qna.snapshot(TAB))?.questions.length).toBe(n);
  });
});
