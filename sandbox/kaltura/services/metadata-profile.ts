/**
 * metadata_metadataprofile.list: finds the partner's Kaltura-QnA profile (KALTURA.md §3, step 1 of
 * the question multirequest in playkit-js-qna message-loader.ts: `filter[systemNameEqual]=Kaltura-QnA`).
 */
import { Errors } from '../errors.js';
import { csv, obj, page } from '../list-params.js';
import type { ActionCall, ServiceDef } from '../service.js';

function list(call: ActionCall): unknown {
  if (!call.ks) throw Errors.serviceForbidden('metadata_metadataprofile');
  const ks = call.ks;
  const f = obj(call.params.filter) ?? {};
  const systemNames = csv(f.systemNameIn) ?? (f.systemNameEqual !== undefined ? [String(f.systemNameEqual)] : undefined);
  const ids = csv(f.idIn) ?? (f.idEqual !== undefined ? [String(f.idEqual)] : undefined);
  const objectType = f.metadataObjectTypeEqual !== undefined ? String(f.metadataObjectTypeEqual) : undefined;
  const rows = call.state.metadata.profiles.filter(
    (p) =>
      p.partnerId === ks.partnerId &&
      (!systemNames || systemNames.includes(p.systemName)) &&
      (!ids || ids.includes(String(p.id))) &&
      (!objectType || p.metadataObjectType === objectType),
  );
  return { objectType: 'KalturaMetadataProfileListResponse', objects: page(rows, obj(call.params.pager)), totalCount: rows.length };
}

export const metadataProfileService: ServiceDef = {
  id: 'metadata_metadataprofile',
  actions: { list: { needsKs: true, run: list } },
};
