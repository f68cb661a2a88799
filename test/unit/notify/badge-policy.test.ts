import { describe, expect, it } from 'vitest';
import { badgeFor } from '@/lib/notify/badge-policy';

describe('badgeFor', () => {
  it('distinguishes attached, Kaltura without CnC, and nothing', () => {
    expect(badgeFor('attached').text).toBe('ON');
    expect(badgeFor('kaltura-no-cnc').text).toBe('•');
    expect(badgeFor('not-kaltura').text).toBe('');
    expect(badgeFor(null).text).toBe('');
    expect(new Set([badgeFor('attached').title, badgeFor('kaltura-no-cnc').title, badgeFor(null).title]).size).toBe(3);
  });

  it('counts waiting questions, and turns urgent when the oldest has waited too long', () => {
    const now = 10 * 60_000;
    const fresh = badgeFor('attached', { count: 7, oldestAt: now - 30_000 }, now, 120_000);
    const old = badgeFor('attached', { count: 7, oldestAt: now - 180_000 }, now, 120_000);
    expect(fresh.text).toBe('7');
    expect(old.text).toBe('7');
    expect(old.color).not.toBe(fresh.color);
    expect(old.title).toContain('oldest for 3 min');
    expect(badgeFor('attached', { count: 150, oldestAt: now }, now).text).toBe('150');
    expect(badgeFor('attached', { count: 1_234, oldestAt: now }, now).text).toBe('1.2k');
    expect(badgeFor('attached', { count: 10_000, oldestAt: now }, now).text).toBe('10k');
    expect(badgeFor('attached', { count: 1_000, oldestAt: now }, now).text).toBe('1k');
    expect(badgeFor('attached', { count: 150, oldestAt: now - 5 * 60_000 }, now).title).toMatch(/150 waiting, the oldest for 5 min/);
  });

  it('an attached tab whose widget is offline says so, grey, not "ON" or a blue count', () => {
    const now = new Date(2026, 10, 29, 12, 3, 44).getTime();
    const off = badgeFor('attached', { count: 4, oldestAt: now - 60_000 }, now, undefined, now);
    expect(off.text).toBe('OFF');
    expect(off.color).not.toBe(badgeFor('attached', { count: 4, oldestAt: now }, now).color);
    expect(off.title).toContain('offline since 12:03:44');
    expect(badgeFor('attached', { count: 0, oldestAt: null }, now, undefined, null).text).toBe('ON');
  });
});
