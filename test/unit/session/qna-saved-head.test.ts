// A large session's panel head saved with its rows (repository HEAD_KEY): a restarted worker shows the
// queue from it before it has read the rows, and never a head older than the rows it stands for.
import { describe, expect, it, vi } from 'vitest';
import { QnaManager, type QnaManagerDeps } from '@/lib/session/qna/manager';
import { HEAD_MIN_QUESTIONS, headOf } from '@/lib/session/qna/head';
import { PanelHub, type PanelHubDeps, type PanelPort } from '@/lib/session/panel-hub';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { Question } from '@/lib/model/qna/types';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import type { QnaHead } from '@/lib/contracts/qna-batch';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';
import { memoryArea, type MemoryArea } from '../memory-area';

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

let seq = 0;
const q = (overrides: Partial<Question> = {}): Question => {
  seq++;
  return {
    id: `q${seq}`, surface: 'cnc', text: `Question ${seq} on pricing`, author: { id: `u${seq}`, name: `Attendee ${seq}`, anonymous: false },
    createdAt: seq, updatedAt: seq, votes: seq % 7, state: seq % 3 ? 'approved' : 'pending', answeredLive: false, answers: [], replies: 0, handledBy: null,
    ...overrides,
  };
};

/** A manager over the given storage whose timers the test fires (saves, the head's quiet wait). */
function worker(session: MemoryArea, local: MemoryArea) {
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const deps: QnaManagerDeps = {
    session, local, now: () => 1_000, newId: () => `c${++seq}`, cncSurfaceFor: () => surface, webcastSurfaceFor: async () => null,
    meOf: async () => 'me', partnerOf: async () => 1234, rescan: () => undefined, onPatch: () => undefined, onSnapshot: vi.fn(),
    onPending: () => undefined,
    setTimeout: (fn, ms) => void timers.push({ fn, ms }),
  };
  const manager = new QnaManager(deps);
  /** Saves everything, waits out the quiet time, and lets the head's write finish. */
  const settle = async () => {
    await manager.flushSaves();
    for (const t of timers.splice(0)) t.fn();
    await manager.flushSaves();
  };
  /** The timers due now (no save of its own: a restored session with no change has nothing to save). */
  const fire = () => timers.splice(0).forEach((t) => t.fn());
  return { manager, settle, fire };
}

const HEAD_KEY = 'qna:3:h';

async function largeSession(n = HEAD_MIN_QUESTIONS + 100) {
  const session = memoryArea();
  const local = memoryArea();
  const first = worker(session, local);
  const questions = Array.from({ length: n }, () => q());
  await first.manager.onBatch(3, '1_a', 'kep-2026', questions);
  await first.settle();
  return { session, local, first, questions };
}

/** What a restarted worker offers before its rows are read, and the head of what it then restores. */
async function restart(session: MemoryArea, local: MemoryArea): Promise<{ saved: QnaHead | null; restored: QnaHead }> {
  const { manager } = worker(session, local);
  const restoring = manager.restoreSaved([3]);
  const saved = await manager.savedHead(3);
  await restoring;
  return { saved, restored: headOf((await manager.snapshot(3))!) };
}

describe('a saved panel head', () => {
  it('is saved once a large session is quiet, and a restarted worker offers it, equal to the head of what it restores', async () => {
    const { session, local } = await largeSession();
    expect(typeof session.data.get(HEAD_KEY)).toBe('string');
    const { saved, restored } = await restart(session, local);
    expect(saved).not.toBeNull();
    expect(saved).toEqual(restored);
  });

  it('is offered before the rows are read', async () => {
    const { session, local } = await largeSession();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const getMany = session.getMany.bind(session);
    session.getMany = async (keys: string[]) => {
      if (keys.some((k) => k.includes(':c:'))) await gate; // the chunks: held until the head is out
      return getMany(keys);
    };
    const { manager } = worker(session, local);
    const restoring = manager.restoreSaved([3]);
    const saved = await manager.savedHead(3);
    expect(saved?.total).toBe(HEAD_MIN_QUESTIONS + 100);
    release();
    await restoring;
    // A live session has no saved head to offer: its snapshot is the truth.
    expect(await manager.savedHead(3)).toBeNull();
  });

  it('goes with the first change saved after it: a restarted worker then offers none (never an older head)', async () => {
    const { session, local, first, questions } = await largeSession();
    await first.manager.onBatch(3, '1_a', 'kep-2026', [{ ...questions[0]!, state: 'dismissed', updatedAt: 99_999 }, q({ state: 'pending' })]);
    await first.manager.flushSaves();
    expect(session.data.get(HEAD_KEY) ?? '').toBe('');
    expect((await restart(session, local)).saved).toBeNull();
    // Quiet again: a new head, as the rows now are.
    await first.settle();
    const { saved, restored } = await restart(session, local);
    expect(saved).toEqual(restored);
    expect(saved!.counts.dismissed).toBe(restored.counts.dismissed);
  });

  it('a change not saved yet when the worker stops leaves the head standing: it matches the saved rows the restore reads', async () => {
    const { session, local, first } = await largeSession();
    await first.manager.onBatch(3, '1_a', 'kep-2026', [q({ state: 'pending' })]); // no flush: the worker stops
    const { saved, restored } = await restart(session, local);
    expect(saved).toEqual(restored);
  });

  it("goes before a change of the moderator's local state (a star) and of the banned words", async () => {
    const { session, local, first, questions } = await largeSession();
    await first.manager.local(3, { kind: 'star', questionId: questions[5]!.id, starred: true });
    await first.manager.flushSaves();
    expect((await restart(session, local)).saved).toBeNull();
    await first.settle();
    expect((await restart(session, local)).saved?.meta.starred).toEqual([questions[5]!.id]);
    await first.manager.local(3, { kind: 'set-banned-words', words: ['pricing'] });
    expect((await restart(session, local)).saved).toBeNull();
  });

  it('a worker that restored a session without a saved head saves one while it lives', async () => {
    const { session, local, first } = await largeSession();
    await first.manager.onBatch(3, '1_a', 'kep-2026', [q({ state: 'pending' })]);
    await first.manager.flushSaves(); // the head goes; the worker stops before it is quiet again
    const second = worker(session, local);
    await second.manager.restoreSaved([3]);
    expect(await second.manager.savedHead(3)).toBeNull();
    second.fire();
    await vi.waitFor(() => expect(String(session.data.get(HEAD_KEY) ?? '')).not.toBe(''));
    const { saved, restored } = await restart(session, local);
    expect(saved).not.toBeNull();
    expect(saved).toEqual(restored);
  });

  it('is not saved for a session small enough to go whole', async () => {
    const { session } = await largeSession(50);
    expect(session.data.has(HEAD_KEY)).toBe(false);
  });
});

describe('the hub with a saved head', () => {
  it('posts the saved head before the rows are read, and the rest once read and drawn, in that order', async () => {
    const head = { meta: {}, questions: [], counts: { pending: 1, approved: 2, answered: 0, dismissed: 0 }, total: 3 } as unknown as QnaHead;
    let release!: () => void;
    const rowsRead = new Promise<void>((r) => (release = r));
    const snapshot = { meta: {}, questions: [q(), q(), q()] } as never;
    const deps = {
      activeTabOf: async () => null,
      tabUrl: async () => undefined,
      recordFor: async () => null,
      qnaSavedHead: async () => head,
      qnaSnapshot: async () => {
        await rowsRead;
        return () => snapshot;
      },
      adminStatus: async () => null,
      pollsView: async () => null,
      announcementsView: async () => null,
      notifySettings: async () => ({ ...DEFAULT_NOTIFY_SETTINGS }),
      timers: { setTimeout: () => 1, clearTimeout: () => undefined },
    } as unknown as PanelHubDeps;
    const hub = new PanelHub(deps);
    const received: BackgroundToPanel[] = [];
    const port: PanelPort = { postMessage: (m) => void received.push(m) };
    hub.connect(port);
    const following = hub.onMessage(port, { type: 'follow', tabId: 3 });
    await vi.waitFor(() => expect(received.map((m) => m.type)).toEqual(['tab', 'qna-head']));
    expect(received[1]).toEqual({ type: 'qna-head', tabId: 3, head });
    // The panel drew it before the rows are read: the rest goes as soon as they are, and no second head.
    await hub.onMessage(port, { type: 'qna-head-shown', tabId: 3 });
    release();
    await following;
    expect(received.map((m) => m.type)).toEqual(['tab', 'qna-head', 'qna', 'admin', 'notify-settings']);
    expect(received[2]).toEqual({ type: 'qna', tabId: 3, snapshot });
  });
});
