/**
 * CnC polls REST on chat.{region}.ovp.kaltura.com (KALTURA.md §4; kaltura/mcp-events PR 5
 * src/api/cncApiClient.ts): POST JSON with `Authorization: Bearer <KS>`.
 *   moderator: /polls/create {poll}, /polls/update {poll: {_id | pollId, …}}, /polls/remove {pollId},
 *              /polls/moderatorList {contextId}
 * MODELED (no public source): the answer bodies (the poll as JSON; moderatorList an array of polls
 * with `results`), the error body `{ error, message, field }` with HTTP 400/401/403/404, the
 * `Idempotency-Key` header on create, and the attendee side:
 *   /polls/list {contextId} → Published polls, `results` only when showResults
 *   /polls/vote {pollId, optionIds | text} → records `poll_answer` in state.activity.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CORS_HEADERS } from '../kaltura/api.js';
import { isAdmin } from '../kaltura/access.js';
import type { CrackedKs } from '../kaltura/ks.js';
import { readBody, send, sendJson } from '../http-util.js';
import { virtualEventOf } from '../kaltura/reports/scope.js';
import type { SandboxState } from '../state.js';
import { PollValidationFailure, type Poll, type PollInput } from './store.js';

export const POLLS_CORS_HEADERS: Record<string, string> = {
  ...API_CORS_HEADERS,
  'Access-Control-Allow-Headers': `${API_CORS_HEADERS['Access-Control-Allow-Headers']}, Authorization, Idempotency-Key, X-Kaltura-Client-Tag`,
};

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

type Body = Record<string, unknown>;

function authenticate(req: IncomingMessage, state: SandboxState): CrackedKs {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError(401, 'UNAUTHORIZED', 'missing Authorization: Bearer <KS>');
  const ks = state.crack(m[1]!);
  if (!ks) throw new HttpError(401, 'INVALID_KS', 'invalid KS');
  if (ks.expiry <= state.now()) throw new HttpError(401, 'EXPIRED_KS', 'KS expired');
  return ks;
}

function requireModerator(state: SandboxState, ks: CrackedKs, contextId: string): void {
  // Moderator: an ADMIN KS of the event's partner, or a USER KS whose user moderates the context.
  if (!state.entryExists(ks.partnerId, contextId)) throw new HttpError(403, 'FORBIDDEN', `no access to context ${contextId}`);
  if (isAdmin(ks)) return;
  if (!ks.userId || !state.isModerator(ks.userId, contextId)) throw new HttpError(403, 'FORBIDDEN', 'not a moderator of this context', 'contextId');
}

function stringField(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || !v) throw new HttpError(400, 'VALIDATION_ERROR', `${name} is required`, name);
  return v;
}

function existing(state: SandboxState, id: string): Poll {
  const poll = state.polls.get(id);
  if (!poll) throw new HttpError(404, 'NOT_FOUND', `poll ${id} not found`, 'pollId');
  return poll;
}

function withResults(state: SandboxState, poll: Poll): Poll & { results: ReturnType<SandboxState['polls']['results']> } {
  return { ...poll, results: state.polls.results(poll._id) };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PollValidationFailure) throw new HttpError(400, e.detail.error, e.detail.message, e.detail.field);
    throw e;
  }
}

type Route = (state: SandboxState, ks: CrackedKs, body: Body, req: IncomingMessage) => unknown;

const ROUTES: Record<string, Route> = {
  create(state, ks, body, req) {
    const poll = body.poll as Body | undefined;
    if (!poll || typeof poll !== 'object') throw new HttpError(400, 'VALIDATION_ERROR', 'poll is required', 'poll');
    const contextId = stringField(poll, 'contextId');
    requireModerator(state, ks, contextId);
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key ? `${ks.partnerId}:${key}` : undefined;
    return guard(() => state.polls.create({ ...(poll as unknown as PollInput), createdBy: ks.userId || undefined }, { idempotencyKey }));
  },
  update(state, ks, body) {
    const poll = body.poll as Body | undefined;
    if (!poll || typeof poll !== 'object') throw new HttpError(400, 'VALIDATION_ERROR', 'poll is required', 'poll');
    const id = typeof poll._id === 'string' ? poll._id : typeof poll.pollId === 'string' ? poll.pollId : '';
    if (!id) throw new HttpError(400, 'VALIDATION_ERROR', 'poll._id is required', 'poll._id');
    const current = existing(state, id);
    requireModerator(state, ks, current.contextId);
    const { _id: _a, pollId: _b, contextId: _c, createdAt: _d, updatedAt: _e, publishedAt: _f, results: _g, ...patch } = poll;
    return guard(() => state.polls.update(id, patch as never));
  },
  remove(state, ks, body) {
    const id = stringField(body, 'pollId');
    requireModerator(state, ks, existing(state, id).contextId);
    state.polls.remove(id);
    return { ok: true, pollId: id };
  },
  moderatorList(state, ks, body) {
    const contextId = stringField(body, 'contextId');
    requireModerator(state, ks, contextId);
    state.polls.tick();
    return state.polls.list(contextId).map((p) => withResults(state, p));
  },
  list(state, ks, body) {
    const contextId = stringField(body, 'contextId');
    if (!state.entryExists(ks.partnerId, contextId)) throw new HttpError(403, 'FORBIDDEN', `no access to context ${contextId}`);
    state.polls.tick();
    return state.polls
      .list(contextId)
      .filter((p) => p.state === 'Published' || (p.state === 'UnPublished' && p.isEnded && p.showResults))
      .map((p) => {
        const mine = ks.userId ? state.polls.voteOf(p._id, ks.userId) : undefined;
        const out: Record<string, unknown> = { ...p, myAnswer: mine ?? null };
        delete out.createdBy;
        // Attendees never see which answers are correct before results are shown.
        if (!p.showResults) (out.content as Poll['content']) = { ...p.content, correctAnswers: [] };
        if (p.showResults) out.results = state.polls.results(p._id);
        return out;
      });
  },
  vote(state, ks, body) {
    const id = stringField(body, 'pollId');
    const poll = existing(state, id);
    if (!state.entryExists(ks.partnerId, poll.contextId)) throw new HttpError(404, 'NOT_FOUND', `poll ${id} not found`, 'pollId');
    if (!ks.userId) throw new HttpError(403, 'FORBIDDEN', 'voting needs a KS with a user id');
    const optionIds = Array.isArray(body.optionIds) ? body.optionIds.map(String) : undefined;
    const text = typeof body.text === 'string' ? body.text : undefined;
    const r = state.polls.vote(id, ks.userId, { optionIds, text });
    if ('error' in r) throw new HttpError(r.error === 'POLL_NOT_PUBLISHED' ? 409 : 400, r.error, `vote refused: ${r.error}`, optionIds ? 'optionIds' : 'text');
    state.activity.record({ at: state.now(), kind: 'poll_answer', userId: ks.userId, entryId: poll.contextId, virtualEventId: virtualEventOf(poll.contextId) ?? 0 });
    return { ok: true, pollId: id };
  },
};

export async function handlePolls(req: IncomingMessage, res: ServerResponse, state: SandboxState, path: string): Promise<void> {
  if (req.method === 'OPTIONS') return send(res, 200, 'text/plain', '', POLLS_CORS_HEADERS);
  const name = path.replace(/^\/polls\//, '');
  const route = Object.prototype.hasOwnProperty.call(ROUTES, name) ? ROUTES[name] : undefined;
  const reply = (status: number, v: unknown) => sendJson(res, v, status, POLLS_CORS_HEADERS);
  if (!route) {
    req.resume();
    return reply(404, { error: 'NOT_FOUND', message: `no route ${path}` });
  }
  if (req.method !== 'POST') {
    req.resume();
    return reply(405, { error: 'METHOD_NOT_ALLOWED', message: 'use POST' });
  }
  const raw = await readBody(req);
  try {
    const ks = authenticate(req, state);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      throw new HttpError(400, 'INVALID_JSON', 'body must be JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'INVALID_JSON', 'body must be a JSON object');
    reply(200, route(state, ks, body as Body, req));
  } catch (e) {
    if (e instanceof HttpError) return reply(e.status, { error: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) });
    throw e;
  }
}
