/**
 * The CnC paths of chat.{region}.ovp.kaltura.com served by the sandbox (protocol.ts, MODELED):
 * `POST /cnc/action` and `POST /cnc/snapshot` with a Bearer JWT or KS. Other chat-host paths (polls
 * REST, connect) belong to hosts.ts; `handles` says which requests are ours.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send, sendJson } from '../http-util.js';
import type { SandboxState } from '../state.js';
import { applyAction } from './actions.js';
import { authenticate, bearer } from './auth.js';
import { ACTION_PATH, CHAT_CORS, CHAT_HOST, SNAPSHOT_PATH } from './protocol.js';
import { snapshotFor } from './visibility.js';
import type { CncWorld } from './world.js';

export function isCncRequest(host: string, path: string): boolean {
  return CHAT_HOST.test(host) && (path === ACTION_PATH || path === SNAPSHOT_PATH);
}

export async function handleCncHttp(req: IncomingMessage, res: ServerResponse, state: SandboxState, world: CncWorld, path: string): Promise<void> {
  if (req.method === 'OPTIONS') return send(res, 204, 'text/plain', '', CHAT_CORS);
  if (req.method !== 'POST') return sendJson(res, { ok: false, error: 'METHOD_NOT_ALLOWED', message: 'POST only' }, 405, CHAT_CORS);
  let body: { entryId?: unknown; action?: unknown };
  try {
    body = JSON.parse(await readBody(req, 1024 * 1024)) as typeof body;
    if (!body || typeof body !== 'object') throw new Error('not an object');
  } catch {
    return sendJson(res, { ok: false, error: 'INVALID_ACTION', message: 'body must be a JSON object' }, 400, CHAT_CORS);
  }
  const entryId = typeof body.entryId === 'string' ? body.entryId : '';
  if (!world.sessions.has(entryId)) return sendJson(res, { ok: false, error: 'UNKNOWN_SESSION', message: `no CnC session ${entryId}` }, 404, CHAT_CORS);
  const viewer = authenticate(state, bearer(req.headers.authorization), entryId);
  if (!viewer) return sendJson(res, { ok: false, error: 'UNAUTHORIZED', message: 'a Bearer CnC JWT or KS for this entry is required' }, 401, CHAT_CORS);
  if (path === SNAPSHOT_PATH) return sendJson(res, { ok: true, snapshot: snapshotFor(world.session(entryId), viewer) }, 200, CHAT_CORS);
  const result = applyAction(world, entryId, viewer.userId, viewer.moderator, body.action);
  sendJson(res, result, 200, CHAT_CORS);
}
