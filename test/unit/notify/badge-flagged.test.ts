// The badge counts flagged chat messages with the questions waiting (issue 11), and forgets them once seen.
import { describe, expect, it } from 'vitest';
import { BadgeKeeper } from '@/lib/notify/badge-keeper';
import type { BadgeSpec } from '@/lib/notify/badge-policy';

describe('BadgeKeeper and flagged chat', () => {
  it('adds flagged messages to the waiting count; the oldest of either decides urgency', async () => {
    const now = 1_000_000;
    const drawn: BadgeSpec[] = [];
    const badges = new BadgeKeeper({ draw: async (_t, b) => void drawn.push(b), now: () => now, urgentAfterMs: 60_000 });
    await badges.setState(1, 'attached');
    await badges.setWaiting(1, { count: 2, oldestAt: now - 1_000 });
    expect(drawn.at(-1)!.text).toBe('2');
    const flagged = await badges.setFlagged(1, { count: 3, oldestAt: now - 120_000 });
    expect(flagged.text).toBe('5');
    expect(flagged.color).toBe((await badges.setWaiting(1, { count: 0, oldestAt: null }), drawn.at(-1)!.color));
    expect(drawn.at(-1)!.text).toBe('3');
    expect((await badges.setFlagged(1, { count: 0, oldestAt: null })).text).toBe('ON');
  });
});
