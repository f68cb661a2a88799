import { describe, expect, it, vi } from 'vitest';
import { QnaManager, type QnaManagerDeps } from '@/lib/session/qna/manager';
import type { StorageArea } from '@/lib/platform/storage';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { QnaPatch } from '@/lib/model/qna/session';
import type { Question } from '@/lib/model/qna/types';
import { LIMITS } from '@/lib/session/qna/repository';

/** A storage area in memory that counts the bytes written and can be made to fail. */
function memoryArea() {
  const data = new Map<string, unknown>();
  const area = {
    data,
    written: 0,
    failing: null as string | null,
    async get<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined;
    },
    async getAll() {
      return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    },
    async getMany(keys: string[]) {
      return Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(values: Record<string, unknown>) {
      if (area.failing) throw new Error(area.failing);
      for (const [k, v] of Object.entries(values)) {
        area.written += k.length + JSON.stringify(v).length;
        data.set(k, structuredClone(v));
      }
    },
    async remove(keys: string | string[]) {
      if (area.failing) throw new Error(area.failing);
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  } satisfies StorageArea & Record<string, unknown>;
  return area;
}

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

let seq = 0;
const q = (text = 'How does pricing work for teams of more than fifty people?'): Question => {
  seq++;
  return {
    id: `q${seq}`, surface: 'cnc', text, author: { id: `u${seq}`, name: `Attendee ${seq}`, anonymous: false },
    createdAt: seq, updatedAt: seq, votes: seq % 7, state: 'approved', answeredLive: false, answers: [], replies: 0, handledBy: null,
  };
};

function setup(session = memoryArea(), local = memoryArea()) {
  const patches: Array<[number, QnaPatch]> = [];
  const deps: QnaManagerDeps = {
    session,
    local,
    now: () => 1_000,
    newId: () => `c${++seq}`,
    cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null,
    meOf: async () => 'me',
    partnerOf: async () => 1234,
    rescan: () => undefined,
    onPatch: (tabId, patch) => void patches.push([tabId, patch]),
    onSnapshot: vi.fn(),
    onPending: () => undefined,
    // Saves are flushed by the tests.
    setTimeout: () => 0,
  };
  return { manager: new QnaManager(deps), session, local, patches, deps };
}

describe('Q&A persistence', () => {
  it('bytes written per new question stay the same as the backlog grows (1k vs 10k)', async () => {
    const perQuestion = async (backlog: number) => {
      const { manager, session } = setup();
      await manager.onBatch(3, '1_a', 'kep-2026', Array.from({ length: backlog }, () => q()));
      await manager.flushSaves();
      session.written = 0;
      for (let i = 0; i < 20; i++) {
        await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
        await manager.flushSaves();
      }
      return session.written / 20;
    };
    const small = await perQuestion(1_000);
    const large = await perQuestion(10_000);
    expect(large).toBeLessThan(2_000);
    expect(large).toBeLessThan(small * 1.2);
  });

  it('restores every question after a worker restart from what was saved', async () => {
    const first = setup();
    const questions = Array.from({ length: 50 }, () => q());
    await first.manager.onBatch(3, '1_a', 'kep-2026', questions);
    await first.manager.act(3, { kind: 'dismiss', questionId: questions[0]!.id });
    await first.manager.flushSaves();
    const again = setup(first.session, first.local);
    const snapshot = await again.manager.snapshot(3);
    expect(snapshot?.questions.map((x) => x.id)).toEqual(questions.map((x) => x.id));
    expect(snapshot?.meta.commands.map((c) => c.action.kind)).toEqual(['dismiss']);
  });

  it('a failing storage write is shown on the session, never thrown, and saved once storage works again', async () => {
    const { manager, session, patches } = setup();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
      session.failing = 'QUOTA_BYTES quota exceeded';
      await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
      await expect(manager.flushSaves()).resolves.toBeUndefined();
      expect((await manager.snapshot(3))?.meta.problem).toMatch(/Could not save .*QUOTA_BYTES/);
      expect(patches.at(-1)![1].meta?.problem).toMatch(/Could not save/);
      session.failing = null;
      await manager.flushSaves();
      expect((await manager.snapshot(3))?.meta.problem).toBeNull();
      expect([...session.data.keys()].filter((k) => k.startsWith('qna:3:q:'))).toHaveLength(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('two sessions of one entry (two tabs) keep each other\'s stars, merges and audit', async () => {
    const { manager, local } = setup();
    const [a, b, c] = [q(), q(), q()];
    await manager.onBatch(3, '1_a', 'kep-2026', [a, b, c]);
    await manager.onBatch(4, '1_a', 'kep-2026', [a, b, c]);
    await manager.local(3, { kind: 'star', questionId: a.id, starred: true });
    await manager.local(4, { kind: 'star', questionId: b.id, starred: true });
    await manager.act(4, { kind: 'merge', primaryId: b.id, memberIds: [b.id, c.id] });
    await manager.flushSaves();
    expect(local.data.get('qna-local:1234:1_a:starred')).toEqual([a.id, b.id]);
    expect(local.data.get('qna-local:1234:1_a:merged')).toEqual({ [b.id]: [c.id] });
    const audit = [...local.data].filter(([k]) => k.startsWith('qna-local:1234:1_a:audit:')).flatMap(([, v]) => v as unknown[]);
    expect(audit).toHaveLength(3);
    // The other open tab shows the stars from the first.
    expect((await manager.snapshot(3))?.meta.starred).toEqual([a.id, b.id]);
    // A session opened later (a restart) reads them all.
    const later = setup(memoryArea(), local);
    await later.manager.onBatch(9, '1_a', 'kep-2026', [a]);
    expect((await later.manager.snapshot(9))?.meta).toMatchObject({ starred: [a.id, b.id], merged: { [b.id]: [c.id] } });
  });

  it('writes storage.local only when the moderator changed something', async () => {
    const { manager, local } = setup();
    await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
    await manager.flushSaves();
    local.written = 0;
    for (let i = 0; i < 5; i++) {
      await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
      await manager.flushSaves();
    }
    expect(local.written).toBe(0);
  });

  it('reads the old entry-only local key once and moves it under partner and entry', async () => {
    const local = memoryArea();
    local.data.set('qna-local:1_a', { starred: ['q-old'], merged: {}, released: [], audit: [{ at: 1, moderator: 'm', action: 'star', questionId: 'q-old', detail: 'starred', outcome: 'done' }] });
    const { manager } = setup(memoryArea(), local);
    await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
    expect((await manager.snapshot(3))?.meta.starred).toEqual(['q-old']);
    await vi.waitFor(() => expect(local.data.has('qna-local:1_a')).toBe(false));
    expect(local.data.get('qna-local:1234:1_a:starred')).toEqual(['q-old']);
  });

  it('keeps the audit capped in chunks as it grows', async () => {
    const { manager, local } = setup();
    const x = q();
    await manager.onBatch(3, '1_a', 'kep-2026', [x]);
    for (let i = 0; i < 6_000; i++) await manager.local(3, { kind: 'star', questionId: x.id, starred: i % 2 === 0 });
    await manager.flushSaves();
    const chunks = [...local.data].filter(([k]) => k.startsWith('qna-local:1234:1_a:audit:'));
    const entries = chunks.flatMap(([, v]) => v as unknown[]).length;
    expect(entries).toBeGreaterThanOrEqual(5_000);
    expect(entries).toBeLessThanOrEqual(5_000 + LIMITS.auditChunk);
    expect(chunks.every(([, v]) => (v as unknown[]).length <= LIMITS.auditChunk)).toBe(true);
  });

  it('collects the local state of sessions unused for a month, and keeps the others', async () => {
    const local = memoryArea();
    const month = 31 * 24 * 3600_000;
    local.data.set('qna-local-index', { 'qna-local:1:1_old': 1_000 - month, 'qna-local:1:1_recent': 900 });
    local.data.set('qna-local:1:1_old:starred', ['x']);
    local.data.set('qna-local:1:1_old:audit', { chunks: [0] });
    local.data.set('qna-local:1:1_old:audit:0', [{}]);
    local.data.set('qna-local:1:1_recent:starred', ['y']);
    const { manager } = setup(memoryArea(), local);
    await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
    await vi.waitFor(() => expect([...local.data.keys()].some((k) => k.startsWith('qna-local:1:1_old'))).toBe(false));
    expect(local.data.get('qna-local:1:1_recent:starred')).toEqual(['y']);
  });

  it('caps what one tab may save, keeps working, and says so', async () => {
    const saved = { ...LIMITS };
    LIMITS.rowsPerTab = 10;
    try {
      const { manager, session } = setup();
      await manager.onBatch(3, '1_a', 'kep-2026', Array.from({ length: 15 }, () => q()));
      await manager.flushSaves();
      expect([...session.data.keys()].filter((k) => k.startsWith('qna:3:q:'))).toHaveLength(10);
      const snapshot = await manager.snapshot(3);
      expect(snapshot?.questions).toHaveLength(15);
      expect(snapshot?.meta.problem).toMatch(/Storage cap for this tab reached: 5 question/);
    } finally {
      Object.assign(LIMITS, saved);
    }
  });

  it('a closed tab\'s saved questions go', async () => {
    const { manager, session } = setup();
    await manager.onBatch(3, '1_a', 'kep-2026', [q(), q()]);
    await manager.flushSaves();
    await manager.forget(3);
    expect([...session.data.keys()].filter((k) => k.startsWith('qna:3'))).toEqual([]);
  });

  it('a new session on a tab drops the old session\'s saved questions (a restore never mixes them in)', async () => {
    const first = setup();
    await first.manager.onBatch(3, '1_a', 'kep-2026', [q(), q()]);
    await first.manager.flushSaves();
    const b = q();
    await first.manager.onBatch(3, '1_b', 'kep-2026', [b]);
    await first.manager.flushSaves();
    const again = setup(first.session, first.local);
    expect((await again.manager.snapshot(3))?.questions.map((x) => x.id)).toEqual([b.id]);
  });

  it('reads a tab saved in the previous one-key format and saves its rows under their own keys', async () => {
    const session = memoryArea();
    const [a, b] = [q(), q()];
    session.data.set('qna:3', { entryId: '1_a', me: 'me', questions: [a, b], outbox: [], staleSince: null, problem: null, surfaceKey: 'cnc:kep-2026' });
    const { manager } = setup(session);
    expect((await manager.snapshot(3))?.questions.map((x) => x.id)).toEqual([a.id, b.id]);
    await manager.flushSaves();
    expect(session.data.get(`qna:3:q:${a.id}`)).toEqual(a);
    expect(session.data.get('qna:3')).not.toHaveProperty('questions');
  });
});

describe('a panel following a tab while its session is restored', () => {
  it('misses no change that lands between the snapshot and its delivery', async () => {
    const { PanelHub } = await import('@/lib/session/panel-hub');
    const { createPanelState } = await import('@/lib/panel/panel-state');
    const first = setup();
    const saved = [q(), q()];
    await first.manager.onBatch(3, '1_a', 'kep-2026', saved);
    await first.manager.flushSaves();
    // A new worker: the panel follows the tab, and a batch with a new question arrives meanwhile.
    const { manager, deps } = setup(first.session, first.local);
    const late = q();
    const panel = createPanelState();
    const hub = new PanelHub({
      tabUrl: async () => undefined,
      recordFor: async () => null,
      qnaSnapshot: (tabId: number) => {
        const reader = manager.snapshotReader(tabId);
        void manager.onBatch(3, '1_a', 'kep-2026', [late]);
        return reader;
      },
      adminStatus: async () => null,
      pollsView: async () => null,
      announcementsView: async () => null,
      notifySettings: async () => ({}),
    } as never);
    deps.onPatch = (tabId, patch) => hub.onQnaPatch(tabId, patch);
    deps.onSnapshot = (tabId, snapshot) => hub.onQnaSnapshot(tabId, snapshot);
    const port = { postMessage: (m: never) => panel.receive(structuredClone(m)) };
    hub.connect(port);
    await hub.onMessage(port, { type: 'follow', tabId: 3 });
    expect([...panel.qna.value!.questions.keys()].sort()).toEqual([...saved, late].map((x) => x.id).sort());
  });
});
