// The id → name lookup (lib/model/people.ts): co-moderators show by name where the panel knows it.
import { describe, expect, it } from 'vitest';
import { addName, type NamedPerson } from '@/lib/model/people';

describe('addName', () => {
  it('maps ids to display names from question authors and chat senders, leaving out what names nobody', () => {
    const names = new Map<string, string>();
    const people: NamedPerson[] = [
      { id: 'mod-b', name: 'Bea Moderator', anonymous: false },
      { id: 'anon-1', name: 'Someone', anonymous: true },
      { id: null, name: 'No id', anonymous: false },
      { id: 'jane@example.com', name: 'jane@example.com', anonymous: false },
      { id: 'blank', name: '  ', anonymous: false },
      { id: 'mod-b', name: 'Later name' },
      { id: 'mod-c', name: ' Carl ' },
    ];
    for (const p of people) addName(names, p);
    expect([...names]).toEqual([
      ['mod-b', 'Bea Moderator'],
      ['mod-c', 'Carl'],
    ]);
  });
});
