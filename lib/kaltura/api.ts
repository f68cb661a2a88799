// Kaltura API v3 calls, the way the official client sends them (KALTURA.md §3):
// POST {serviceUrl}/service/{service}/action/{action} with a JSON body carrying format=1, ks, apiVersion,
// clientTag. `Content-Type` must be exactly application/json, or the server ignores the body.
// Errors arrive as HTTP 200 with objectType KalturaAPIException.
// Their message and args may hold the KS (INVALID_KS puts it in args.KSID on some paths, KALTURA.md §3), and
// errors are shown in the panel and stored: every error leaves this module scrubbed (scrubSecrets).
import { parseKs } from './ks';

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

export const REDACTED = '[redacted]';
/** What of an error's text we keep: enough for any real message, not a page of page data. */
const MAX_ERROR_TEXT = 500;
const MAX_ERROR_ARGS = 20;
/** Request fields that carry a secret (session.get's `session`, appToken's `tokenHash`). */
const SECRET_PARAMS = new Set(['ks', 'session', 'tokenHash', 'secret']);
// A run of base64/base64url characters long enough to be a KS. A v2 KS starts with `djJ8` ("v2|").
const TOKEN = /[A-Za-z0-9+/_-]{40,}=*/g;

/**
 * The text with every secret in it replaced by [redacted]: the exact secrets given, and anything shaped
 * like a KS (a `djJ8…` token, any token a KS parser accepts, any base64 run of 64+ characters). Capped.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = String(text).slice(0, MAX_ERROR_TEXT * 4);
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  out = out.replace(/djJ8[A-Za-z0-9+/_-]{8,}=*/g, REDACTED);
  out = out.replace(TOKEN, (token) => (token.length >= 64 || parseKs(token).ok ? REDACTED : token));
  return out.length > MAX_ERROR_TEXT ? `${out.slice(0, MAX_ERROR_TEXT)}…` : out;
}

/** Kaltura's error, scrubbed of the secrets of the request that caused it. */
function apiError(code: unknown, message: unknown, args: unknown, secrets: readonly string[]): KalturaApiError {
  const clean: Record<string, string> = {};
  if (args && typeof args === 'object') {
    for (const [key, value] of Object.entries(args as Record<string, unknown>).slice(0, MAX_ERROR_ARGS)) {
      clean[scrubSecrets(key, secrets)] = scrubSecrets(String(value), secrets);
    }
  }
  return new KalturaApiError(scrubSecrets(String(code ?? 'UNKNOWN'), secrets), scrubSecrets(String(message ?? ''), secrets), clean);
}

/** The secret values a request body carries, at the top level and in multirequest parts. */
function secretsOf(body: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 1) return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string' && SECRET_PARAMS.has(key)) out.push(v);
      else if (typeof v === 'object') visit(v, depth + 1);
    }
  };
  visit(body, 0);
  return out;
}

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
  return (await postJson(fetchFn, url, init, timeoutMs)).data as T;
}

/**
 * Sends a built request and returns its JSON answer with the request's secrets (for scrubbing a part's
 * error); network, HTTP, parse and API errors become KalturaApiError, scrubbed.
 */
async function postJson(fetchFn: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<{ data: unknown; secrets: () => string[] }> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new KalturaApiError('NETWORK', `Kaltura (${new URL(url).host}) ${reason}`);
  }
  if (!response.ok) throw new KalturaApiError(`HTTP_${response.status}`, `Kaltura answered HTTP ${response.status}`);
  // Read from the body only when an error needs scrubbing.
  const secrets = () => secretsOf(typeof init.body === 'string' ? safeJson(init.body) : null);
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    throw new KalturaApiError('BAD_RESPONSE', 'Kaltura answered something that is not JSON');
  }
  if (isApiException(data)) throw apiError(data.code, data.message, data.args, secrets());
  return { data, secrets };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
  const { data, secrets } = await postJson(fetchFn, url, init, timeoutMs);
  if (!Array.isArray(data) || data.length !== parts.length) {
    throw new KalturaApiError('BAD_RESPONSE', `Kaltura answered a multirequest of ${parts.length} parts with something else`);
  }
  let known: string[] | null = null;
  return data.map((value: unknown) =>
    isApiException(value) ? { ok: false, error: apiError(value.code, value.message, value.args, (known ??= secrets())) } : { ok: true, value },
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
