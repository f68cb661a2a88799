/**
 * cuePoint.list filters (KALTURA.md §3): KalturaAnnotationFilter / KalturaCodeCuePointFilter /
 * KalturaCuePointFilter fields as kaltura-client KalturaModel.js names them (CuePointBaseFilter,
 * AnnotationBaseFilter). An entry or id filter is mandatory (KalturaCuePointFilter::validateEntryIdFiltered).
 */
import { Errors } from './errors.js';
import { CUE_POINT_TYPE, type CuePoint, type CuePointObjectType } from './cue-points.js';
import { absoluteTime, csv } from './list-params.js';
import type { ParamObject } from './params.js';

const FILTER_TYPES: Record<string, CuePointObjectType | null> = {
  KalturaCuePointFilter: null,
  KalturaCuePointBaseFilter: null,
  KalturaAnnotationFilter: 'KalturaAnnotation',
  KalturaAnnotationBaseFilter: 'KalturaAnnotation',
  KalturaCodeCuePointFilter: 'KalturaCodeCuePoint',
  KalturaCodeCuePointBaseFilter: 'KalturaCodeCuePoint',
};

const ORDERS: Record<string, (a: CuePoint, b: CuePoint) => number> = {
  '+createdAt': (a, b) => a.createdAt - b.createdAt || a.intId - b.intId,
  '-createdAt': (a, b) => b.createdAt - a.createdAt || b.intId - a.intId,
  '+updatedAt': (a, b) => a.updatedAt - b.updatedAt || a.intId - b.intId,
  '-updatedAt': (a, b) => b.updatedAt - a.updatedAt || b.intId - a.intId,
  '+startTime': (a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || a.intId - b.intId,
  '-startTime': (a, b) => (b.startTime ?? 0) - (a.startTime ?? 0) || b.intId - a.intId,
  '+partnerSortValue': (a, b) => (a.partnerSortValue ?? 0) - (b.partnerSortValue ?? 0),
  '-partnerSortValue': (a, b) => (b.partnerSortValue ?? 0) - (a.partnerSortValue ?? 0),
};

/** Returns a predicate and comparator for a filter; throws the API's errors for a bad filter. */
export function compileCuePointFilter(filter: ParamObject | undefined, now: number): { match: (cp: CuePoint) => boolean; order: (a: CuePoint, b: CuePoint) => number } {
  const f = filter ?? {};
  const type = String(f.objectType ?? 'KalturaCuePointFilter');
  if (!(type in FILTER_TYPES)) throw Errors.invalidEnumValue(type, 'KalturaCuePointFilter');
  const only = FILTER_TYPES[type];
  const idIn = csv(f.idIn) ?? (f.idEqual ? [String(f.idEqual)] : undefined);
  const entryIds = csv(f.entryIdIn) ?? (f.entryIdEqual ? [String(f.entryIdEqual)] : undefined);
  if (!idIn && !entryIds) throw Errors.propertyCannotBeNull(`${type}::idEqual/${type}::idIn/${type}::entryIdEqual/${type}::entryIdIn`);
  const tagsLike = f.tagsLike ? String(f.tagsLike).toLowerCase() : undefined;
  const tagsOr = csv(f.tagsMultiLikeOr)?.map((t) => t.toLowerCase());
  const tagsAnd = csv(f.tagsMultiLikeAnd)?.map((t) => t.toLowerCase());
  // KalturaNullableBoolean: 1 true, 0 false, -1 (or absent) no filter.
  const pub = f.isPublicEqual === undefined || f.isPublicEqual === '' || String(f.isPublicEqual) === '-1' ? undefined : ['1', 'true'].includes(String(f.isPublicEqual).toLowerCase());
  const createdFrom = absoluteTime(f.createdAtGreaterThanOrEqual, now);
  const createdTo = absoluteTime(f.createdAtLessThanOrEqual, now);
  const updatedFrom = absoluteTime(f.updatedAtGreaterThanOrEqual, now);
  const updatedTo = absoluteTime(f.updatedAtLessThanOrEqual, now);
  const parents = csv(f.parentIdIn) ?? (f.parentIdEqual !== undefined && f.parentIdEqual !== '' ? [String(f.parentIdEqual)] : undefined);
  const types = csv(f.cuePointTypeIn) ?? (f.cuePointTypeEqual ? [String(f.cuePointTypeEqual)] : undefined);
  const users = csv(f.userIdIn) ?? (f.userIdEqual ? [String(f.userIdEqual)] : undefined);
  const systemNames = csv(f.systemNameIn) ?? (f.systemNameEqual ? [String(f.systemNameEqual)] : undefined);
  const tagsOf = (cp: CuePoint): string[] => (cp.tags ?? '').toLowerCase().split(',').map((t) => t.trim());
  const match = (cp: CuePoint): boolean =>
    (!only || cp.objectType === only) &&
    (!idIn || idIn.includes(cp.id)) &&
    (!entryIds || entryIds.includes(cp.entryId)) &&
    (!tagsLike || (cp.tags ?? '').toLowerCase().includes(tagsLike)) &&
    (!tagsOr || tagsOr.some((t) => tagsOf(cp).some((x) => x.includes(t)))) &&
    (!tagsAnd || tagsAnd.every((t) => tagsOf(cp).some((x) => x.includes(t)))) &&
    (pub === undefined || (cp.isPublic === true) === pub) &&
    (createdFrom === undefined || cp.createdAt >= createdFrom) &&
    (createdTo === undefined || cp.createdAt <= createdTo) &&
    (updatedFrom === undefined || cp.updatedAt >= updatedFrom) &&
    (updatedTo === undefined || cp.updatedAt <= updatedTo) &&
    (!parents || parents.includes(cp.parentId ?? '0') || (parents.includes('') && !cp.parentId)) &&
    (!types || types.includes(cp.cuePointType) || types.includes(CUE_POINT_TYPE[cp.objectType])) &&
    (!users || users.includes(cp.userId)) &&
    (!systemNames || (cp.systemName !== undefined && systemNames.includes(cp.systemName)));
  const orderBy = f.orderBy ? String(f.orderBy).split(',')[0]!.trim() : '+createdAt';
  const order = ORDERS[orderBy] ?? ORDERS['+createdAt']!;
  return { match, order };
}
