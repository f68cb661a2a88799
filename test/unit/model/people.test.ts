// The id → name lookup (lib/model/people.ts): co-moderators show by name where the panel knows it.
import { describe, expect, it } from 'vitest';
import { displayName, namesById } from '@/lib/model/people';

describe('namesById', () => {
  it('maps ids to display names from question authors and chat senders, leaving out what names nobody', () => {
    const names = namesById(
      [
        { id: 'mod-b', name: 'Bea Moderator', anonymous: false },
        { id: 'anon-1', name: 'Someone', anonymous: true },
        { id: null, name: 'No id', anonymous: false },
        { id: 'jane@example.com', name: 'jane@example.com', anonymous: false },
        { id: 'blank', name: '  ', anonymous: false },
      ],
      [
        { id: 'mod-b', name: 'Later name' },
        { id: 'mod-c', name: ' Carl ' },
      ],
    );
    expect([...names]).toEqual([
      ['mod-b', 'Bea Moderator'],
      ['mod-c', 'Carl'],
    ]);
  });

  it('displayName falls back to the id when no name is known', () => {
    const names = namesById([{ id: 'mod-b', name: 'Bea' }]);
    expect(displayName(names, 'mod-b')).toEqual({ text: 'Bea', named: true });
    expect(displayName(names, 'mod-x')).toEqual({ text: 'mod-x', named: false });
  });
});
