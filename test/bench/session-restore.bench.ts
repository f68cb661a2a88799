// How long the background takes to restore its state after the service worker was stopped: the tab
// records and a Q&A session of 1,000 questions (with its outbox and audit), read back from session storage.
// Storage is modelled by structured clones (what storage.session does); the browser's own read time is
// not included. Figure: session.restore_ms (median of 15 restores) and session.restore_p95_ms.
import { QnaManager } from '../../lib/session/qna/manager';
import { TabStore } from '../../lib/session/tab-store';
import type { StorageArea } from '../../lib/platform/storage';
import type { QnaSurfacePort } from '../../lib/session/qna/qna-session';
import type { Question } from '../../lib/model/qna/types';

function memoryArea(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined;
    },
    async getAll() {
      return Object.fromEntries([...data].map(([k, v]) => [k, structuredClone(v)]));
    },
    async getMany(keys: string[]) {
      return Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(values) {
      for (const [k, v] of Object.entries(values)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

function manager(session: StorageArea, local: StorageArea) {
  return new QnaManager({
    session,
    local,
    now: Date.now,
    newId: () => Math.random().toString(36).slice(2),
    cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null,
    meOf: async () => 'moderator-1',
    rescan: () => undefined,
    onPatch: () => undefined,
    onPending: () => undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });
}

export async function run(): Promise<Record<string, number>> {
  const session = memoryArea();
  const local = memoryArea();
  // Fill storage the way a live session does: 20 tab records, one Q&A session of 1,000 questions.
  const store = new TabStore(session);
  for (let tabId = 1; tabId <= 20; tabId++) {
    await store.put({ tabId, url: `https://1234567.events.kaltura.com/media/t/1_tab${tabId}`, state: 'attached', context: null, updatedAt: Date.now() });
  }
  const questions: Question[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `q${i}`, surface: 'cnc', text: `Question ${i} about the roadmap and pricing?`, author: { id: `u${i}`, name: `User ${i}`, anonymous: false },
    createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i, votes: i % 50, state: i % 3 ? 'approved' : 'pending',
    answeredLive: false, answers: [], replies: 0, handledBy: null,
  }));
  const warm = manager(session, local);
  await warm.onBatch(7, '1_sessiona1', 'kep-2026', questions);
  await warm.flushSaves();

  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const restored = new TabStore(session);
    await restored.restore();
    const qna = manager(session, local);
    const snapshot = await qna.snapshot(7);
    if (snapshot?.questions.length !== 1000) throw new Error('the restored session lost questions');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    'session.restore_ms': Math.round(times[7]! * 10) / 10,
    'session.restore_p95_ms': Math.round(times[14]! * 10) / 10,
  };
}
