import { describe, expect, it } from 'vitest';
import { parseKs, privilege } from '@/lib/kaltura/ks';

const b64url = (s: string) => Buffer.from(s, 'latin1').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const v2 = (pid: number | string) => b64url(`v2|${pid}|` + '\x93\x11\xfe'.repeat(40));

describe('parseKs', () => {
  it('reads the partner of a v2 KS, which starts with djJ8', () => {
    const ks = v2(1234567);
    expect(ks.startsWith('djJ8')).toBe(true);
    expect(parseKs(ks)).toEqual({ ok: true, version: 2, partnerId: 1234567 });
  });

  it('reads every field of a legacy v1 KS', () => {
    const fields = `1234567;1234567;${2_000_000_000};2;123;moderator@example.com;sview:*,virtualeventid:77`;
    const ks = Buffer.from(`${'a'.repeat(40)}|${fields}`).toString('base64');
    expect(parseKs(ks)).toEqual({
      ok: true,
      version: 1,
      partnerId: 1234567,
      expiresAt: 2_000_000_000,
      type: 'ADMIN',
      userId: 'moderator@example.com',
      privileges: 'sview:*,virtualeventid:77',
    });
  });

  it.each([
    ['', 'empty'],
    ['djJ8garbage!!', 'characters'],
    [b64url('v2|abc|xxxxxxxxxxxxxxxxxxxxxxxx'), 'no partner id'],
    [b64url('v2|1234567|'), 'cut short'],
    [b64url('hello world, this is not a ks at all'), 'neither'],
    ['A'.repeat(9000), 'long'],
  ])('refuses %j with a reason (%s)', (ks, reason) => {
    const parsed = parseKs(ks);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('refuses non-strings without throwing', () => {
    expect(parseKs(undefined).ok).toBe(false);
    expect(parseKs({ toString: () => v2(1) }).ok).toBe(false);
  });
});

describe('privilege', () => {
  it('finds a named privilege in the comma list', () => {
    expect(privilege('sview:*,virtualeventid:7654321,list:*', 'virtualeventid')).toBe('7654321');
    expect(privilege('sview:*', 'virtualeventid')).toBeUndefined();
  });
});
