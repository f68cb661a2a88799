/**
 * The HS256 JWT the CnC widget authenticates with (KALTURA.md §2, integrated-events-demo
 * lib/kaltura-integration): header `kid = partnerId`; payload partnerId, uid, contextId = entryId,
 * groups (moderators are in `{entryId}_moderators`), virtualEventId, exp.
 */
import { createHmac } from 'node:crypto';

export interface CncClaims {
  partnerId: number;
  uid: string;
  contextId: string;
  groups: string[];
  virtualEventId: number;
  exp: number;
}

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

export function moderatorGroup(entryId: string): string {
  return `${entryId}_moderators`;
}

export function signCncJwt(secret: string, claims: CncClaims): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: String(claims.partnerId) }));
  const payload = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** Verify and decode; null when the signature or shape is wrong. */
export function verifyCncJwt(secret: string, token: string): CncClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const sig = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
  if (sig !== parts[2]) return null;
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as CncClaims;
  } catch {
    return null;
  }
}
