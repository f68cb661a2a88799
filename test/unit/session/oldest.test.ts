import { describe, expect, it } from 'vitest';
import { OldestTracker } from '@/lib/session/qna/oldest';

describe('OldestTracker', () => {
  it('gives the oldest member as members come and go (oldest first, at random, again after leaving)', () => {
    const members = new Map<string, number>();
    const tracker = new OldestTracker((id, at) => members.get(id) === at);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 5_000; step++) {
      const r = random();
      if (r < 0.5 || !members.size) {
        const id = `q${Math.floor(random() * 800)}`;
        const at = members.get(id) ?? Math.floor(random() * 10_000);
        members.set(id, at);
        tracker.add(id, at);
      } else {
        const ids = [...members.keys()];
        // Often the oldest leaves (a moderator triaging oldest first).
        const id = r < 0.8 ? ids.reduce((a, b) => (members.get(a)! <= members.get(b)! ? a : b)) : ids[Math.floor(random() * ids.length)]!;
        members.delete(id);
      }
      const expected = members.size ? Math.min(...members.values()) : null;
      expect(tracker.oldest(members.size)).toBe(expected);
    }
  });
});
