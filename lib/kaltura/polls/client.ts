// CnC polls REST client (KALTURA.md §4, VERIFIED in kaltura/mcp-events PR 5 src/api/cncApiClient.ts):
// POST https://chat.{region}.ovp.kaltura.com/polls/{create|update|remove|moderatorList}, JSON bodies
// `create {poll}`, `update {poll: {_id, …}}`, `remove {pollId}`, `moderatorList {contextId}`,
// `Authorization: Bearer <KS>`. The create DTO (pollSchemas.ts) sends options as strings and
// correctAnswers as indexes into them.
// MODELED (sandbox, no public source): answers are the poll as JSON (moderatorList: an array with
// `results`), errors are HTTP 400/401/403/404 with `{ error, message, field }`, and `Idempotency-Key` is
// honoured on create. cncApiClient.ts also treats a 200 body containing `KalturaAPIException` as an error.
// `fetch` is injected; the KS is never logged nor put in an error message.

import { scrubSecrets, type Fetch } from '../api';
import { formFieldOf } from '../../model/polls/draft';
import type { Poll, PollDraft, PollField, PollWithResults } from '../../model/polls/types';

export const POLLS_CLIENT_TAG = 'cnc-moderator';
export const DEFAULT_POLLS_TIMEOUT_MS = 10_000;
/** How far the server's clock may lag ours when a retried create looks for the poll it may have made. */
export const CREATE_MATCH_SKEW_MS = 10 * 60 * 1000;

export type PollsErrorKind = 'auth' | 'validation' | 'not-found' | 'server' | 'network' | 'timeout';

export class PollsApiError extends Error {
  constructor(
    readonly kind: PollsErrorKind,
    /** A sentence for the moderator. */
    message: string,
    readonly details: {
      status?: number;
      /** The server's error code (`VALIDATION_ERROR`, `EXPIRED_KS`, …). */
      code?: string;
      /** The server's field for validation errors (`content.options`, …). */
      field?: string;
      /** The same field as the poll editor names it, when it maps to one. */
      formField?: PollField;
    } = {},
  ) {
    super(message);
    this.name = 'PollsApiError';
  }
  get field(): string | undefined {
    return this.details.field;
  }
  /** Worth retrying later (the poll may or may not exist now: a retried create lists first). */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'server';
  }
}

export function pollsBaseUrl(region: string): string {
  if (!/^[a-z0-9-]{1,32}$/.test(region)) throw new PollsApiError('network', `"${region}" is not a Kaltura region name`);
  return `https://chat.${region}.ovp.kaltura.com`;
}

export interface PollsClientOptions {
  fetch: Fetch;
  /** `nvp1` (US), `irp2` (EU), `frp2` (DE), … */
  region: string;
  /** The moderator's KS, or a getter (so a refreshed KS is used on the next call). */
  ks: string | (() => string);
  timeoutMs?: number;
  /** Overrides the region's base URL (tests). */
  baseUrl?: string;
}

export interface CreateOptions {
  /** Remote ids that belong to other drafts: a retried create never adopts one of them. */
  knownRemoteIds?: readonly string[];
  /** Automatic retries after a timeout, network failure or 5xx within this call (default 1). */
  retries?: number;
}

export interface PollsClient {
  readonly baseUrl: string;
  /**
   * Creates the draft's poll, or finds the one an earlier attempt created. A draft with
   * `createAttemptedAt` set (or any retry within this call) lists first and adopts the poll that
   * carries its idempotency key or, when the server does not store one, the poll of the same
   * context with the same content created since the first attempt.
   */
  create(draft: PollDraft, opts?: CreateOptions): Promise<Poll>;
  /** Sends the draft's content and settings (not its live state) to its poll. */
  update(draft: PollDraft): Promise<Poll>;
  remove(remoteId: string): Promise<void>;
  moderatorList(contextId: string): Promise<PollWithResults[]>;
  publish(remoteId: string): Promise<Poll>;
  close(remoteId: string): Promise<Poll>;
  publishResults(remoteId: string): Promise<Poll>;
  hideResults(remoteId: string): Promise<Poll>;
}

/** What create/update send for a draft (pollSchemas.ts CreatePollDto). */
export function pollBody(draft: PollDraft): Record<string, unknown> {
  const options = draft.type === 'OptionsPoll' ? draft.options.map((o) => o.text.trim()) : undefined;
  const correct =
    draft.type === 'OptionsPoll'
      ? draft.correctAnswers.map((c) => draft.options.findIndex((o) => o.id === c)).filter((i) => i >= 0).sort((a, b) => a - b)
      : [];
  return {
    contextId: draft.contextId,
    state: draft.scheduledAt !== null ? 'Scheduled' : 'Draft',
    type: draft.type,
    showResults: draft.showResults,
    content: {
      question: draft.question.trim(),
      ...(options ? { options } : {}),
      ...(correct.length ? { correctAnswers: correct } : {}),
    },
    ...(draft.autoCloseMilliseconds !== null ? { autoCloseMilliseconds: draft.autoCloseMilliseconds } : {}),
    ...(draft.scheduledAt !== null ? { scheduling: { schedulingType: 'absolute', scheduledTime: new Date(draft.scheduledAt).toISOString() } } : {}),
    ...(draft.visualization ? { visualization: draft.visualization } : {}),
  };
}

/** Does this server poll carry exactly the draft's content, in the draft's context? */
export function sameContent(poll: Poll, draft: PollDraft): boolean {
  const body = pollBody(draft) as { content: { question: string; options?: string[] } };
  const texts = (poll.content?.options as Array<{ text: string } | string> | undefined)?.map((o) => (typeof o === 'string' ? o : o.text)) ?? [];
  const wanted = body.content.options ?? [];
  return (
    poll.contextId === draft.contextId &&
    poll.type === draft.type &&
    poll.content?.question === body.content.question &&
    texts.length === wanted.length &&
    texts.every((t, i) => t === wanted[i])
  );
}

/** The poll an earlier create of this draft made, if the list shows one. */
export function findCreatedPoll(polls: readonly Poll[], draft: PollDraft, knownRemoteIds: readonly string[] = []): Poll | undefined {
  const known = new Set(knownRemoteIds);
  const byKey = polls.find((p) => p.idempotencyKey === draft.idempotencyKey);
  if (byKey) return byKey;
  // The server does not store the key: the same content in the same context, not owned by another draft,
  // created since this draft's first attempt. Newest first.
  const since = draft.createAttemptedAt !== undefined ? draft.createAttemptedAt - CREATE_MATCH_SKEW_MS : -Infinity;
  const candidates = polls.filter((p) => {
    if (known.has(p._id) || p.idempotencyKey !== undefined || !sameContent(p, draft)) return false;
    const created = p.createdAt ? Date.parse(p.createdAt) : NaN;
    return Number.isNaN(created) || created >= since;
  });
  return candidates.sort((a, b) => (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0))[0];
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface ServerError {
  error?: string;
  code?: string;
  message?: string;
  field?: string;
  objectType?: string;
  args?: Record<string, string>;
}

function asServerError(data: unknown): ServerError {
  return data && typeof data === 'object' ? (data as ServerError) : {};
}

/** The error a moderator reads, from an HTTP status and the server's body. */
export function pollsErrorFrom(status: number, data: unknown, where: string, secrets: readonly string[] = []): PollsApiError {
  const e = asServerError(data);
  const code = typeof (e.error ?? e.code) === 'string' ? scrubSecrets(String(e.error ?? e.code), secrets).slice(0, 64) : undefined;
  // The server's words reach the panel: never with the KS in them (KALTURA.md §3).
  const serverMessage = typeof e.message === 'string' ? scrubSecrets(e.message, secrets).slice(0, 300) : '';
  const expired = code === 'EXPIRED_KS' || e.args?.KSID === 'EXPIRED' || /expired/i.test(serverMessage);
  const base = { status, ...(code ? { code } : {}) };
  if (status === 401 || code === 'INVALID_KS' || code === 'EXPIRED_KS') {
    return new PollsApiError(
      'auth',
      expired ? 'Your session key has expired: reload the event page.' : 'Kaltura did not accept your session key: reload the event page, or sign in again.',
      base,
    );
  }
  if (status === 403 || code === 'SERVICE_FORBIDDEN' || code === 'FORBIDDEN') {
    return new PollsApiError('auth', 'Your session key may not manage polls of this session: use a moderator or admin session key.', base);
  }
  if (status === 404) return new PollsApiError('not-found', 'This poll no longer exists in Kaltura (another moderator may have deleted it).', base);
  if (status === 400 || status === 409 || status === 422) {
    const field = typeof e.field === 'string' ? scrubSecrets(e.field, secrets).slice(0, 100) : undefined;
    const formField = formFieldOf(field);
    return new PollsApiError('validation', `Kaltura refused the poll: ${serverMessage || 'invalid poll'}.`.replace(/\.\.$/, '.'), {
      ...base,
      ...(field ? { field } : {}),
      ...(formField ? { formField } : {}),
    });
  }
  return new PollsApiError('server', `Kaltura polls (${where}) failed${status ? ` with HTTP ${status}` : ''}: try again in a moment. Your poll is kept.`, base);
}

export function createPollsClient(options: PollsClientOptions): PollsClient {
  const baseUrl = (options.baseUrl ?? pollsBaseUrl(options.region)).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLLS_TIMEOUT_MS;
  const ks = () => (typeof options.ks === 'function' ? options.ks() : options.ks);

  async function post<T>(action: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const url = `${baseUrl}/polls/${action}`;
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Bearer ${ks()}`,
          'X-Kaltura-Client-Tag': POLLS_CLIENT_TAG,
          ...headers,
        },
        body: JSON.stringify(body),
        credentials: 'omit',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? (error as Error).name : '';
      if (name === 'TimeoutError')
        throw new PollsApiError('timeout', `Kaltura polls did not answer within ${Math.round(timeoutMs / 1000)} s. Your poll is kept; a retry will not create a second one.`);
      throw new PollsApiError('network', `Could not reach Kaltura polls (${host(url)}): check the connection and try again.`);
    }
    const text = await response.text().catch(() => '');
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!response.ok) throw pollsErrorFrom(response.status, data, action, [ks()]);
    if (asServerError(data).objectType === 'KalturaAPIException') throw pollsErrorFrom(200, data, action, [ks()]);
    if (data === undefined) throw new PollsApiError('server', `Kaltura polls (${action}) answered something that is not JSON: try again in a moment.`, { status: response.status });
    return data as T;
  }

  function asPoll(data: unknown, action: string): Poll {
    const p = data as Partial<Poll> | null;
    if (!p || typeof p !== 'object' || typeof p._id !== 'string' || !p.content)
      throw new PollsApiError('server', `Kaltura polls (${action}) answered without a poll: try again in a moment.`);
    return p as Poll;
  }

  const patch = async (remoteId: string, fields: Record<string, unknown>) =>
    asPoll(await post('update', { poll: { _id: remoteId, ...fields } }), 'update');

  const client: PollsClient = {
    baseUrl,
    async create(draft, opts = {}) {
      if (draft.remoteId) return client.update(draft);
      const retries = opts.retries ?? 1;
      let retry = draft.createAttemptedAt !== undefined;
      for (let attempt = 0; ; attempt += 1) {
        if (retry) {
          const found = findCreatedPoll(await client.moderatorList(draft.contextId), draft, opts.knownRemoteIds);
          if (found) return found;
        }
        try {
          return asPoll(await post('create', { poll: pollBody(draft) }, { 'Idempotency-Key': draft.idempotencyKey }), 'create');
        } catch (error) {
          if (error instanceof PollsApiError && error.retryable && attempt < retries) {
            retry = true;
            continue;
          }
          throw error;
        }
      }
    },
    async update(draft) {
      if (!draft.remoteId) throw new PollsApiError('not-found', 'This poll has not been saved to Kaltura yet.');
      const { contextId: _c, state, ...fields } = pollBody(draft);
      // Content edits never change a live poll's state; a Draft/Scheduled poll follows its schedule.
      const keepState = draft.state === 'Published' || draft.state === 'UnPublished';
      return patch(draft.remoteId, { ...fields, ...(keepState ? {} : { state }) });
    },
    async remove(remoteId) {
      await post('remove', { pollId: remoteId });
    },
    async moderatorList(contextId) {
      const data = await post<unknown>('moderatorList', { contextId });
      const list = Array.isArray(data) ? data : Array.isArray((data as { objects?: unknown })?.objects) ? (data as { objects: unknown[] }).objects : null;
      if (!list) throw new PollsApiError('server', 'Kaltura polls (moderatorList) answered without a list: try again in a moment.');
      return list.filter((p): p is PollWithResults => !!p && typeof p === 'object' && typeof (p as Poll)._id === 'string');
    },
    publish: (remoteId) => patch(remoteId, { state: 'Published' }),
    close: (remoteId) => patch(remoteId, { state: 'UnPublished' }),
    publishResults: (remoteId) => patch(remoteId, { showResults: true }),
    hideResults: (remoteId) => patch(remoteId, { showResults: false }),
  };
  return client;
}
