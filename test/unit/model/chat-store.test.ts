// The chat store (lib/model/chat/session.ts): messages by id and in time order, updated in place.
import { describe, expect, it } from 'vitest';
import { ChatStore } from '@/lib/model/chat/session';
import type { ChatMessage } from '@/lib/model/chat/types';

const m = (id: string, at: number, text = id): ChatMessage => ({ id, author: { id: 'u', name: 'U' }, text, at, pinned: false, deleted: false, byModerator: false, reactions: {} });

describe('ChatStore', () => {
  it('takes a snapshot in time order as it is, and finds its messages by id', () => {
    const s = new ChatStore([m('a', 1), m('b', 2), m('c', 2)]);
    expect(s.list.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(s.byId.get('b')!.at).toBe(2);
    expect(s.upsert(m('d', 0))).toBe(true);
    expect(s.list.map((x) => x.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(s.upsert(m('a', 1, 'edited'))).toBe(false);
    expect(s.list[1]!.text).toBe('edited');
  });

  it('puts an unordered snapshot in order, and keeps one copy (the later) of an id given twice', () => {
    expect(new ChatStore([m('b', 2), m('a', 1)]).list.map((x) => x.id)).toEqual(['a', 'b']);
    // In time order, but the same id twice (its time changed): one message, at its later time.
    const s = new ChatStore([m('a', 1), m('b', 2), m('a', 3, 'moved')]);
    expect(s.byId.size).toBe(2);
    expect(s.list.map((x) => `${x.id}@${x.at}`)).toEqual(['b@2', 'a@3']);
  });
});
