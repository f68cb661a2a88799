// A flagged message's flags and a deleted message's deletion record are saved with that message's row, not
// in the tab's record: every new flagged message rewrote all the flags (35 KB three times a second after a
// minute of a 200 messages/s chat, growing with the session), which was most of what the service worker
// serialised and the browser stored. What the moderator sees after a worker restart is unchanged: the
// flags, the "kept" ones gone, who deleted what.
import { describe, expect, it } from 'vitest';
import type { ChatBatch } from '@/lib/contracts/chat';
import type { ChatMessage } from '@/lib/model/chat/types';
import { CHAT_TAB_KEY } from '@/lib/session/chat/repository';
import { memoryArea, type MemoryArea } from '../memory-area';
import { chatManager } from './chat-manager.fixture';

const msg = (i: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${i}`,
  author: { id: `a${i}`, name: `Attendee ${i}` },
  // A link: flagged by the default rules.
  text: i % 2 ? `see http://spam${i}.example.com` : `hello ${i}`,
  at: 1_000 + i,
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
  ...over,
});
const batch = (messages: ChatMessage[]): ChatBatch => ({ entryId: 'e1', profileId: 'kep-2026', messages, blocked: null, unreadable: 0, live: true, me: 'mod' });

async function restored(session: MemoryArea, local: MemoryArea) {
  return (await chatManager(session, local).snapshotReader(7))()!;
}

describe('chat flags and deletions after a worker restart', () => {
  it('come back with their messages, and a new flagged message does not rewrite the older ones', async () => {
    const session = memoryArea();
    const local = memoryArea();
    const first = chatManager(session, local);
    await first.onBatch(7, batch(Array.from({ length: 400 }, (_, i) => msg(i))));
    await first.flushSaves();
    // One more flagged message, and one deleted in the widget.
    const before = session.written;
    await first.onBatch(7, batch([msg(401), msg(2, { deleted: true })]));
    await first.flushSaves();
    // Two rows (and the index chunk of 402 ids), not 200 flags again.
    expect(session.written - before).toBeLessThan(6_000);
    expect(JSON.stringify(session.data.get(CHAT_TAB_KEY(7))).length).toBeLessThan(1_000);

    const snap = await restored(session, local);
    expect(Object.keys(snap.meta.flags).sort()).toEqual([...Array.from({ length: 200 }, (_, k) => `m${2 * k + 1}`), 'm401'].sort());
    expect(snap.meta.flags.m401?.[0]?.rule).toBe('links');
    expect(snap.meta.deletions.m2?.how).toBe('elsewhere');
    // The messages themselves carry nothing of it.
    expect(snap.messages.find((m) => m.id === 'm1')).toEqual(msg(1));
  });

  it('a flag the moderator kept stays cleared, and a moderator deletion stays theirs', async () => {
    const session = memoryArea();
    const local = memoryArea();
    const first = chatManager(session, local);
    await first.onBatch(7, batch([msg(1), msg(3), msg(4)]));
    await first.flushSaves();
    await first.local(7, { kind: 'keep', messageId: 'm1' });
    await first.act(7, { kind: 'delete', messageId: 'm4', reason: 'off topic' });
    await first.onBatch(7, batch([msg(4, { deleted: true })]));
    await first.flushSaves();

    const snap = await restored(session, local);
    expect(Object.keys(snap.meta.flags)).toEqual(['m3']);
    expect(snap.meta.deletions.m4).toMatchObject({ by: 'mod', reason: 'off topic', how: 'moderator' });
  });

  it('a chat saved by an earlier version (every mark in the tab record) keeps its marks, moved to the rows', async () => {
    const session = memoryArea();
    const local = memoryArea();
    const first = chatManager(session, local);
    await first.onBatch(7, batch([msg(1), msg(2, { deleted: true }), msg(4)]));
    await first.flushSaves();
    // As an earlier version saved it: the marks in the record, the rows plain.
    const record = session.data.get(CHAT_TAB_KEY(7)) as Record<string, unknown>;
    const marks = { flags: { m1: [{ rule: 'links', reason: 'Contains a link' }] }, deletions: { m2: { by: 'another moderator', reason: '', at: 5, how: 'elsewhere' } } };
    const { marksInRows: _, ...old } = record;
    session.data.set(CHAT_TAB_KEY(7), { ...old, ...marks });
    // (Rows as objects, as it stored them: this version writes each as one JSON string.)
    for (const [k, v] of session.data) if (k.startsWith('chat:7:m:')) session.data.set(k, { ...(JSON.parse(v as string) as ChatMessage), $flags: undefined, $deletion: undefined });
    for (const [k, v] of session.data) if (k.startsWith('chat:7:m:')) session.data.set(k, JSON.parse(JSON.stringify(v)));

    // Restored once (the record's marks), saved by this version, restored again: still there.
    const second = chatManager(session, local);
    const snap = (await second.snapshotReader(7))()!;
    expect(snap.meta.flags).toEqual(marks.flags);
    expect(snap.meta.deletions).toEqual(marks.deletions);
    await second.flushSaves();
    expect(JSON.stringify(session.data.get(CHAT_TAB_KEY(7)))).not.toContain('Contains a link');
    // Nor the restored index (every saved id) in the record: it is saved in its own keys.
    expect(session.data.get(CHAT_TAB_KEY(7))).not.toHaveProperty('index');
    const again = await restored(session, local);
    expect(again.meta.flags).toEqual(marks.flags);
    expect(again.meta.deletions).toEqual(marks.deletions);
  });
});
