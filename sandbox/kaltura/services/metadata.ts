/**
 * metadata_metadata: add / update / list / get for Kaltura-QnA metadata on annotations
 * (KALTURA.md §3; kaltura/server plugins/metadata MetadataService.php). The XML is validated
 * against the schema in xsd:sequence order (qna-schema.ts); any change bumps the cue point's
 * updatedAt so pollers filtering on updatedAtGreaterThanOrEqual see it.
 */
import { canEdit, canSee } from '../access.js';
import { Errors } from '../errors.js';
import { csv, obj, page } from '../list-params.js';
import type { Metadata } from '../metadata-store.js';
import { int, str } from '../params.js';
import { validateQnaXml } from '../qna-schema.js';
import type { ActionCall, ServiceDef } from '../service.js';

function ksOf(call: ActionCall) {
  if (!call.ks) throw Errors.serviceForbidden('metadata_metadata');
  return call.ks;
}

/** The annotation a metadata object hangs on, checked for the caller's right to change it (INFERRED). */
function editableObject(call: ActionCall, objectId: string) {
  const ks = ksOf(call);
  const cp = call.state.cuePoints.get(objectId);
  if (!cp || cp.objectType !== 'KalturaAnnotation' || !canSee(ks, cp)) throw Errors.invalidMetadataObject(objectId);
  if (!canEdit(ks, cp)) throw Errors.invalidUserId();
  return cp;
}

function checkXml(xml: string | undefined): string {
  if (xml === undefined || xml === '') throw Errors.missingParameter('xmlData');
  const v = validateQnaXml(xml);
  if ('error' in v) throw Errors.invalidMetadataData(v.error);
  return xml;
}

function add(call: ActionCall): Metadata {
  const ks = ksOf(call);
  const { state, params } = call;
  const profileId = int(params, 'metadataProfileId');
  if (profileId === undefined) throw Errors.missingParameter('metadataProfileId');
  const objectType = str(params, 'objectType');
  if (!objectType) throw Errors.missingParameter('objectType');
  const objectId = str(params, 'objectId');
  if (!objectId) throw Errors.missingParameter('objectId');
  const profile = state.metadata.profile(profileId);
  if (!profile || profile.partnerId !== ks.partnerId) throw Errors.invalidMetadataProfile(String(profileId));
  if (profile.metadataObjectType !== objectType) throw Errors.invalidMetadataObject(objectId);
  const cp = editableObject(call, objectId);
  const existing = state.metadata.find(profileId, objectId);
  if (existing) throw Errors.metadataAlreadyExists(String(existing.id));
  const xml = checkXml(str(params, 'xmlData'));
  const now = state.now();
  const m = state.metadata.add(
    { partnerId: ks.partnerId, metadataProfileId: profileId, metadataProfileVersion: profile.version, metadataObjectType: objectType, objectId, xml },
    now,
  );
  state.cuePoints.touch(cp.id, now);
  return m;
}

function update(call: ActionCall): Metadata {
  ksOf(call);
  const { state, params } = call;
  const id = int(params, 'id');
  if (id === undefined) throw Errors.missingParameter('id');
  const m = state.metadata.get(id);
  if (!m || m.partnerId !== call.ks!.partnerId) throw Errors.metadataNotFound(String(id));
  const cp = editableObject(call, m.objectId);
  // `version`: optimistic locking; a stale version is refused (MetadataService::updateAction).
  const version = int(params, 'version');
  if (version !== undefined && version !== m.version) throw Errors.invalidMetadataVersion(String(version));
  const xml = str(params, 'xmlData');
  const now = state.now();
  if (xml !== undefined && xml !== '') {
    m.xml = checkXml(xml);
    m.version += 1;
    m.updatedAt = now;
  }
  state.cuePoints.touch(cp.id, now);
  return m;
}

function get(call: ActionCall): Metadata {
  const ks = ksOf(call);
  const id = int(call.params, 'id');
  if (id === undefined) throw Errors.missingParameter('id');
  const m = call.state.metadata.get(id);
  const cp = m ? call.state.cuePoints.get(m.objectId) : undefined;
  if (!m || m.partnerId !== ks.partnerId || !cp || !canSee(ks, cp)) throw Errors.metadataNotFound(String(id));
  return m;
}

function list(call: ActionCall): unknown {
  const ks = ksOf(call);
  const { state, params } = call;
  const f = obj(params.filter) ?? {};
  // KALTURA.md §3: without metadataObjectTypeEqual=annotationMetadata.Annotation the filter defaults to
  // entry metadata (KalturaMetadataFilter), so no Q&A metadata is found.
  const objectType = f.metadataObjectTypeEqual !== undefined ? String(f.metadataObjectTypeEqual) : '1';
  const objectIds = csv(f.objectIdIn) ?? (f.objectIdEqual ? [String(f.objectIdEqual)] : undefined);
  const profileIds = csv(f.metadataProfileIdIn) ?? (f.metadataProfileIdEqual !== undefined ? [String(f.metadataProfileIdEqual)] : undefined);
  const ids = csv(f.idIn) ?? (f.idEqual !== undefined ? [String(f.idEqual)] : undefined);
  const rows = state.metadata
    .all()
    .filter((m) => {
      if (m.partnerId !== ks.partnerId || m.metadataObjectType !== objectType) return false;
      if (objectIds && !objectIds.includes(m.objectId)) return false;
      if (profileIds && !profileIds.includes(String(m.metadataProfileId))) return false;
      if (ids && !ids.includes(String(m.id))) return false;
      const cp = state.cuePoints.get(m.objectId);
      return !!cp && canSee(ks, cp);
    })
    .sort((a, b) => a.id - b.id);
  return { objectType: 'KalturaMetadataListResponse', objects: page(rows, obj(params.pager)), totalCount: rows.length };
}

export const metadataService: ServiceDef = {
  id: 'metadata_metadata',
  actions: {
    add: { needsKs: true, run: add },
    update: { needsKs: true, run: update },
    get: { needsKs: true, run: get },
    list: { needsKs: true, run: list },
  },
};
