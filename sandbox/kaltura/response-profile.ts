/**
 * Response profiles for cue points (KALTURA.md §3): `responseProfile[systemName]=QandA` (a
 * KalturaResponseProfileHolder) trims each cue point to `id, createdAt, updatedAt, parentId,
 * partnerData, text, tags, userId, startTime, endTime, systemName` and adds
 * `relatedObjects.QandA_ResponseProfile` = a KalturaMetadataListResponse of the Kaltura-QnA
 * metadata (`id, objectId, createdAt, xml`) (playkit-js-qna; the partner-0 profile "QandA").
 */
import { Errors } from './errors.js';
import type { CuePoint } from './cue-points.js';
import { obj } from './list-params.js';
import { QNA_PROFILE_ID } from './metadata-store.js';
import type { ParamObject } from './params.js';
import type { SandboxState } from '../state.js';

const QNA_FIELDS = ['id', 'createdAt', 'updatedAt', 'parentId', 'partnerData', 'text', 'tags', 'userId', 'startTime', 'endTime', 'systemName'] as const;
export const QNA_RELATED_NAME = 'QandA_ResponseProfile';

/** KalturaErrors::RESPONSE_PROFILE_NAME_NOT_FOUND. */
function notFound(name: string): Error {
  return Errors.custom('RESPONSE_PROFILE_NAME_NOT_FOUND', 'SYSTEM_NAME', `Response profile name [${name}] not found`, name);
}

export type CuePointRenderer = (cp: CuePoint) => Record<string, unknown>;

/** The renderer for a request's `responseProfile`, or the plain one. Throws for unknown profiles. */
export function cuePointRenderer(state: SandboxState, params: ParamObject): CuePointRenderer {
  const profile = obj(params.responseProfile);
  const name = profile ? String(profile.systemName ?? '') : '';
  if (!profile || (!name && profile.id === undefined)) return (cp) => ({ ...cp });
  if (name !== 'QandA') throw notFound(name || String(profile.id));
  return (cp) => {
    const out: Record<string, unknown> = { objectType: cp.objectType };
    for (const f of QNA_FIELDS) if (cp[f] !== undefined) out[f] = cp[f];
    const meta = state.metadata.find(QNA_PROFILE_ID, cp.id);
    const objects = meta ? [{ objectType: 'KalturaMetadata', id: meta.id, objectId: meta.objectId, createdAt: meta.createdAt, xml: meta.xml }] : [];
    out.relatedObjects = { [QNA_RELATED_NAME]: { objectType: 'KalturaMetadataListResponse', objects, totalCount: objects.length } };
    return out;
  };
}
