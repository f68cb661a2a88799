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
});
