// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { crackKs, generateKs, ksPartnerId, ksPrivilege } from '../../../sandbox/kaltura/ks';

const secret = '0123456789abcdef0123456789abcdef';
const secrets = (pid: number) => (pid === 1234567 ? secret : undefined);

describe('KS v2', () => {
  const fields = { partnerId: 1234567, type: 0, userId: 'attendee-1', expiry: 2_000_000_000, privileges: 'sview:*,virtualeventid:7654321' };

  it('starts with djJ8 and shows its partner without the secret', () => {
    const ks = generateKs(secret, fields);
    expect(ks.startsWith('djJ8')).toBe(true);
    expect(ksPartnerId(ks)).toBe(1234567);
    expect(ks).not.toMatch(/[+/]/);
  });

  it('round-trips every field', () => {
    const c = crackKs(generateKs(secret, fields), secrets);
    expect(c).toMatchObject(fields);
    expect(ksPrivilege(c!.privileges, 'virtualeventid')).toEqual(['7654321']);
  });

  it('is random per issue but decodable only with the right secret', () => {
    const a = generateKs(secret, fields);
    expect(generateKs(secret, fields)).not.toBe(a);
    expect(crackKs(a, () => 'another-secret')).toBeNull();
  });

  it('refuses garbage, other partners and tampering', () => {
    expect(crackKs('djJ8garbage!!', secrets)).toBeNull();
    expect(crackKs('', secrets)).toBeNull();
    expect(crackKs(generateKs('x', { ...fields, partnerId: 999999 }), secrets)).toBeNull();
    const ks = generateKs(secret, fields);
    const tampered = ks.slice(0, 30) + (ks[30] === 'A' ? 'B' : 'A') + ks.slice(31);
    expect(crackKs(tampered, secrets)).toBeNull();
  });

  it('stores "*" as all:* and reports it back as *', () => {
    expect(crackKs(generateKs(secret, { ...fields, privileges: '*' }), secrets)?.privileges).toBe('*');
  });
});
