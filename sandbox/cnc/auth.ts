/**
 * Who is calling the CnC surfaces: a CnC JWT (KALTURA.md §2: HS256, kid = partnerId, contextId = entry,
 * moderators in `{entryId}_moderators`) or a KS (a USER KS is an attendee, an ADMIN KS a moderator).
 */
import { PARTNER_ID } from '../demo-data.js';
import { moderatorGroup, verifyCncJwt } from '../kaltura/cnc-jwt.js';
import { KS_TYPE_ADMIN } from '../kaltura/ks.js';
import type { SandboxState } from '../state.js';
import type { Viewer } from './types.js';

export function authenticate(state: SandboxState, token: string | null | undefined, entryId: string): Viewer | null {
  if (!token) return null;
  const now = state.now();
  if (!token.startsWith('djJ8') && token.split('.').length === 3) {
    const secret = state.secretFor(PARTNER_ID);
    const claims = secret ? verifyCncJwt(secret, token) : null;
    if (!claims || claims.partnerId !== PARTNER_ID || claims.exp <= now || claims.contextId !== entryId || !claims.uid) return null;
    return { userId: String(claims.uid), moderator: Array.isArray(claims.groups) && claims.groups.includes(moderatorGroup(entryId)) };
  }
  const ks = state.crack(token);
  // Another partner's KS is refused (issue 3 "Bad input").
  if (!ks || ks.partnerId !== PARTNER_ID || ks.expiry <= now || !ks.userId) return null;
  return { userId: ks.userId, moderator: ks.type === KS_TYPE_ADMIN };
}

export function bearer(header: string | string[] | undefined): string | null {
  const h = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+(\S+)$/i.exec(h ?? '');
  return m ? m[1]! : null;
}
