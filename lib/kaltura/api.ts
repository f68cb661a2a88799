// Kaltura API v3 calls, the way the official client sends them (KALTURA.md §3):
// POST {serviceUrl}/service/{service}/action/{action} with a JSON body carrying format=1, ks, apiVersion,
// clientTag. `Content-Type` must be exactly application/json, or the server ignores the body.
// Errors arrive as HTTP 200 with objectType KalturaAPIException.

export const DEFAULT_SERVICE_URL = 'https://www.kaltura.com/api_v3';
export const CLIENT_TAG = 'cnc-moderator';
/** The API version the reference client (kaltura-client 21.x) declares. */
export const API_VERSION = '21.20.0';

export class KalturaApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly args: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'KalturaApiError';
  }
}

export interface ApiCall {
  service: string;
  action: string;
  params?: Record<string, unknown>;
  ks?: string;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function buildRequest(call: ApiCall, serviceUrl = DEFAULT_SERVICE_URL): { url: string; init: RequestInit } {
  const body: Record<string, unknown> = {
    ...call.params,
    format: 1,
    apiVersion: API_VERSION,
    clientTag: CLIENT_TAG,
  };
  if (call.ks) body.ks = call.ks;
  return {
    url: `${serviceUrl.replace(/\/+$/, '')}/service/${encodeURIComponent(call.service)}/action/${encodeURIComponent(call.action)}`,
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    },
  };
}

export async function callApi<T>(
  fetchFn: Fetch,
  call: ApiCall,
  { serviceUrl = DEFAULT_SERVICE_URL, timeoutMs = 10_000 } = {},
): Promise<T> {
  const { url, init } = buildRequest(call, serviceUrl);
  return (await postJson(fetchFn, url, init, timeoutMs)) as T;
}

/** Sends a built request and returns its JSON answer; network, HTTP, parse and API errors become KalturaApiError. */
async function postJson(fetchFn: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new KalturaApiError('NETWORK', `Kaltura (${new URL(url).host}) ${reason}`);
  }
  if (!response.ok) throw new KalturaApiError(`HTTP_${response.status}`, `Kaltura answered HTTP ${response.status}`);
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    throw new KalturaApiError('BAD_RESPONSE', 'Kaltura answered something that is not JSON');
  }
  if (isApiException(data)) throw new KalturaApiError(data.code, data.message, data.args ?? {});
  return data;
}

// Multirequest (KALTURA.md §3 "Wire details that bite"): POST {serviceUrl}/service/multirequest with the parts
// keyed "0", "1", … as the official client sends them (kaltura-client KalturaClientBase.js
// MultiRequestBuilder.getData: each part is its params plus format, service, action; ks, apiVersion and
// clientTag once at the top). `{N:result:path}` in a part's params names the N-th part, counted from 1
// (kaltura/server KalturaFrontController::handleMultiRequest), whatever the keys start at.
// A failed part keeps its error in its slot; the others still run.

/** One part of a multirequest: a call without its own KS (the multirequest carries it). */
export type MultiRequestPart = Omit<ApiCall, 'ks'>;

export type MultiRequestResult = { ok: true; value: unknown } | { ok: false; error: KalturaApiError };

/** `{N:result:path}`: a reference to part N's result (N counts from 1), for a later part's params. */
export function resultRef(part: number, ...path: (string | number)[]): string {
  return `{${[part, 'result', ...path].join(':')}}`;
}

export function buildMultiRequest(
  parts: readonly MultiRequestPart[],
  { ks, serviceUrl = DEFAULT_SERVICE_URL }: { ks?: string; serviceUrl?: string } = {},
): { url: string; init: RequestInit } {
  const body: Record<string, unknown> = {};
  parts.forEach((part, i) => {
    body[String(i)] = { ...part.params, format: 1, service: part.service, action: part.action };
  });
  body.format = 1;
  body.apiVersion = API_VERSION;
  body.clientTag = CLIENT_TAG;
  if (ks) body.ks = ks;
  return {
    url: `${serviceUrl.replace(/\/+$/, '')}/service/multirequest`,
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    },
  };
}

/**
 * Runs a multirequest. Resolves with one result per part (a part's KalturaAPIException becomes its
 * `error`); rejects with KalturaApiError when the whole request fails.
 */
export async function callMultiRequest(
  fetchFn: Fetch,
  parts: readonly MultiRequestPart[],
  { ks, serviceUrl = DEFAULT_SERVICE_URL, timeoutMs = 10_000 }: { ks?: string; serviceUrl?: string; timeoutMs?: number } = {},
): Promise<MultiRequestResult[]> {
  const { url, init } = buildMultiRequest(parts, { ks, serviceUrl });
  const data = await postJson(fetchFn, url, init, timeoutMs);
  if (!Array.isArray(data) || data.length !== parts.length) {
    throw new KalturaApiError('BAD_RESPONSE', `Kaltura answered a multirequest of ${parts.length} parts with something else`);
  }
  return data.map((value: unknown) =>
    isApiException(value) ? { ok: false, error: new KalturaApiError(value.code, value.message, value.args ?? {}) } : { ok: true, value },
  );
}

interface ApiException {
  objectType: 'KalturaAPIException';
  code: string;
  message: string;
  args?: Record<string, string>;
}

function isApiException(data: unknown): data is ApiException {
  return typeof data === 'object' && data !== null && (data as { objectType?: unknown }).objectType === 'KalturaAPIException';
}
