import { describe, expect, it, vi } from 'vitest';
import { QnaManager, type QnaManagerDeps } from '@/lib/session/qna/manager';
import type { StorageArea } from '@/lib/platform/storage';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { QnaPatch } from '@/lib/model/qna/session';
import type { Question } from '@/lib/model/qna/types';
import { decodeRow, encodeRow, LIMITS, QnaRepository } from '@/lib/session/qna/repository';
import { memoryArea } from '../memory-area';

/** What a restarted worker would read back for the tab. */
async function savedIds(session: StorageArea, tabId = 3): Promise<string[]> {
  const repo = new QnaRepository({ session, local: session, now: () => 0, onProblem: () => undefined });
  return ((await repo.loadTab(tabId))?.questions ?? []).map((x) => x.id);
}

/** A storage area in memory that counts the bytes written and can be made to fail. */

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
      expect(await savedIds(session)).toHaveLength(2);
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
      expect(await savedIds(session)).toHaveLength(10);
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

  it('reads a tab saved in the previous one-record format and saves its rows anew', async () => {
    const session = memoryArea();
    const [a, b] = [q(), q()];
    session.data.set('qna:3', { entryId: '1_a', me: 'me', questions: [a, b], outbox: [], staleSince: null, problem: null, surfaceKey: 'cnc:kep-2026' });
    const { manager } = setup(session);
    expect((await manager.snapshot(3))?.questions.map((x) => x.id)).toEqual([a.id, b.id]);
    await manager.flushSaves();
    expect(session.data.get('qna:3')).not.toHaveProperty('questions');
    expect(await savedIds(session)).toEqual([a.id, b.id]);
  });

  it('reads a tab saved one key per question, saves its rows anew and removes those keys', async () => {
    const session = memoryArea();
    const [a, b] = [q(), q()];
    session.data.set('qna:3', { entryId: '1_a', me: 'me', outbox: [], staleSince: null, problem: null, surfaceKey: 'cnc:kep-2026', partnerId: 1234 });
    session.data.set(`qna:3:q:${a.id}`, a);
    session.data.set(`qna:3:q:${b.id}`, b);
    const { manager } = setup(session);
    expect((await manager.snapshot(3))?.questions.map((x) => x.id)).toEqual([a.id, b.id]);
    await manager.flushSaves();
    expect([...session.data.keys()].filter((k) => k.startsWith('qna:3:q:'))).toEqual([]);
    expect(await savedIds(session)).toEqual([a.id, b.id]);
  });
});

describe('Q&A rows in chunks and deltas', () => {
  const withLimits = async (limits: Partial<typeof LIMITS>, run: () => Promise<void>) => {
    const saved = { ...LIMITS };
    Object.assign(LIMITS, limits);
    try {
      await run();
    } finally {
      Object.assign(LIMITS, saved);
    }
  };

  it('a restore of 11,000 questions reads a few dozen keys, not one per question', async () => {
    const { manager, session } = setup();
    const questions = Array.from({ length: 11_000 }, () => q());
    await manager.onBatch(3, '1_a', 'kep-2026', questions.slice(0, 10_000));
    await manager.flushSaves();
    for (let i = 10_000; i < 11_000; i += 25) {
      await manager.onBatch(3, '1_a', 'kep-2026', questions.slice(i, i + 25));
      await manager.flushSaves();
    }
    const read: string[] = [];
    const counting: StorageArea = {
      ...session,
      get: async (key) => (read.push(key), session.get(key)),
      getMany: async (keys) => (read.push(...keys), session.getMany(keys)),
      getAll: async () => (read.push('*'), session.getAll()),
    };
    expect(await savedIds(counting)).toEqual(questions.map((x) => x.id));
    expect(read).not.toContain('*');
    const present = read.filter((k) => session.data.has(k));
    expect(present.length).toBeLessThan(80);
  });

  it('chunks and deltas are each one JSON string (the browser converts a string at once, 500 rows value by value)', async () => {
    await withLimits({ chunkRows: 4, maxDeltas: 3 }, async () => {
      const { manager, session } = setup();
      for (let i = 0; i < 5; i++) {
        await manager.onBatch(3, '1_a', 'kep-2026', [q(), q()]);
        await manager.flushSaves();
      }
      const stored = [...session.data].filter(([k]) => /^qna:3:[cd]:/.test(k));
      expect(stored.map(([k]) => k.split(':')[2]).sort()).toEqual(expect.arrayContaining(['c', 'd']));
      for (const [, value] of stored) expect(typeof value).toBe('string');
    });
  });

  it('a tab saved by the previous version (chunks and deltas as objects) comes back whole and saves on', async () => {
    await withLimits({ chunkRows: 4, maxDeltas: 3 }, async () => {
      const { manager, session } = setup();
      const first = Array.from({ length: 10 }, () => q());
      for (let i = 0; i < first.length; i += 2) {
        await manager.onBatch(3, '1_a', 'kep-2026', first.slice(i, i + 2));
        await manager.flushSaves();
      }
      // As the previous version stored them.
      for (const [key, value] of session.data) if (/^qna:3:[cd]:/.test(key)) session.data.set(key, JSON.parse(value as string));
      const again = setup(session);
      expect((await again.manager.snapshot(3))?.questions.map((x) => x.id)).toEqual(first.map((x) => x.id));
      const more = [q(), q(), q()];
      for (const x of more) {
        await again.manager.onBatch(3, '1_a', 'kep-2026', [x]);
        await again.manager.flushSaves();
      }
      expect(await savedIds(session)).toEqual([...first, ...more].map((x) => x.id));
    });
  });

  it('bytes written per question stay under 2 KB with compactions counted, over a 10k backlog', async () => {
    const { manager, session } = setup();
    await manager.onBatch(3, '1_a', 'kep-2026', Array.from({ length: 10_000 }, () => q()));
    await manager.flushSaves();
    session.written = 0;
    // One question per save: the worst case for a compaction's chunk rewrite per question.
    const n = LIMITS.maxDeltas * 2 + 10;
    for (let i = 0; i < n; i++) {
      await manager.onBatch(3, '1_a', 'kep-2026', [q()]);
      await manager.flushSaves();
    }
    const keys = [...session.data.keys()].filter((k) => k.startsWith('qna:3:'));
    expect(keys.filter((k) => k.includes(':d:')).length).toBeLessThan(LIMITS.maxDeltas);
    expect(session.written / n).toBeLessThan(2_000);
    expect(await savedIds(session)).toHaveLength(10_000 + n);
  });

  it('a worker stopped between any two writes of a save or a compaction loses nothing saved before, and leaves nothing behind', async () => {
    await withLimits({ chunkRows: 4, maxDeltas: 3 }, async () => {
      for (let stopAt = 0; ; stopAt++) {
        const session = memoryArea();
        const first = setup(session);
        const early = Array.from({ length: 9 }, () => q());
        await first.manager.onBatch(3, '1_a', 'kep-2026', early);
        await first.manager.flushSaves();
        // Three deltas make a compaction: rows in chunks now; then two more deltas.
        for (let i = 0; i < 4; i++) {
          await first.manager.onBatch(3, '1_a', 'kep-2026', [q()]);
          await first.manager.flushSaves();
        }
        expect([...session.data.keys()].some((k) => k.startsWith('qna:3:c:'))).toBe(true);
        const before = await savedIds(session);
        // This delta makes the second compaction, which replaces chunks: the worker stops at its stopAt-th write.
        const late = q();
        let writes = 0;
        let stopped = false;
        const { set, remove } = session;
        const dies = <A extends unknown[]>(call: (...args: A) => Promise<void>) => async (...args: A) => {
          if (stopped || writes++ === stopAt) {
            stopped = true;
            throw new Error('the worker stopped');
          }
          return call(...args);
        };
        session.set = dies(set);
        session.remove = dies(remove);
        await first.manager.onBatch(3, '1_a', 'kep-2026', [late, { ...early[0]!, votes: 99 }]);
        await first.manager.flushSaves();
        session.set = set;
        session.remove = remove;

        // A new worker reads back everything saved before the stop (and the last change if its delta landed).
        const after = await savedIds(session);
        expect(after.slice(0, before.length)).toEqual(before);
        expect(after.length === before.length || (after.length === before.length + 1 && after.at(-1) === late.id)).toBe(true);
        // It saves on, compacts, and no key is left that its manifest does not name.
        const again = setup(session);
        await again.manager.snapshot(3);
        for (let i = 0; i < 4; i++) {
          await again.manager.onBatch(3, '1_a', 'kep-2026', [q()]);
          await again.manager.flushSaves();
        }
        const repo = new QnaRepository({ session, local: session, now: () => 0, onProblem: () => undefined });
        const stored = await repo.loadTab(3);
        const named = new Set(['qna:3', 'qna:3:m', ...(stored?.layout?.manifest.chunks.filter(Boolean) as string[])]);
        for (let n = stored!.layout!.manifest.from; n < stored!.layout!.nextSeq; n++) named.add(`qna:3:d:${n}`);
        const garbage = stored!.layout!.manifest.garbage;
        const leftovers = [...session.data.keys()].filter((k) => k.startsWith('qna:3') && !named.has(k));
        // Keys the last compaction replaced are removed right after it (or at the next attach).
        expect(leftovers.filter((k) => !garbage?.chunks.includes(k))).toEqual([]);
        if (!stopped) break;
      }
    });
  });
});

describe('the stored form of a question', () => {
  it('reads back every field it was given, and rows stored whole by an earlier version', () => {
    const full: Question = {
      id: 'c1', surface: 'webcast', text: 'Will the <b>slides</b> be shared?', author: { id: null, name: null, anonymous: true },
      createdAt: 1_700_000_000_000, updatedAt: 1_700_000_004_321, votes: 12, state: 'answered', answeredLive: true,
      answers: [
        { id: 'a1', text: 'Yes, after the session.', visibility: 'public', by: 'mod-1', at: 1_700_000_002_000 },
        { id: 'a2', text: 'Sent to you.', visibility: 'private', by: null, at: 1_700_000_003_000 },
      ],
      replies: 3, handledBy: 'mod-2',
    };
    const plain = q();
    expect(decodeRow(structuredClone(encodeRow(full)))).toEqual(full);
    expect(decodeRow(structuredClone(encodeRow(plain)))).toEqual(plain);
    expect(decodeRow(structuredClone(plain))).toEqual(plain);
    expect(JSON.stringify(encodeRow(plain)).length).toBeLessThan(JSON.stringify(plain).length * 0.7);
  });

  it('10,000 realistic questions fit the per-tab cap, and a save of them never copies a megabyte in one write', async () => {
    const { manager, session } = setup();
    const text = 'Could you say more about how the new pricing applies to teams that already have annual contracts, and when it starts?';
    const questions = Array.from({ length: 10_000 }, (_, i) => ({ ...q(text), author: { id: `attendee-${i}@example.com`, name: `Attendee Number ${i}`, anonymous: false } }));
    const writes: number[] = [];
    const { set } = session;
    session.set = async (values) => {
      writes.push(JSON.stringify(values).length);
      return set(values);
    };
    await manager.onBatch(3, '1_a', 'kep-2026', questions);
    await manager.flushSaves();
    expect(await savedIds(session)).toHaveLength(10_000);
    expect((await manager.snapshot(3))?.meta.problem ?? null).toBeNull();
    expect(Math.max(...writes)).toBeLessThan(200_000);
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

  it('gets the restored session once, not once more from the restore itself', async () => {
    const { PanelHub } = await import('@/lib/session/panel-hub');
    const first = setup();
    await first.manager.onBatch(3, '1_a', 'kep-2026', [q(), q()]);
    await first.manager.flushSaves();
    const { manager, deps } = setup(first.session, first.local);
    const hub = new PanelHub({
      tabUrl: async () => undefined,
      recordFor: async () => null,
      qnaSnapshot: (tabId: number) => manager.snapshotReader(tabId),
      adminStatus: async () => null,
      pollsView: async () => null,
      announcementsView: async () => null,
      notifySettings: async () => ({}),
    } as never);
    deps.onSnapshot = (tabId, snapshot, restored) => void (restored || hub.onQnaSnapshot(tabId, snapshot));
    const received: string[] = [];
    const port = { postMessage: (m: { type: string; snapshot?: { questions: unknown[] } }) => void received.push(`${m.type}${m.snapshot ? `:${m.snapshot.questions.length}` : ''}`) };
    hub.connect(port as never);
    await hub.onMessage(port as never, { type: 'follow', tabId: 3 });
    expect(received.filter((m) => m.startsWith('qna'))).toEqual(['qna:2']);
  });
});
