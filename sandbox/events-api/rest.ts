/**
 * Events Platform API on events-api.{region}.ovp.kaltura.com/api/v1 (KALTURA.md §5; shapes from
 * kaltura/mcp-events openapi-public-api.yaml: ListEventRequestDto {filter, pager {offset, limit=5},
 * orderBy}, ListEventResponseDto {events, totalCount, status}, PublicEventDto, ListSessionRequestDto
 * {eventId}, ListSessionResponseDto {sessions, status}, PublicSessionDto; session-participants from
 * apps/mcp-server/src/domains/session-participants/schemas.ts {eventId, sessionId}).
 * Every call is POST with JSON and `Authorization: Bearer <ADMIN KS>`.
 * MODELED: the session-participants/list answer `{ speakers, moderatorIds, status }`, the error
 * bodies `{ status: "Forbidden" | "InvalidArgument" | "ResourceDoesNotExist", message }` (status
 * values from the OpenAPI enum) with HTTP 401/403/400/404, and the demo event's dates.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PARTNER_ID, SESSIONS, VIRTUAL_EVENT_ID, MODERATORS, sessionWindow, type DemoSession } from '../demo-data.js';
import { readBody, send, sendJson } from '../http-util.js';
import { API_CORS_HEADERS } from '../kaltura/api.js';
import { isAdmin } from '../kaltura/access.js';
import type { CrackedKs } from '../kaltura/ks.js';
import type { SandboxState } from '../state.js';
import { worldOf } from '../cnc/world.js';

const CORS = { ...API_CORS_HEADERS, 'Access-Control-Allow-Headers': `${API_CORS_HEADERS['Access-Control-Allow-Headers']}, Authorization` };

class ApiError extends Error {
  constructor(readonly http: number, readonly status: string, message: string) {
    super(message);
  }
}

/** The demo event as PublicEventDto. Dates: the event runs today (UTC), a full day. */
function demoEvent(state: SandboxState): Record<string, unknown> {
  const day = new Date(state.now() * 1000).toISOString().slice(0, 10);
  return {
    id: VIRTUAL_EVENT_ID,
    publicDomain: `https://${PARTNER_ID}.events.kaltura.com`,
    name: 'CnC Sandbox Demo Event',
    description: 'Local stand-in event for the CnC moderator extension.',
    startDate: `${day}T00:00:00Z`,
    endDate: `${day}T23:59:59Z`,
    timezone: 'UTC',
    logoUrl: '',
    bannerImageUrl: '',
    labels: ['sandbox'],
    createdAt: `${day}T00:00:00Z`,
    updatedAt: `${day}T00:00:00Z`,
    languages: ['en'],
    isRegistrationOpen: true,
    doorsOpenDate: `${day}T00:00:00Z`,
    templateId: 'tm1000',
    templateName: 'Interactive session',
  };
}

/** KALTURA.md §5 session types; CnC sessions are modeled as LiveWebcast rooms. Times: the CnC world's session, else demo-data sessionWindow. */
function sessionDto(state: SandboxState, s: DemoSession): Record<string, unknown> {
  const iso = (sec: number) => new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const day = iso(Math.floor(state.now() / 86400) * 86400);
  // The CnC world's live sessions carry their own times (reports filter by them): one truth for both.
  let w = sessionWindow(s.entryId, state.now())!;
  try {
    const r = worldOf(state).session(s.entryId).record;
    w = { startDate: r.startAt, endDate: r.endAt };
  } catch {
    // not a CnC session: the modeled schedule
  }
  return {
    id: s.entryId,
    createdAt: day,
    updatedAt: day,
    type: s.mode === 'none' ? 'SimuLive' : 'LiveWebcast',
    visibility: s.listed ? 'published' : 'unlisted',
    name: s.title,
    description: s.title,
    startDate: iso(w.startDate),
    endDate: iso(w.endDate),
    thumbnailUrl: '',
    tags: [s.mode],
    rsvpCount: 0,
  };
}

function num(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.trunc(n) : fallback;
}

function requireEvent(body: Record<string, unknown>): void {
  if (body.eventId === undefined) throw new ApiError(400, 'InvalidArgument', 'eventId is required');
  if (Number(body.eventId) !== VIRTUAL_EVENT_ID) throw new ApiError(404, 'ResourceDoesNotExist', `event ${String(body.eventId)} not found`);
}

type Route = (state: SandboxState, body: Record<string, unknown>) => unknown;

const ROUTES: Record<string, Route> = {
  'events/list': (state, body) => {
    const filter = (body.filter ?? {}) as Record<string, unknown>;
    const pager = (body.pager ?? {}) as Record<string, unknown>;
    let events = [demoEvent(state)];
    const ids = Array.isArray(filter.ids) ? filter.ids.map(Number) : Array.isArray(filter.idIn) ? filter.idIn.map(Number) : undefined;
    if (ids) events = events.filter((e) => ids.includes(e.id as number));
    const offset = num(pager.offset, 0);
    const limit = num(pager.limit, 5);
    return { events: events.slice(offset * limit, offset * limit + limit), totalCount: events.length, status: 'ok' };
  },
  'sessions/list': (state, body) => {
    requireEvent(body);
    return { sessions: SESSIONS.map((s) => sessionDto(state, s)), status: 'ok' };
  },
  'session-participants/list': (state, body) => {
    requireEvent(body);
    const sessionId = typeof body.sessionId === 'string' ? body.sessionId : '';
    if (!sessionId) throw new ApiError(400, 'InvalidArgument', 'sessionId is required');
    if (!SESSIONS.some((s) => s.entryId === sessionId)) throw new ApiError(404, 'ResourceDoesNotExist', `session ${sessionId} not found`);
    const moderatorIds = [...new Set([...MODERATORS, ...state.moderatorsOf(sessionId)])];
    return { speakers: [], moderatorIds, status: 'ok' };
  },
};

function authenticate(req: IncomingMessage, state: SandboxState): CrackedKs {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new ApiError(401, 'Forbidden', 'missing Authorization: Bearer <KS>');
  const ks = state.crack(m[1]!);
  if (!ks || ks.expiry <= state.now()) throw new ApiError(401, 'NEW_LOGIN_REQUIRED', 'invalid or expired KS');
  if (!isAdmin(ks)) throw new ApiError(403, 'Forbidden', 'an ADMIN KS is required');
  if (ks.partnerId !== PARTNER_ID) throw new ApiError(403, 'Forbidden', `partner ${ks.partnerId} has no events here`);
  return ks;
}

export async function handleEventsApi(req: IncomingMessage, res: ServerResponse, state: SandboxState, host: string): Promise<void> {
  if (req.method === 'OPTIONS') return send(res, 200, 'text/plain', '', CORS);
  const path = new URL(req.url ?? '/', `https://${host}`).pathname;
  const route = path.startsWith('/api/v1/') ? ROUTES[path.slice('/api/v1/'.length)] : undefined;
  const raw = req.method === 'POST' ? await readBody(req) : (req.resume(), '');
  const fail = (e: ApiError) => sendJson(res, { status: e.status, message: e.message }, e.http, CORS);
  if (!route) return fail(new ApiError(404, 'ResourceDoesNotExist', `no route ${path}`));
  if (req.method !== 'POST') return fail(new ApiError(405, 'OperationNotAllowed', 'use POST'));
  try {
    authenticate(req, state);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      throw new ApiError(400, 'InvalidArgument', 'body must be JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'InvalidArgument', 'body must be a JSON object');
    sendJson(res, route(state, body as Record<string, unknown>), 200, CORS);
  } catch (e) {
    if (e instanceof ApiError) return fail(e);
    throw e;
  }
}
