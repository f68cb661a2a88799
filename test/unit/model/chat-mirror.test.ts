// The panel's chat mirror keeps its own flags and deletions and changes them in place with each patch (a
// flood's tens of thousands of flags were copied whole on every patch): what it shows must be what the
// patches say, its flag count must follow, and the snapshot it came from must not change under the sender.
import { describe, expect, it } from 'vitest';
import { applyChatPatch, chatMirrorOf, type ChatMeta, type ChatSnapshot, type DeletionRecord } from '@/lib/model/chat/session';
import type { ChatMessage } from '@/lib/model/chat/types';

const msg = (i: number): ChatMessage => ({ id: `m${i}`, author: { id: `u${i % 5}`, name: `P${i % 5}` }, text: `t${i}`, at: 1_000 + i, pinned: false, deleted: false, byModerator: false, reactions: {} });
const flag = { rule: 'links' as const, reason: 'a link' };
const deletion: DeletionRecord = { by: 'mod', reason: 'spam', at: 5, how: 'moderator' };

function snapshotOf(n: number, flagged: number[]): ChatSnapshot {
  const meta = {
    entryId: 'e',
    me: 'mod',
    blocked: [],
    commands: [],
    flags: Object.fromEntries(flagged.map((i) => [`m${i}`, [flag]])),
    deletions: {},
    staleSince: null,
    problem: null,
    audit: [],
  } as unknown as ChatMeta;
  return { meta, messages: Array.from({ length: n }, (_, i) => msg(i)) };
}

describe('the chat mirror', () => {
  it('follows flags set, cleared and let go, and the deletions, with its count of flagged messages', () => {
    const snap = snapshotOf(10, [1, 2]);
    const before = JSON.stringify(snap.meta);
    let mirror = chatMirrorOf(snap);
    expect(mirror.flagged).toBe(2);
    mirror = applyChatPatch(mirror, { flagsSet: { m3: [flag], m2: [flag] } });
    expect(mirror.flagged).toBe(3);
    mirror = applyChatPatch(mirror, { flagsCleared: ['m1', 'm9'], deletions: { m4: deletion } });
    expect(mirror.flagged).toBe(2);
    expect(Object.keys(mirror.meta.flags).sort()).toEqual(['m2', 'm3']);
    expect(Object.keys(mirror.meta.deletions)).toEqual(['m4']);
    mirror = applyChatPatch(mirror, { removed: ['m3', 'm4'] });
    expect(mirror.flagged).toBe(1);
    expect(Object.keys(mirror.meta.flags)).toEqual(['m2']);
    expect(mirror.meta.deletions).toEqual({});
    expect(mirror.store.list.map((m) => m.id)).not.toContain('m3');
    // The snapshot the mirror was made from is the sender's: untouched.
    expect(JSON.stringify(snap.meta)).toBe(before);
  });

  it('a catch-up with a whole meta replaces the marks, and its own object stays the sender’s', () => {
    let mirror = chatMirrorOf(snapshotOf(10, [1, 2, 3]));
    const { audit: _audit, ...whole } = snapshotOf(10, [7]).meta;
    const wholeBefore = JSON.stringify(whole);
    mirror = applyChatPatch(mirror, { whole, flagsSet: { m8: [flag] } });
    expect(Object.keys(mirror.meta.flags).sort()).toEqual(['m7', 'm8']);
    expect(mirror.flagged).toBe(2);
    expect(JSON.stringify(whole)).toBe(wholeBefore);
  });
});
