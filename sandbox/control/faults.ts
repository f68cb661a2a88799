/**
 * Fault injection and hostile pages for the standing suite (issue 10). Not a Kaltura surface: tests (and a
 * curious developer) turn faults on through the control host, and the suite measures what the extension
 * does meanwhile.
 *
 * Faults:
 * - `drop`: every open TCP connection (pages' keep-alive sockets, the widgets' WebSockets) is destroyed at
 *   once; the widgets see a close and reconnect.
 * - `cut`: for `ms`, every new connection is destroyed as it arrives (and the open ones dropped): the
 *   network is down, then comes back.
 * - `api`: replies of Kaltura's API host and the chat host's HTTP (snapshot, actions) fail with `status`
 *   (a share `failRate` of them) and/or are delayed by `slowMs`.
 * - `frames`: realtime event frames are sent twice (`duplicate`) or each pair swapped (`reorder`, the
 *   held one sent after the next frame, or after 200 ms).
 * - `expire-admin-ks`: every ADMIN KS the sandbox has seen so far stops working as if its time were up
 *   (API v3 answers INVALID_KS … EXPIRED, the Events API 401, polls 401 EXPIRED_KS); KSes issued afterwards
 *   (the moderator connecting again) work. Permanent, like a real expiry: `reset` does not revive them.
 * - `announce-errors` (issue 10, hostile channel): the next N announcement sends (`announce` actions, over
 *   the widget's socket or the chat host's HTTP) are refused with an error text the test gives, in the
 *   service's own refusal shape (cnc/errors.ts: `{ ok: false, error: 'SERVICE_ERROR', message }`); nothing
 *   is announced. The widget shows the text in its error line and the extension reads it from there.
 * A request log (host, method, path; bounded) lets a test see where the browser sent what.
 *
 * Hostile pages:
 * - `?hostile=spoof` on the CnC moderator view serves the real page plus /__hostile/spoof.js (the attacks
 *   of test/e2e/spoof-*.e2e.ts: forged bridge messages, nonces, look-alike DOM, iframes, a fake KS).
 * - A look-alike host (`*.kaltura.com.<anything>`, `kaltura-events.test`) serves the real events site's
 *   pages as they are, so only the host tells them apart.
 *
 * Control (JSON, on control.sandbox.test; in process as `sandbox.faults`):
 *   GET  /control/faults            state and request-log size
 *   POST /control/faults            {api?: {failRate?, status?, slowMs?}, frames?: {duplicate?, reorder?}}
 *   POST /control/faults/drop       POST /control/faults/cut {ms}      POST /control/faults/reset
 *   POST /control/faults/expire-admin-ks   (answers how many admin KSes it expired)
 *   POST /control/faults/announce-errors   {message, count?} or {messages: [...]}: the next sends fail with
 *                                          them, in order (answers how many are armed); reset disarms
 *   GET  /control/faults/log?host=… the request log (optionally for one host)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { hostOf, readBody, send, sendJson } from '../http-util.js';
import { SPOOF_SCRIPT } from './spoof-page.js';
import { KS_TYPE_ADMIN, type CrackedKs } from '../kaltura/ks.js';
import { injectedError } from '../cnc/errors.js';
import type { Actor, CncSession } from '../cnc/session.js';

/** What the fault layer needs of the sandbox state to expire KSes: every host cracks a KS through it. */
export interface KsAuthority {
  crack(ks: string): CrackedKs | null;
  now(): number;
}

/** What the fault layer needs of the CnC world to refuse announcements: every action finds its session through it. */
export interface SessionAuthority {
  session(entryId: unknown): CncSession;
}

/** At most this many armed announcement errors (a runaway test must not hold memory without bound). */
const ANNOUNCE_ERRORS_MAX = 100_000;

export interface ApiFaults {
  failRate: number;
  status: number;
  slowMs: number;
}
export interface FrameFaults {
  duplicate: boolean;
  reorder: boolean;
}
export interface LoggedRequest {
  at: number;
  host: string;
  /** The Host header as sent (with its port). */
  rawHost: string;
  method: string;
  path: string;
}

const LOG_MAX = 20_000;
const LOOKALIKE = /^(?:[a-z0-9-]+\.)*kaltura\.com\.[a-z0-9.-]+$|^kaltura-events\.test$/;
const API_HOSTS = /^(?:www\.kaltura\.com|chat\.[a-z0-9]+\.ovp\.kaltura\.com)$/;

export class SandboxFaults {
  api: ApiFaults = { failRate: 0, status: 503, slowMs: 0 };
  frames: FrameFaults = { duplicate: false, reorder: false };
  readonly log: LoggedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private cutUntil = 0;
  private cutTimer: NodeJS.Timeout | undefined;
  private held = new Map<WebSocket, { text: string; timer: NodeJS.Timeout }>();
  private port = 0;
  private seed = 0x5eed;
  /** Hashes of ADMIN KSes cracked so far (still working), and of the ones expired on demand. */
  private readonly adminKs = new Set<string>();
  private readonly expiredKs = new Set<string>();
  /** Error texts for the next announcement sends, first one first (announce-errors). */
  private announceErrors: string[] = [];
  /** Moderators' announcement sends seen (refused or not): a test tells one send per click from two. */
  private announceSends = 0;

  /**
   * Wraps the state's KS check, so an expired-on-demand KS looks expired to every host (API v3, Events
   * API, polls REST, CnC auth), exactly as one whose time ran out.
   */
  watchKs(state: KsAuthority): void {
    const crack = state.crack.bind(state);
    state.crack = (ks: string) => {
      const cracked = crack(ks);
      if (!cracked || cracked.type !== KS_TYPE_ADMIN) return cracked;
      if (this.expiredKs.has(cracked.hash)) return { ...cracked, expiry: Math.min(cracked.expiry, state.now() - 1) };
      this.adminKs.add(cracked.hash);
      return cracked;
    };
  }

  /**
   * Wraps the world's session lookup, so a moderator's announcement is refused with the next armed error
   * text, whichever way it came (the widget's socket, the chat host's HTTP, the control API).
   */
  watchAnnouncements(world: SessionAuthority): void {
    const lookup = world.session.bind(world);
    const wrapped = new WeakSet<CncSession>();
    world.session = (entryId: unknown) => {
      const s = lookup(entryId);
      if (!wrapped.has(s)) {
        wrapped.add(s);
        const announce = s.announce.bind(s);
        // Every argument passes through (a wrapper that named them dropped `pinned` once).
        s.announce = (a: Actor, ...rest: [text: unknown, pinned?: unknown]) => {
          // Only a send the service would carry out fails: an attendee's try is refused as before.
          if (a.moderator) this.announceSends++;
          if (a.moderator && this.announceErrors.length > 0) throw injectedError(this.announceErrors.shift()!);
          return announce(a, ...rest);
        };
      }
      return s;
    };
  }

  /** The next announcement sends fail, one per text, in order; returns how many are armed now. */
  failAnnouncements(messages: readonly string[]): number {
    for (const m of messages) if (typeof m === 'string' && m.length > 0 && this.announceErrors.length < ANNOUNCE_ERRORS_MAX) this.announceErrors.push(m);
    return this.announceErrors.length;
  }

  /** Every ADMIN KS seen so far expires now; returns how many. */
  expireAdminKs(): number {
    const n = this.adminKs.size;
    for (const hash of this.adminKs) this.expiredKs.add(hash);
    this.adminKs.clear();
    return n;
  }

  /** Tracks connections (to drop them) and refuses new ones while the network is cut. */
  attach(server: Server, port: number): void {
    this.port = port;
    const track = (socket: Socket) => {
      if (Date.now() < this.cutUntil) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    };
    server.on('connection', track);
  }

  state() {
    return {
      api: this.api,
      frames: this.frames,
      cut: Math.max(0, this.cutUntil - Date.now()),
      sockets: this.sockets.size,
      logged: this.log.length,
      announceErrors: this.announceErrors.length,
      announceSends: this.announceSends,
    };
  }

  set(patch: { api?: Partial<ApiFaults>; frames?: Partial<FrameFaults> }): ReturnType<SandboxFaults['state']> {
    if (patch.api) this.api = { ...this.api, ...pickNumbers(patch.api, ['failRate', 'status', 'slowMs']) };
    if (patch.frames) this.frames = { ...this.frames, ...pickBooleans(patch.frames, ['duplicate', 'reorder']) };
    if (!this.frames.reorder) this.flushHeld();
    return this.state();
  }

  /** Destroys every open connection; returns how many. */
  drop(): number {
    const n = this.sockets.size;
    for (const s of [...this.sockets]) s.destroy();
    return n;
  }

  /** The network goes down for `ms`: open connections dropped, new ones refused until then. */
  cut(ms: number): void {
    this.cutUntil = Date.now() + Math.max(0, Math.min(ms, 300_000));
    clearTimeout(this.cutTimer);
    this.cutTimer = setTimeout(() => (this.cutUntil = 0), ms);
    this.cutTimer.unref?.();
    this.drop();
  }

  reset(): void {
    this.api = { failRate: 0, status: 503, slowMs: 0 };
    this.frames = { duplicate: false, reorder: false };
    this.cutUntil = 0;
    clearTimeout(this.cutTimer);
    this.flushHeld();
    this.announceErrors = [];
  }

  requests(host?: string): LoggedRequest[] {
    return host ? this.log.filter((r) => r.host === host) : [...this.log];
  }

  close(): void {
    this.reset();
  }

  /**
   * Realtime's send path (sandbox/cnc/realtime.ts): true when the fault layer sent (or holds) the frame.
   * Only event frames are touched: hello, ack and pong keep the protocol's own order.
   */
  frame(ws: WebSocket, text: string): boolean {
    if (!this.frames.duplicate && !this.frames.reorder) return false;
    // A frame of several events (realtime.ts sends a loop turn's events together) is faulted event by
    // event, as the frames they would have been: a reorder swaps events, not whole batches.
    if (text.startsWith('{"op":"events"')) {
      for (const e of (JSON.parse(text) as { events: { seq: number; event: unknown }[] }).events) this.frame(ws, JSON.stringify({ op: 'event', seq: e.seq, event: e.event }));
      return true;
    }
    if (!text.startsWith('{"op":"event"')) return false;
    if (this.frames.reorder) {
      const held = this.held.get(ws);
      if (held) {
        clearTimeout(held.timer);
        this.held.delete(ws);
        ws.send(text);
        ws.send(held.text);
        if (this.frames.duplicate) ws.send(text);
        return true;
      }
      const timer = setTimeout(() => {
        if (this.held.get(ws)?.text === text) {
          this.held.delete(ws);
          if (ws.readyState === ws.OPEN) ws.send(text);
        }
      }, 200);
      timer.unref?.();
      this.held.set(ws, { text, timer });
      return true;
    }
    ws.send(text);
    ws.send(text);
    return true;
  }

  private flushHeld(): void {
    for (const [ws, h] of this.held) {
      clearTimeout(h.timer);
      if (ws.readyState === ws.OPEN) ws.send(h.text);
    }
    this.held.clear();
  }

  /** Runs before every other handler: true when it answered the request. */
  async intercept(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', `https://${host || 'invalid'}`);
    if (this.log.length >= LOG_MAX) this.log.splice(0, LOG_MAX / 2);
    this.log.push({ at: Date.now(), host, rawHost: String(req.headers.host ?? ''), method: req.method ?? 'GET', path: url.pathname });

    if (host === 'control.sandbox.test' && (url.pathname === '/control/faults' || url.pathname.startsWith('/control/faults/'))) {
      await this.control(req, res, url);
      return true;
    }
    if (url.pathname === '/__hostile/spoof.js') {
      send(res, 200, 'text/javascript; charset=utf-8', SPOOF_SCRIPT);
      return true;
    }
    if (url.searchParams.get('hostile') === 'spoof' && req.method === 'GET') {
      url.searchParams.delete('hostile');
      const page = await this.fetchSelf(host, url.pathname + url.search, req.headers.cookie);
      const html = page.body.replace('</body>', '<script src="/__hostile/spoof.js"></script>\n</body>');
      res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return true;
    }
    if (LOOKALIKE.test(host)) {
      // The real events site's page, byte for byte, under a host that only looks like Kaltura's.
      const real = host === 'kaltura-events.test' ? '1234567.events.kaltura.com' : host.replace(/^(.*kaltura\.com)\..*$/, '$1');
      const page = await this.fetchSelf(real, url.pathname + url.search, req.headers.cookie);
      res.writeHead(page.status, { 'content-type': page.type, 'cache-control': 'no-store' });
      res.end(page.body);
      return true;
    }
    if (API_HOSTS.test(host) && req.method !== 'OPTIONS') {
      if (this.api.slowMs > 0) await new Promise((r) => setTimeout(r, this.api.slowMs));
      if (this.api.failRate > 0 && this.random() < this.api.failRate) {
        req.resume();
        res.writeHead(this.api.status, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
        res.end(`sandbox fault: ${this.api.status}\n`);
        return true;
      }
    }
    return false;
  }

  private random(): number {
    // xorshift: reproducible, independent of the audience's generator.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 4294967296;
  }

  private fetchSelf(host: string, path: string, cookie: string | undefined): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const r = httpsRequest(
        { host: '127.0.0.1', port: this.port, path, method: 'GET', servername: host, rejectUnauthorized: false, headers: { host, ...(cookie ? { cookie } : {}) } },
        (resp) => {
          const chunks: Buffer[] = [];
          resp.on('data', (c: Buffer) => chunks.push(c));
          resp.on('end', () => resolve({ status: resp.statusCode ?? 500, type: String(resp.headers['content-type'] ?? 'text/html'), body: Buffer.concat(chunks).toString('utf8') }));
          resp.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end();
    });
  }

  private async control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        const raw = await readBody(req);
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return sendJson(res, { ok: false, error: 'BAD_JSON' }, 400);
      }
    }
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /control/faults':
        return sendJson(res, { ok: true, faults: this.state() });
      case 'POST /control/faults':
        return sendJson(res, { ok: true, faults: this.set(body as never) });
      case 'POST /control/faults/drop':
        return sendJson(res, { ok: true, dropped: this.drop() });
      case 'POST /control/faults/cut':
        this.cut(Number(body.ms) || 0);
        return sendJson(res, { ok: true, faults: this.state() });
      case 'POST /control/faults/expire-admin-ks':
        return sendJson(res, { ok: true, expired: this.expireAdminKs() });
      case 'POST /control/faults/announce-errors': {
        const messages = Array.isArray(body.messages)
          ? body.messages.filter((m): m is string => typeof m === 'string')
          : typeof body.message === 'string'
            ? Array.from({ length: Math.max(1, Math.min(Number(body.count) || 1, ANNOUNCE_ERRORS_MAX)) }, () => body.message as string)
            : [];
        if (messages.length === 0) return sendJson(res, { ok: false, error: 'BAD_REQUEST', message: 'give message (and count) or messages' }, 400);
        return sendJson(res, { ok: true, armed: this.failAnnouncements(messages) });
      }
      case 'POST /control/faults/reset':
        this.reset();
        return sendJson(res, { ok: true, faults: this.state() });
      case 'GET /control/faults/log':
        return sendJson(res, { ok: true, requests: this.requests(url.searchParams.get('host') ?? undefined).slice(-1000) });
      default:
        return sendJson(res, { ok: false, error: 'NOT_FOUND', message: `no control route ${route}` }, 404);
    }
  }
}

function pickNumbers<K extends string>(o: Record<string, unknown>, keys: K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) if (typeof o[k] === 'number' && Number.isFinite(o[k])) out[k] = o[k] as number;
  return out;
}

function pickBooleans<K extends string>(o: Record<string, unknown>, keys: K[]): Partial<Record<K, boolean>> {
  const out: Partial<Record<K, boolean>> = {};
  for (const k of keys) if (typeof o[k] === 'boolean') out[k] = o[k] as boolean;
  return out;
}
