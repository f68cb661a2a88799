/**
 * In-memory cue points (KalturaAnnotation and KalturaCodeCuePoint) for the legacy webcast Q&A
 * (KALTURA.md §3 "Legacy webcast Q&A"). Field names follow kaltura-client KalturaModel.js
 * (CuePoint, Annotation, CodeCuePoint); cuePointType values are the plugin enum strings
 * `annotation.Annotation` / `codeCuePoint.Code` (kaltura/server KalturaCuePointType).
 */
import { randomBytes } from 'node:crypto';

export type CuePointObjectType = 'KalturaAnnotation' | 'KalturaCodeCuePoint';
export const CUE_POINT_TYPE: Record<CuePointObjectType, string> = {
  KalturaAnnotation: 'annotation.Annotation',
  KalturaCodeCuePoint: 'codeCuePoint.Code',
};
/** KalturaCuePointStatus::READY = 1, DELETED = 2. */
export const CUE_POINT_READY = 1;
export const CUE_POINT_DELETED = 2;

export interface CuePoint {
  objectType: CuePointObjectType;
  id: string;
  intId: number;
  cuePointType: string;
  status: number;
  entryId: string;
  partnerId: number;
  createdAt: number;
  updatedAt: number;
  triggeredAt?: number;
  tags?: string;
  startTime?: number;
  userId: string;
  partnerData?: string;
  partnerSortValue?: number;
  forceStop?: number;
  thumbOffset?: number;
  systemName?: string;
  isMomentary?: boolean;
  // KalturaAnnotation
  parentId?: string;
  text?: string;
  endTime?: number;
  duration?: number;
  depth?: number;
  childrenCount?: number;
  directChildrenCount?: number;
  isPublic?: boolean;
  searchableOnEntry?: boolean;
  // KalturaCodeCuePoint
  code?: string;
  description?: string;
}

/** Fields a caller may set on add / update (kaltura-client: non-readOnly properties). */
export const WRITABLE_FIELDS: readonly string[] = [
  'entryId', 'triggeredAt', 'tags', 'startTime', 'userId', 'partnerData', 'partnerSortValue', 'forceStop', 'thumbOffset',
  'systemName', 'isMomentary', 'parentId', 'text', 'endTime', 'isPublic', 'searchableOnEntry', 'code', 'description',
];

export class CuePointStore {
  private readonly byId = new Map<string, CuePoint>();
  private nextInt = 1000;

  add(fields: Omit<CuePoint, 'id' | 'intId' | 'cuePointType' | 'status' | 'createdAt' | 'updatedAt'>, now: number): CuePoint {
    // Cue point ids look like entry ids: `{dc}_{8 chars}` (kaltura/server CuePointPeer / entry id style).
    let id: string;
    do id = `1_${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8)}`;
    while (this.byId.has(id));
    const cp: CuePoint = {
      ...fields,
      id,
      intId: this.nextInt++,
      cuePointType: CUE_POINT_TYPE[fields.objectType],
      status: CUE_POINT_READY,
      createdAt: now,
      updatedAt: now,
    };
    if (cp.objectType === 'KalturaAnnotation') {
      const parent = cp.parentId ? this.byId.get(cp.parentId) : undefined;
      cp.depth = parent ? (parent.depth ?? 0) + 1 : 0;
      cp.childrenCount = 0;
      cp.directChildrenCount = 0;
      if (parent) {
        parent.directChildrenCount = (parent.directChildrenCount ?? 0) + 1;
        for (let p: CuePoint | undefined = parent; p; p = p.parentId ? this.byId.get(p.parentId) : undefined) {
          p.childrenCount = (p.childrenCount ?? 0) + 1;
        }
      }
      if (cp.endTime !== undefined && cp.startTime !== undefined) cp.duration = cp.endTime - cp.startTime;
    }
    this.byId.set(id, cp);
    return cp;
  }

  /** Live (not deleted) cue point. */
  get(id: string): CuePoint | undefined {
    const cp = this.byId.get(id);
    return cp && cp.status !== CUE_POINT_DELETED ? cp : undefined;
  }

  update(id: string, patch: Partial<CuePoint>, now: number): CuePoint | undefined {
    const cp = this.get(id);
    if (!cp) return undefined;
    Object.assign(cp, patch);
    this.touch(id, now);
    return cp;
  }

  /** Bump updatedAt (any metadata change does: KALTURA.md §3). */
  touch(id: string, now: number): void {
    const cp = this.byId.get(id);
    // Strictly increasing within a second would need sub-second times; Kaltura also uses seconds.
    if (cp) cp.updatedAt = now;
  }

  delete(id: string, now: number): boolean {
    const cp = this.get(id);
    if (!cp) return false;
    cp.status = CUE_POINT_DELETED;
    cp.updatedAt = now;
    return true;
  }

  /** Every live cue point, creation order. */
  all(): CuePoint[] {
    return [...this.byId.values()].filter((c) => c.status !== CUE_POINT_DELETED);
  }
}
