/**
 * cuepoint_cuepoint: add / get / list / update / delete for KalturaAnnotation and
 * KalturaCodeCuePoint (KALTURA.md §3; kaltura/server plugins/cue_points/base CuePointService.php).
 */
import { canEdit, canSee, isAdmin } from '../access.js';
import { compileCuePointFilter } from '../cue-point-filter.js';
import { WRITABLE_FIELDS, type CuePoint, type CuePointObjectType } from '../cue-points.js';
import { Errors } from '../errors.js';
import { bool, obj, page } from '../list-params.js';
import { str, type ParamObject } from '../params.js';
import { cuePointRenderer } from '../response-profile.js';
import type { ActionCall, ServiceDef } from '../service.js';

const CONCRETE: readonly CuePointObjectType[] = ['KalturaAnnotation', 'KalturaCodeCuePoint'];
const NUMERIC = new Set(['triggeredAt', 'startTime', 'partnerSortValue', 'forceStop', 'thumbOffset', 'endTime']);
const BOOLEAN = new Set(['isMomentary', 'isPublic', 'searchableOnEntry']);

/** The `cuePoint` object parameter with its concrete type, coerced like Kaltura's typed properties. */
function readCuePoint(params: ParamObject): { type: CuePointObjectType; fields: Partial<CuePoint> } {
  const raw = obj(params.cuePoint);
  if (!raw) throw Errors.missingParameter('cuePoint');
  const type = String(raw.objectType ?? '');
  if (type === 'KalturaCuePoint' || type === '') throw Errors.objectTypeAbstract(type || 'KalturaCuePoint');
  if (!CONCRETE.includes(type as CuePointObjectType)) throw Errors.invalidEnumValue(type, 'KalturaCuePoint');
  const fields: Record<string, unknown> = {};
  for (const k of WRITABLE_FIELDS) {
    const v = raw[k];
    if (v === undefined || v === null) continue;
    if (NUMERIC.has(k)) fields[k] = Number(v);
    else if (BOOLEAN.has(k)) fields[k] = bool(v);
    else fields[k] = String(v);
  }
  return { type: type as CuePointObjectType, fields: fields as Partial<CuePoint> };
}

function requireKs(call: ActionCall) {
  if (!call.ks) throw Errors.serviceForbidden('cuepoint_cuepoint');
  return call.ks;
}

function findVisible(call: ActionCall, id: string | undefined): CuePoint {
  const ks = requireKs(call);
  if (!id) throw Errors.missingParameter('id');
  const cp = call.state.cuePoints.get(id);
  if (!cp || !canSee(ks, cp)) throw Errors.invalidCuePointId(id);
  return cp;
}

function add(call: ActionCall): unknown {
  const ks = requireKs(call);
  const { state, params } = call;
  const { type, fields } = readCuePoint(params);
  if (!fields.entryId) throw Errors.propertyCannotBeNull(`${type}::entryId`);
  if (!state.entryExists(ks.partnerId, fields.entryId)) throw Errors.invalidEntryId(fields.entryId);
  if (fields.parentId && fields.parentId !== '0') {
    const parent = state.cuePoints.get(fields.parentId);
    if (!parent || parent.entryId !== fields.entryId || !canSee(ks, parent)) throw Errors.invalidCuePointId(fields.parentId);
  } else delete fields.parentId;
  // A USER KS always adds as itself; an ADMIN KS may name the user.
  const userId = isAdmin(ks) && fields.userId !== undefined ? fields.userId : ks.userId;
  const cp = state.cuePoints.add({ ...fields, objectType: type, entryId: fields.entryId, partnerId: ks.partnerId, userId }, state.now());
  return cuePointRenderer(state, params)(cp);
}

function get(call: ActionCall): unknown {
  return cuePointRenderer(call.state, call.params)(findVisible(call, str(call.params, 'id')));
}

function list(call: ActionCall): unknown {
  const ks = requireKs(call);
  const { state, params } = call;
  const { match, order } = compileCuePointFilter(obj(params.filter), state.now());
  const render = cuePointRenderer(state, params);
  const rows = state.cuePoints.all().filter((cp) => match(cp) && canSee(ks, cp)).sort(order);
  return { objectType: 'KalturaCuePointListResponse', objects: page(rows, obj(params.pager)).map(render), totalCount: rows.length };
}

function update(call: ActionCall): unknown {
  const ks = requireKs(call);
  const { state, params } = call;
  const cp = findVisible(call, str(params, 'id'));
  if (!canEdit(ks, cp)) throw Errors.invalidUserId();
  const { type, fields } = readCuePoint(params);
  if (type !== cp.objectType) throw Errors.invalidEnumValue(type, cp.objectType);
  // entryId, parentId and userId are insert-only (KalturaCuePoint insertOnly properties).
  delete fields.entryId;
  delete fields.parentId;
  if (!isAdmin(ks)) delete fields.userId;
  return cuePointRenderer(state, params)(state.cuePoints.update(cp.id, fields, state.now())!);
}

function remove(call: ActionCall): null {
  const ks = requireKs(call);
  const cp = findVisible(call, str(call.params, 'id'));
  if (!canEdit(ks, cp)) throw Errors.invalidUserId();
  call.state.cuePoints.delete(cp.id, call.state.now());
  return null;
}

export const cuePointService: ServiceDef = {
  id: 'cuepoint_cuepoint',
  actions: {
    add: { needsKs: true, run: add },
    get: { needsKs: true, run: get },
    list: { needsKs: true, run: list },
    update: { needsKs: true, run: update },
    delete: { needsKs: true, run: remove },
  },
};
