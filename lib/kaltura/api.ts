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
  return data as T;
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
