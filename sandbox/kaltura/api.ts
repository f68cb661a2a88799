/**
 * API v3 on www.kaltura.com (and cdnapisec.kaltura.com/api_v3): parameter collection, KS checks,
 * service dispatch, multirequest and the JSON/XML answer. Services live in ./services.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Errors, KalturaApiError, KS_EXPIRED, KS_INVALID_STR } from './errors.js';
import { collectParams, deepMerge, getPath, int, isParamObject, str, type ParamObject, type ParamValue } from './params.js';
import { SERVICES } from './services/index.js';
import type { ServiceDef } from './service.js';
import { toXml } from './xml.js';
import { readBody, send } from '../http-util.js';
import type { SandboxState } from '../state.js';

const byId = new Map<string, ServiceDef>(SERVICES.map((s) => [s.id, s]));

/**
 * CORS as the API sends it (KALTURA.md §3 / BROWSERS.md: a cross-origin fetch from an Events page or
 * an extension needs them): any origin, content-type allowed, preflight answered 200.
 */
export const API_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control, X-Kaltura-Session-Id',
  'Access-Control-Expose-Headers': 'Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me',
  'Access-Control-Max-Age': '86400',
};

/** Run one (non-multi) request. Errors are returned, not thrown: a multirequest keeps them in their slot. */
export function runSingle(state: SandboxState, params: ParamObject): unknown {
  try {
    const serviceId = (str(params, 'service') ?? '').toLowerCase();
    const actionName = str(params, 'action') ?? '';
    if (!serviceId) throw Errors.serviceNotSpecified();
    const service = byId.get(serviceId);
    if (!service) throw Errors.serviceDoesNotExist(serviceId);
    if (!actionName) throw Errors.actionNotSpecified();
    const action = service.actions[actionName.toLowerCase()];
    if (!action) throw Errors.actionDoesNotExist(actionName, serviceId);

    // kCurrentContext::initKsPartnerUser: any KS sent is validated, whether the action needs one or not.
    const ksString = str(params, 'ks') || undefined;
    let ks = null;
    if (ksString) {
      ks = state.crack(ksString);
      if (!ks) throw Errors.invalidKs(ksString, KS_INVALID_STR);
      if (ks.expiry <= state.now()) throw Errors.invalidKs(ksString, KS_EXPIRED); // kSessionBase::isValidBase
    }
    if (action.needsKs) {
      if (!ks) throw Errors.serviceForbidden(`${serviceId}->${actionName}`);
      const requested = int(params, 'partnerId');
      // A KS only works for its own partner (kCurrentContext::isPartnerAccessAllowed).
      if (requested !== undefined && requested !== -1 && requested !== ks.partnerId) {
        throw Errors.partnerAccessForbidden(ks.partnerId, requested);
      }
    }
    return action.run({ state, params, ksString, ks, partnerId: ks?.partnerId ?? int(params, 'partnerId') });
  } catch (e) {
    if (e instanceof KalturaApiError) return e.toJSON();
    return Errors.internal(e instanceof Error ? e.message : String(e)).toJSON();
  }
}

const REF = /\{(\d+):result((?::[^:}]+)*)\}/g;

/** Replace `{N:result:path}` with part N's result (a whole-value token keeps the value's type). */
function resolveRefs(value: ParamValue, results: Map<number, unknown>): ParamValue {
  if (typeof value === 'string') {
    const lookup = (n: string, path: string): unknown => {
      if (!results.has(Number(n))) return undefined;
      return getPath(results.get(Number(n)) as ParamValue, path.split(':').filter(Boolean));
    };
    const whole = /^\{(\d+):result((?::[^:}]+)*)\}$/.exec(value);
    if (whole) {
      const v = lookup(whole[1]!, whole[2] ?? '');
      return v === undefined ? value : (v as ParamValue);
    }
    return value.replace(REF, (token, n: string, path: string) => {
      const v = lookup(n, path);
      return v === undefined || typeof v === 'object' ? token : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, results));
  if (isParamObject(value)) {
    const out: ParamObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveRefs(v, results);
    return out;
  }
  return value;
}

/**
 * service=multirequest (KALTURA.md §3): numeric keys are the parts (`1:service` or `{"1":{…}}`,
 * 0-based from the official client), other keys (ks, partnerId, format…) are common to every part.
 */
export function runMulti(state: SandboxState, params: ParamObject): unknown[] {
  const common: ParamObject = {};
  const parts: [number, ParamObject][] = [];
  for (const [k, v] of Object.entries(params)) {
    if (/^\d+$/.test(k)) {
      if (isParamObject(v)) parts.push([Number(k), v]);
    } else if (k !== 'service' && k !== 'action') {
      common[k] = v;
    }
  }
  parts.sort((a, b) => a[0] - b[0]);
  const results = new Map<number, unknown>();
  const out: unknown[] = [];
  // KalturaFrontController::handleMultiRequest: `{N:result}` names the N-th part run (1-based
  // kCurrentContext::$multiRequest_index), whatever the keys start at (the node client sends 0-based keys).
  let ordinal = 0;
  for (const [, part] of parts) {
    // A part without service or action ends the run (`break` upstream).
    if (str(part, 'service') === undefined || str(part, 'action') === undefined) break;
    ordinal += 1;
    const resolved = resolveRefs(deepMerge(common, part), results) as ParamObject;
    const result = runSingle(state, resolved);
    results.set(ordinal, result);
    out.push(result);
  }
  return out;
}

export function dispatch(state: SandboxState, params: ParamObject): unknown {
  return (str(params, 'service') ?? '').toLowerCase() === 'multirequest' ? runMulti(state, params) : runSingle(state, params);
}

/** HTTP entry point for `/api_v3/...`. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, state: SandboxState): Promise<void> {
  const started = process.hrtime.bigint();
  if (req.method === 'OPTIONS') {
    send(res, 200, 'text/plain', '', API_CORS_HEADERS);
    return;
  }
  const url = new URL(req.url ?? '/', 'https://www.kaltura.com');
  const body = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : '';
  const params = collectParams(url.pathname.replace(/^\/api_v3/i, ''), url.search.slice(1), req.headers['content-type'], body);
  const result = dispatch(state, params);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const headers = { ...API_CORS_HEADERS, 'X-Kaltura': 'cnc-sandbox' };
  // format=1 is JSON; anything else (the default) is XML.
  if (str(params, 'format') === '1') send(res, 200, 'application/json', JSON.stringify(result ?? null), headers);
  else send(res, 200, 'text/xml; charset=utf-8', toXml(result, seconds), headers);
}
