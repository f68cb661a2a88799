/**
 * session service: start, get, startWidgetSession (KALTURA.md §2; kaltura/server
 * api_v3/services/SessionService.php).
 */
import { Errors } from '../errors.js';
import { KS_TYPE_USER } from '../ks.js';
import { int, str } from '../params.js';
import type { ServiceDef, ActionCall } from '../service.js';
import type { CrackedKs } from '../ks.js';

/** KalturaSessionInfo as session.get and appToken.startSession return it. */
export function sessionInfo(ks: string, c: CrackedKs): Record<string, unknown> {
  return {
    objectType: 'KalturaSessionInfo',
    ks,
    sessionType: c.type,
    partnerId: c.partnerId,
    userId: c.userId,
    expiry: c.expiry,
    privileges: c.privileges,
  };
}

function start({ state, params }: ActionCall): string {
  const secret = str(params, 'secret');
  if (secret === undefined) throw Errors.missingParameter('secret');
  const partnerId = int(params, 'partnerId') ?? -1;
  const partner = state.partners.get(partnerId);
  // SessionService::startAction: any failure of kSessionUtils::startKSession → START_SESSION_ERROR.
  if (!partner || partner.adminSecret !== secret) throw Errors.startSessionError(partnerId);
  const expiry = int(params, 'expiry') || 86400; // default 86400 s (24 h); 0 also means default
  return state.issueKs({
    partnerId,
    type: int(params, 'type') ?? KS_TYPE_USER,
    userId: str(params, 'userId') ?? '',
    privileges: str(params, 'privileges') ?? '',
    expiresIn: expiry,
  });
}

function get({ state, params, ksString, ks }: ActionCall): Record<string, unknown> {
  // `session` defaults to the request's own KS.
  const target = str(params, 'session') || ksString;
  if (!target) throw Errors.missingParameter('session');
  const cracked = target === ksString ? ks : state.crack(target);
  if (!cracked) throw Errors.invalidKs(target, { code: -1, desc: 'INVALID_STR' });
  if (ks && cracked.partnerId !== ks.partnerId) throw Errors.partnerAccessForbidden(ks.partnerId, cracked.partnerId);
  return sessionInfo(target, cracked);
}

function startWidgetSession({ state, params }: ActionCall): Record<string, unknown> {
  const widgetId = str(params, 'widgetId');
  if (!widgetId) throw Errors.missingParameter('widgetId');
  // The default widget of a partner is `_{partnerId}` (KALTURA_SESSION_GUIDE.md §5).
  const m = /^_(\d+)$/.exec(widgetId);
  const partnerId = m ? Number(m[1]) : NaN;
  if (!state.partners.has(partnerId)) throw Errors.invalidPartnerId(widgetId);
  const expiresIn = int(params, 'expiry') || 86400;
  // kSessionBase::WIDGET_PRIVILEGE = 'view:*,widget:1'; anonymous user.
  const ks = state.issueKs({ partnerId, type: KS_TYPE_USER, userId: '', privileges: 'view:*,widget:1', expiresIn });
  return { objectType: 'KalturaStartWidgetSessionResponse', partnerId, ks, userId: 0 };
}

export const sessionService: ServiceDef = {
  id: 'session',
  actions: {
    start: { needsKs: false, run: start },
    get: { needsKs: true, run: get },
    startwidgetsession: { needsKs: false, run: startWidgetSession },
  },
};
