// How long the background takes to restore its state after the service worker was stopped: the tab
// records and a Q&A session of 11,000 questions (a 10,000 backlog, then 1,000 more in saves of 25, as at
// 100/s), read back from session storage. Storage is modelled by structured clones (what storage.session
// does); the browser's own per-key cost is not included, so the keys read are a figure of their own (in
// Chrome, reading 11,000 keys took about 2 s: session.restore_cold_ms in moderator.bench.ts).
// Figures: session.restore_ms (median) / _p95_ms / _samples, session.restore_keys_read (keys that exist,
// read by one restore), storage.bytes_written_per_question_unit (the 1,000 saves, compactions included).
import { QnaManager } from '../../lib/session/qna/manager';
import { TabStore } from '../../lib/session/tab-store';
import type { StorageArea } from '../../lib/platform/storage';
import type { QnaSurfacePort } from '../../lib/session/qna/qna-session';
import type { Question } from '../../lib/model/qna/types';
import { percentile } from './stats';
import { memoryArea } from '../unit/memory-area';

const BACKLOG = 10_000;
const INGESTED = 1_000;
const RESTORES = 15;


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
  // Fill storage the way a live session does: 20 tab records, one Q&A session of 11,000 questions.
  const store = new TabStore(session);
  for (let tabId = 1; tabId <= 20; tabId++) {
    await store.put({ tabId, url: `https://1234567.events.kaltura.com/media/t/1_tab${tabId}`, state: 'attached', context: null, updatedAt: Date.now() });
  }
  const total = BACKLOG + INGESTED;
  const questions: Question[] = Array.from({ length: total }, (_, i) => ({
    id: `q_${i}`, surface: 'cnc', text: `Question ${i} about the roadmap and pricing for teams of ${i % 90} people?`, author: { id: `u${i}`, name: `User ${i}`, anonymous: false },
    createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i, votes: i % 50, state: i % 3 ? 'approved' : 'pending',
    answeredLive: false, answers: [], replies: 0, handledBy: null,
  }));
  const warm = manager(session, local);
  await warm.onBatch(7, '1_sessiona1', 'kep-2026', questions.slice(0, BACKLOG));
  await warm.flushSaves();
  const writtenBefore = session.written + local.written;
  for (let i = BACKLOG; i < total; i += 25) {
    await warm.onBatch(7, '1_sessiona1', 'kep-2026', questions.slice(i, i + 25));
    await warm.flushSaves();
  }
  const bytesPerQuestion = (session.written + local.written - writtenBefore) / INGESTED;

  const times: number[] = [];
  let keysRead = 0;
  for (let i = 0; i < RESTORES; i++) {
    const readBefore = session.read;
    const t0 = performance.now();
    const restored = new TabStore(session);
    await restored.restore();
    const qna = manager(session, local);
    const snapshot = await qna.snapshot(7);
    times.push(performance.now() - t0);
    keysRead = session.read - readBefore;
    // Past the per-tab cap (3.5 MB) rows stay in memory only: what was saved must all come back.
    if (!snapshot || snapshot.questions.length < 10_000) throw new Error(`the restored session lost questions (${snapshot?.questions.length})`);
  }
  return {
    'session.restore_ms': Math.round(percentile(times, 50) * 10) / 10,
    'session.restore_p95_ms': Math.round(percentile(times, 95) * 10) / 10,
    'session.restore_samples': times.length,
    'session.restore_questions': total,
    'session.restore_keys_read': keysRead,
    'storage.bytes_written_per_question_unit': Math.round(bytesPerQuestion),
  };
}
