/**
 * The control API over HTTPS: Host `control.sandbox.test`, JSON in and out, any path under /control/.
 * Not a Kaltura surface; no auth (the sandbox listens on loopback only).
 *
 *   GET  /control/sessions                      GET  /control/events
 *   POST /control/events        {name}          POST /control/sessions   {entryId?, title?, mode?, settings?}
 *   POST /control/users         {userId, displayName?, role?}
 *   POST /control/act           {entryId, userId, moderator?, action}
 *   GET  /control/truth?entryId=…  (or POST {entryId})
 *   GET  /control/chat?entryId=…   chat truth: messages (deleted too), pinned ids, blocked people with reasons
 *   POST /control/settings      {entryId, settings}
 *   GET  /control/audience      POST /control/audience/start {attendees, rate, seed, entryIds?, mix?}
 *   POST /control/audience/stop POST /control/audience/retune {rate?, …}
 *   GET  /control/reactions?entryId=…&since=ms&until=ms  (or POST {entryId, since?, until?}): reaction
 *        totals per type in the window, per 10 s bucket, and the emoji reactions on chat messages
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http-util.js';
import { CncError } from '../cnc/errors.js';
import type { SandboxControl } from './control.js';

export const CONTROL_HOST = 'control.sandbox.test';
export const CONTROL_BASE = `https://${CONTROL_HOST}/control`;

type Body = Record<string, unknown>;

export async function handleControl(req: IncomingMessage, res: ServerResponse, control: SandboxControl): Promise<void> {
  const url = new URL(req.url ?? '/', CONTROL_BASE);
  const path = url.pathname.replace(/\/+$/, '');
  let body: Body = {};
  if (req.method === 'POST') {
    const raw = await readBody(req);
    try {
      body = raw ? (JSON.parse(raw) as Body) : {};
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return sendJson(res, { ok: false, error: 'BAD_JSON', message: 'body must be a JSON object' }, 400);
    }
  }
  const entryId = String(body.entryId ?? url.searchParams.get('entryId') ?? '');
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case 'GET /control':
      case 'GET /control/sessions':
        return sendJson(res, { ok: true, sessions: control.sessions(), events: control.events() });
      case 'GET /control/events':
        return sendJson(res, { ok: true, events: control.events() });
      case 'POST /control/events':
        return sendJson(res, { ok: true, event: control.createEvent(body as { name?: string }) });
      case 'POST /control/sessions':
        return sendJson(res, { ok: true, session: control.createSession(body as Parameters<SandboxControl['createSession']>[0]) });
      case 'POST /control/users':
        return sendJson(res, { ok: true, user: control.createUser(body as { userId: string }) });
      case 'POST /control/act': {
        const r = control.act({ entryId, userId: String(body.userId ?? ''), moderator: body.moderator === true, action: body.action });
        return sendJson(res, r, r.ok ? 200 : 400);
      }
      case 'GET /control/truth':
      case 'POST /control/truth':
        return sendJson(res, { ok: true, truth: control.truth(entryId) });
      case 'GET /control/chat':
      case 'POST /control/chat':
        return sendJson(res, { ok: true, chat: control.chat(entryId) });
      case 'POST /control/settings':
        return sendJson(res, { ok: true, settings: control.setSettings(entryId, body.settings) });
      case 'GET /control/audience':
        return sendJson(res, { ok: true, audience: control.audience.status() });
      case 'POST /control/audience/start':
        return sendJson(res, { ok: true, audience: control.audience.start(body as never) });
      case 'POST /control/audience/stop':
        return sendJson(res, { ok: true, audience: await control.audience.stop() });
      case 'POST /control/audience/retune':
        return sendJson(res, { ok: true, audience: control.audience.retune(body as never) });
      // ---- reactions (issue 11)
      case 'GET /control/reactions':
      case 'POST /control/reactions': {
        const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
        const since = num(body.since ?? url.searchParams.get('since'));
        const until = num(body.until ?? url.searchParams.get('until'));
        return sendJson(res, { ok: true, reactions: control.reactions(entryId, since, until) });
      }
      default:
        return sendJson(res, { ok: false, error: 'NOT_FOUND', message: `no control route ${route}` }, 404);
    }
  } catch (e) {
    if (e instanceof CncError) return sendJson(res, e.toJSON(), e.code === 'UNKNOWN_SESSION' || e.code === 'NOT_FOUND' ? 404 : 400);
    return sendJson(res, { ok: false, error: 'INVALID', message: e instanceof Error ? e.message : String(e) }, 400);
  }
}
