/**
 * KS v2: create and crack Kaltura sessions the way kaltura/server does
 * (kaltura/server infra kSessionBase.class.php: generateKsV2 / parseKsV2 / matchAdminSecretV2).
 *
 *   fields  = http_build_query({ ...privileges, _e: expiry, _t: type, _u: userId })
 *   plain   = sha1(rand16 + fields, raw) + rand16 + fields
 *   enc     = AES-128-CBC(key = sha1(adminSecret)[0..16], iv = 16 zero bytes, zero padding)
 *   ks      = base64("v2|{partnerId}|" + enc) with + → - and / → _  (so it starts with "djJ8")
 *
 * The partner id is readable without the secret; everything else needs the partner's admin secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// kSessionBase: SESSION_TYPE_USER = 0, SESSION_TYPE_ADMIN = 2.
export const KS_TYPE_USER = 0;
export const KS_TYPE_ADMIN = 2;

const SHA1_SIZE = 20; // kSessionBase::SHA1_SIZE
const RANDOM_SIZE = 16; // kSessionBase::RANDOM_SIZE
const AES_IV = Buffer.alloc(16, 0); // kSessionBase::AES_IV — the random prefix makes an IV unnecessary
// kSessionBase $fieldMapping: reserved field names; every other field is a privilege.
const FIELD_EXPIRY = '_e';
const FIELD_TYPE = '_t';
const FIELD_USER = '_u';
const FIELD_MASTER_PARTNER_ID = '_m';
const FIELD_ADDITIONAL_DATA = '_d';
const RESERVED = new Set([FIELD_EXPIRY, FIELD_TYPE, FIELD_USER, FIELD_MASTER_PARTNER_ID, FIELD_ADDITIONAL_DATA]);

export interface KsFields {
  partnerId: number;
  /** 0 USER, 2 ADMIN. */
  type: number;
  userId: string;
  /** Absolute expiry, unix seconds. */
  expiry: number;
  /** Comma list as the API reports it, e.g. "sview:*,virtualeventid:7654321". */
  privileges: string;
}

export interface CrackedKs extends KsFields {
  /** sha1 of the fields, hex (kSessionBase::$hash). */
  hash: string;
}

function aesKey(adminSecret: string): Buffer {
  return createHash('sha1').update(adminSecret, 'utf8').digest().subarray(0, 16);
}

function toBase64Url(buf: Buffer): string {
  // PHP base64_encode + str_replace(['+','/'], ['-','_']): padding '=' is kept.
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** PHP http_build_query: null values are skipped, form encoding (space → +). */
function buildQuery(fields: [string, string | number | null][]): string {
  const q = new URLSearchParams();
  for (const [k, v] of fields) if (v !== null) q.append(k, String(v));
  return q.toString();
}

export function generateKs(adminSecret: string, f: KsFields, rand: Buffer = randomBytes(RANDOM_SIZE)): string {
  const fields: [string, string | number | null][] = [];
  for (const raw of f.privileges.split(',')) {
    const privilege = raw.trim() === '*' ? 'all:*' : raw.trim(); // generateKsV2: '*' is stored as all:*
    if (!privilege) continue;
    const at = privilege.indexOf(':');
    fields.push(at >= 0 ? [privilege.slice(0, at), privilege.slice(at + 1)] : [privilege, '']);
  }
  fields.push([FIELD_EXPIRY, f.expiry], [FIELD_TYPE, f.type], [FIELD_USER, f.userId]);
  const body = Buffer.concat([rand.subarray(0, RANDOM_SIZE), Buffer.from(buildQuery(fields), 'utf8')]);
  const plain = Buffer.concat([createHash('sha1').update(body).digest(), body]);
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16, 0)]);
  const cipher = createCipheriv('aes-128-cbc', aesKey(adminSecret), AES_IV).setAutoPadding(false);
  const enc = Buffer.concat([cipher.update(padded), cipher.final()]);
  return toBase64Url(Buffer.concat([Buffer.from(`v2|${f.partnerId}|`, 'latin1'), enc]));
}

function decodeKsBytes(ks: string): Buffer | null {
  if (typeof ks !== 'string' || ks.length === 0 || !/^[A-Za-z0-9\-_+/=]+$/.test(ks)) return null;
  const buf = Buffer.from(ks.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return buf.length > 0 ? buf : null;
}

/** The partner id of a v2 KS, readable without decrypting (KALTURA.md §2). */
export function ksPartnerId(ks: string): number | null {
  const buf = decodeKsBytes(ks);
  if (!buf) return null;
  const m = /^v2\|(-?\d+)\|/.exec(buf.subarray(0, 32).toString('latin1'));
  return m ? Number(m[1]) : null;
}

/**
 * Decrypt and verify a KS. Returns null when it is not a v2 KS of a known partner or the hash does
 * not match (kSessionBase::INVALID_STR); expiry is the caller's check (kSessionBase::isValidBase).
 */
export function crackKs(ks: string, secretFor: (partnerId: number) => string | undefined): CrackedKs | null {
  const buf = decodeKsBytes(ks);
  if (!buf) return null;
  const head = buf.subarray(0, 32).toString('latin1');
  const m = /^v2\|(-?\d+)\|/.exec(head);
  if (!m) return null; // v1 KSs are not issued by this sandbox
  const partnerId = Number(m[1]);
  const secret = secretFor(partnerId);
  if (!secret) return null;
  const enc = buf.subarray(m[0].length);
  if (enc.length === 0 || enc.length % 16 !== 0) return null;
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-cbc', aesKey(secret), AES_IV).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(enc), decipher.final()]);
  } catch {
    return null;
  }
  let end = plain.length; // matchAdminSecretV2: rtrim($decKs, "\0")
  while (end > 0 && plain[end - 1] === 0) end--;
  plain = plain.subarray(0, end);
  if (plain.length < SHA1_SIZE + RANDOM_SIZE) return null;
  const hash = plain.subarray(0, SHA1_SIZE);
  const body = plain.subarray(SHA1_SIZE);
  if (!createHash('sha1').update(body).digest().equals(hash)) return null;

  const params = new URLSearchParams(body.subarray(RANDOM_SIZE).toString('utf8'));
  const privileges: string[] = [];
  let expiry = 0;
  let type = KS_TYPE_USER;
  let userId = '';
  params.forEach((value, name) => {
    if (name === FIELD_EXPIRY) expiry = Number(value);
    else if (name === FIELD_TYPE) type = Number(value);
    else if (name === FIELD_USER) userId = value;
    else if (!RESERVED.has(name)) privileges.push(value.length ? `${name}:${value}` : name);
  });
  let privilegeStr = privileges.join(',');
  if (privilegeStr === 'all:*') privilegeStr = '*'; // parseKsV2
  return { partnerId, type, userId, expiry, privileges: privilegeStr, hash: hash.toString('hex') };
}

/** Privilege lookup: "virtualeventid:7654321" → ["7654321"]; values split on "/" (PRIVILEGES_DELIMITER). */
export function ksPrivilege(privileges: string, name: string): string[] | null {
  for (const p of privileges.split(',')) {
    const at = p.indexOf(':');
    const key = at >= 0 ? p.slice(0, at) : p;
    if (key === name) return at >= 0 ? p.slice(at + 1).split('/') : [];
  }
  return null;
}
