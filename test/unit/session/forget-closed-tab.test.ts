// A closed tab's saved Q&A and chat go, whichever worker hears of the closing; and a closed tab with nothing
// saved (most tabs of the browser) costs a small read, never a read of all of storage.session: that read is
// megabytes with a busy session on another tab, and it held a cold restore behind it for half a second.
import { describe, expect, it } from 'vitest';
import { QnaManager } from '@/lib/session/qna/manager';
import type { QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { Question } from '@/lib/model/qna/types';
import type { ChatMessage } from '@/lib/model/chat/types';
import type { StorageArea } from '@/lib/platform/storage';
import { memoryArea, type MemoryArea } from '../memory-area';
import { chatManager } from './chat-manager.fixture';

const surface: QnaSurfacePort = {
  kind: 'cnc',
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
  perform: async () => undefined,
};

const question = (i: number): Question => ({
  id: `q${i}`, surface: 'cnc', text: `Question ${i}?`, author: { id: `u${i}`, name: `User ${i}`, anonymous: false },
  createdAt: i, updatedAt: i, votes: 0, state: 'pending', answeredLive: false, answers: [], replies: 0, handledBy: null,
});

const message = (i: number): ChatMessage => ({
  id: `m${i}`, author: { id: 'alice', name: 'Alice' }, text: `hello ${i}`, at: 1_000 + i, pinned: false, deleted: false, byModerator: false, reactions: {},
});

/** The area, and whether anything read all of it. */
function watched(area: MemoryArea): { area: StorageArea; readAll: () => number } {
  let all = 0;
  return { area: { ...area, getAll: async () => (all++, area.getAll()) }, readAll: () => all };
}

function qna(session: StorageArea, local: StorageArea) {
  return new QnaManager({
    session,
    local,
    now: () => 1_000,
    newId: () => crypto.randomUUID(),
    cncSurfaceFor: () => surface,
    webcastSurfaceFor: async () => null,
    meOf: async () => 'me',
    partnerOf: async () => 1234,
    rescan: () => undefined,
    onPatch: () => undefined,
    onPending: () => undefined,
    setTimeout: () => 0,
  });
}

const chat = (session: StorageArea, local: StorageArea) => chatManager(session, local);

describe('a closed tab', () => {
  it('its saved questions and messages go even when a restarted worker hears of it', async () => {
    const session = memoryArea();
    const local = memoryArea();
    const before = qna(session, local);
    await before.onBatch(3, '1_a', 'kep-2026', Array.from({ length: 30 }, (_, i) => question(i)));
    await before.flushSaves();
    const chatBefore = chat(session, local);
    await chatBefore.onBatch(3, { entryId: '1_a', profileId: 'kep-2026', messages: [message(1), message(2)], blocked: null, unreadable: 0, live: true, me: 'mod' });
    await chatBefore.flushSaves();
    expect([...session.data.keys()].filter((k) => k.startsWith('chat:3:m:'))).toHaveLength(2);
    expect([...session.data.keys()].some((k) => k.startsWith('qna:3:'))).toBe(true);
    // A new worker, nothing in memory: the tab closes.
    await qna(session, local).forget(3);
    await chat(session, local).forget(3);
    expect([...session.data.keys()].filter((k) => k.startsWith('qna:3') || k.startsWith('chat:3'))).toEqual([]);
  });

  it('with nothing saved costs a small read, not a read of all of storage.session', async () => {
    const session = memoryArea();
    const local = memoryArea();
    // A busy session on another tab.
    const other = qna(session, local);
    await other.onBatch(3, '1_a', 'kep-2026', Array.from({ length: 2_000 }, (_, i) => question(i)));
    await other.flushSaves();
    const keys = [...session.data.keys()].sort();
    const { area, readAll } = watched(session);
    await qna(area, local).forget(9);
    await chat(area, local).forget(9);
    expect(readAll()).toBe(0);
    // The other tab's rows are untouched.
    expect([...session.data.keys()].sort()).toEqual(keys);
  });
});
