// Reading a KS without its secret.
//
// KALTURA.md §2 (kaltura/server alpha/lib/kSessionBase.class.php):
// - v2: base64url("v2|{partnerId}|" + encrypted fields). Only the version and partner id are readable;
//   type, user, expiry and privileges are inside the encrypted part (ask Kaltura: session.get).
// - v1 (legacy): base64(sha1 signature + "|" + "pid;pidPattern;validUntil;type;rand;user;privileges;…"),
//   readable in full.
// A KS is a bearer secret: this module never logs it and its results never contain it.

export type ParsedKs =
  | { ok: true; version: 2; partnerId: number }
  | {
      ok: true;
      version: 1;
      partnerId: number;
      expiresAt: number;
      type: 'USER' | 'ADMIN';
      userId: string;
      privileges: string;
    }
  | { ok: false; reason: string };

/** Longest KS we accept; real ones are a few hundred characters. */
const MAX_KS_LENGTH = 8192;
const SESSION_TYPES: Record<string, 'USER' | 'ADMIN'> = { '0': 'USER', '2': 'ADMIN' };

export function parseKs(raw: unknown): ParsedKs {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'the KS is empty' };
  const ks = raw.trim();
  if (ks.length > MAX_KS_LENGTH) return { ok: false, reason: 'the KS is implausibly long' };
  if (!/^[A-Za-z0-9+/=_-]+$/.test(ks)) return { ok: false, reason: 'the KS has characters no KS has' };

  const head = decodeBase64Prefix(ks, 96);
  if (head === null) return { ok: false, reason: 'the KS is not base64' };

  if (head.startsWith('v2|')) {
    const match = /^v2\|(\d{1,10})\|/.exec(head);
    if (!match) return { ok: false, reason: 'the KS says v2 but has no partner id' };
    // An encrypted part must follow the prefix; a bare prefix is not a KS.
    if (ks.length <= Math.ceil((match[0].length * 4) / 3) + 8) {
      return { ok: false, reason: 'the KS is cut short' };
    }
    return { ok: true, version: 2, partnerId: Number(match[1]) };
  }

  const full = decodeBase64Prefix(ks, MAX_KS_LENGTH);
  const v1 = full === null ? null : /^[0-9a-f]{40}\|(\d+);[^;]*;(\d+);(\d+);[^;]*;([^;]*);([^;]*)/.exec(full);
  if (v1) {
    const type = SESSION_TYPES[v1[3]!];
    if (!type) return { ok: false, reason: `the KS has an unknown session type ${v1[3]}` };
    return {
      ok: true,
      version: 1,
      partnerId: Number(v1[1]),
      expiresAt: Number(v1[2]),
      type,
      userId: v1[4]!,
      privileges: v1[5]!,
    };
  }
  return { ok: false, reason: 'the KS is neither a v2 nor a v1 KS' };
}

/** The value of a `name:value` privilege, from a comma list such as `sview:*,virtualeventid:123`. */
export function privilege(privileges: string, name: string): string | undefined {
  for (const part of privileges.split(',')) {
    const [key, ...rest] = part.trim().split(':');
    if (key === name && rest.length) return rest.join(':');
  }
  return undefined;
}

/** Decodes (standard or url-safe) base64 and returns the first `maxChars` bytes as latin1 text. */
function decodeBase64Prefix(b64: string, maxChars: number): string | null {
  // Decode only a prefix whose length is a multiple of 4, so a long KS costs nothing.
  let chunk = b64.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const wanted = Math.ceil(maxChars / 3) * 4;
  if (chunk.length > wanted) chunk = chunk.slice(0, wanted);
  chunk += '='.repeat((4 - (chunk.length % 4)) % 4);
  try {
    return atob(chunk).slice(0, maxChars);
  } catch {
    return null;
  }
}
