/**
 * Who may see and edit cue points (KALTURA.md §3 "Wire details that bite"): a USER KS sees only its
 * own or public annotations and edits only its own cue points; an ADMIN KS, or a KS with privileges
 * such as `list:*` / `editcuepoint:*`, acts on all (kaltura/server CuePointPeer::setDefaultCriteriaFilter,
 * CuePointService::validateUserLog / kSessionBase privileges).
 */
import { KS_TYPE_ADMIN, ksPrivilege, type CrackedKs } from './ks.js';
import type { CuePoint } from './cue-points.js';

function hasWildcard(ks: CrackedKs, name: string): boolean {
  if (ks.privileges === '*') return true;
  const v = ksPrivilege(ks.privileges, name);
  return v !== null && v.includes('*');
}

export function isAdmin(ks: CrackedKs): boolean {
  return ks.type === KS_TYPE_ADMIN;
}

export function canListAll(ks: CrackedKs): boolean {
  return isAdmin(ks) || hasWildcard(ks, 'list');
}

export function canEditAll(ks: CrackedKs): boolean {
  return isAdmin(ks) || hasWildcard(ks, 'editcuepoint');
}

export function canSee(ks: CrackedKs, cp: CuePoint): boolean {
  if (cp.partnerId !== ks.partnerId) return false;
  if (canListAll(ks)) return true;
  // Code cue points (settings) carry no isPublic and are read by every viewer.
  if (cp.objectType === 'KalturaCodeCuePoint') return true;
  return cp.isPublic === true || (ks.userId !== '' && cp.userId === ks.userId);
}

export function canEdit(ks: CrackedKs, cp: CuePoint): boolean {
  if (cp.partnerId !== ks.partnerId) return false;
  return canEditAll(ks) || (ks.userId !== '' && cp.userId === ks.userId);
}
