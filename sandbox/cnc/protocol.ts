/**
 * MODELED: the CnC real-time and action wire of the sandbox, all in one place. Kaltura's CnC service
 * protocol is not public (KALTURA.md §1 shows only `server.serviceUrl` on chat.{region}.ovp.kaltura.com
 * and an HS256 JWT). Our model:
 *
 * - Socket: `wss://chat.{region}.ovp.kaltura.com/socket?entryId={entryId}&token={JWT or KS}`. A browser
 *   cannot set headers on a WebSocket, so the token rides in the query. A CnC JWT whose groups hold
 *   `{entryId}_moderators`, or an ADMIN KS, makes the connection a moderator's.
 * - Server → client frames (JSON text): `{op:'hello', snapshot}` first, then `{op:'event', seq, event}` for
 *   every change the viewer may see (several made in the same server turn in one frame:
 *   `{op:'events', events: [{seq, event}…]}`, in order), `{op:'ack', ref, result}` for each action, and
 *   `{op:'polls', pollId, type}` when a poll of the entry changes (the widget then re-lists polls).
 * - Client → server frames: `{op:'action', ref, action}` (action shapes in actions.ts), `{op:'ping'}`.
 * - The same actions as HTTP: `POST https://chat.{region}.ovp.kaltura.com/cnc/action` with
 *   `Authorization: Bearer {JWT or KS}` and body `{entryId, action}`, answered with the action result;
 *   `POST /cnc/snapshot {entryId}` returns what the caller may see. Bots use HTTP (no socket needed
 *   to send), browsers the socket.
 */

export const CHAT_HOST = /^chat\.[a-z0-9]+\.ovp\.kaltura\.com$/;
export const SOCKET_PATH = '/socket';
export const ACTION_PATH = '/cnc/action';
export const SNAPSHOT_PATH = '/cnc/snapshot';

/** CORS for the chat host's CnC paths: a widget on an Events page calls them cross-origin with a Bearer. */
export const CHAT_CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  'Access-Control-Max-Age': '86400',
};

export type ClientFrame = { op: 'action'; ref?: string | number; action: unknown } | { op: 'ping' };

/** Frames above this are refused (a 5,000-character wall in UTF-8 is far below). */
export const MAX_FRAME_BYTES = 256 * 1024;

/** A subscriber whose unsent buffer grows past this is too slow; it is closed and will reconnect. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
