/**
 * Real time over WebSocket (the `ws` package) on the sandbox's HTTPS server: subscribers per entry,
 * each sent only what its viewer may see (visibility.ts). Wire format: protocol.ts (MODELED).
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { hostOf } from '../http-util.js';
import type { SandboxState } from '../state.js';
import type { PollEvent } from '../polls/types.js';
import { applyAction } from './actions.js';
import { authenticate } from './auth.js';
import { CHAT_HOST, MAX_BUFFERED_BYTES, MAX_FRAME_BYTES, SOCKET_PATH, type ClientFrame } from './protocol.js';
import type { CncEvent, Viewer } from './types.js';
import { eventFor, snapshotFor } from './visibility.js';
import type { CncWorld } from './world.js';

interface Client {
  ws: WebSocket;
  entryId: string;
  viewer: Viewer;
  /** Events projected for this client and not sent yet (sent by flushEvents, at the end of the loop turn). */
  pending: { seq: number; event: unknown }[];
}

export class Realtime {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly byEntry = new Map<string, Set<Client>>();
  private readonly offs: (() => void)[] = [];
  /** Fault injection (control/faults.ts): may send a frame itself (twice, or later). */
  faults: { frame(ws: WebSocket, text: string): boolean } | null = null;

  constructor(
    private readonly state: SandboxState,
    private readonly world: CncWorld,
  ) {
    this.offs.push(world.on((e) => this.broadcast(e)));
    this.offs.push(state.polls.on((e) => this.pollChanged(e)));
  }

  /** Take over upgrades for the chat host's socket path; anything else is refused. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  get clientCount(): number {
    let n = 0;
    for (const set of this.byEntry.values()) n += set.size;
    return n;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', `https://${host || 'invalid'}`);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!CHAT_HOST.test(host) || url.pathname !== SOCKET_PATH) return refuse(404, 'Not Found');
    const entryId = url.searchParams.get('entryId') ?? '';
    if (!this.world.sessions.has(entryId)) return refuse(404, 'Not Found');
    const viewer = authenticate(this.state, url.searchParams.get('token') ?? url.searchParams.get('ks'), entryId);
    if (!viewer) return refuse(401, 'Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, entryId, viewer));
  }

  private connected(ws: WebSocket, entryId: string, viewer: Viewer): void {
    const client: Client = { ws, entryId, viewer, pending: [] };
    let set = this.byEntry.get(entryId);
    if (!set) this.byEntry.set(entryId, (set = new Set()));
    set.add(client);
    ws.on('close', () => set.delete(client));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => this.onFrame(client, isBinary ? '' : data.toString()));
    this.world.join(entryId, viewer.userId);
    this.send(client, { op: 'hello', snapshot: snapshotFor(this.world.session(entryId), viewer) });
  }

  private onFrame(c: Client, text: string): void {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(text) as ClientFrame;
    } catch {
      this.send(c, { op: 'error', error: 'BAD_FRAME', message: 'frames are JSON text' });
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.op === 'ping') return this.send(c, { op: 'pong' });
    if (frame.op === 'action') {
      const result = applyAction(this.world, c.entryId, c.viewer.userId, c.viewer.moderator, frame.action);
      this.send(c, { op: 'ack', ref: frame.ref ?? null, result });
      return;
    }
    this.send(c, { op: 'error', error: 'BAD_FRAME', message: 'unknown op' });
  }

  private send(c: Client, frame: unknown): void {
    // Events decided before this frame go first: an ack never overtakes the event of its own action.
    if (c.pending.length) this.flushClient(c);
    this.write(c, frame);
  }

  private write(c: Client, frame: unknown): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // Too slow to keep up: drop it rather than buffer without bound; its widget reconnects and resyncs.
      c.ws.close(1013, 'too slow');
      return;
    }
    const text = JSON.stringify(frame);
    if (!this.faults?.frame(c.ws, text)) c.ws.send(text);
  }

  /**
   * Events are sent at the end of the event loop turn that made them (setImmediate), the turn's events
   * for one client in one frame (`{op:'events', events:[{seq, event}…]}`; a lone event keeps its
   * `{op:'event'}` frame). Every WebSocket message costs the page a few tasks whatever it holds, and at
   * 200 messages a second that was a fifth of the widget's main thread. No timer holds an event: a
   * previous attempt held events up to 16 ms, and on a loaded machine its timer fired late and messages
   * showed twice as late. A turn lasts what its work lasts: on a quiet machine one event per frame,
   * behind a stall (the sandbox's own, or many posts arriving at once) all that piled up in one.
   */
  private readonly dirty = new Set<Client>();
  private flushScheduled = false;

  private broadcast(e: CncEvent): void {
    const set = this.byEntry.get(e.entryId);
    if (!set || set.size === 0) return;
    // Projected per subscriber: what one may see (and `mine`/`upvotedByMe`) differs per viewer.
    for (const c of set) {
      const ev = eventFor(e, c.viewer);
      if (!ev) continue;
      c.pending.push({ seq: e.seq, event: ev });
      this.dirty.add(c);
    }
    if (this.dirty.size && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushEvents());
    }
  }

  private flushEvents(): void {
    this.flushScheduled = false;
    const clients = [...this.dirty];
    this.dirty.clear();
    for (const c of clients) this.flushClient(c);
  }

  private flushClient(c: Client): void {
    const events = c.pending;
    if (!events.length) return;
    c.pending = [];
    this.dirty.delete(c);
    this.write(c, events.length === 1 ? { op: 'event', seq: events[0]!.seq, event: events[0]!.event } : { op: 'events', events });
  }

  /**
   * Poll changes from the other engineer's store: only a notice (poll id and kind), never the poll,
   * so poll visibility stays the polls REST's business (the widget re-lists through it). Votes are
   * coalesced per poll (bots vote in bursts).
   */
  private readonly pendingPolls = new Map<string, { contextId: string; type: PollEvent['type'] }>();
  private pollTimer: NodeJS.Timeout | null = null;

  private pollChanged(e: PollEvent): void {
    const prev = this.pendingPolls.get(e.poll._id);
    // A structural change outranks a vote notice.
    this.pendingPolls.set(e.poll._id, { contextId: e.poll.contextId, type: prev && prev.type !== 'vote' ? prev.type : e.type });
    if (!this.pollTimer) {
      this.pollTimer = setTimeout(() => this.flushPolls(), e.type === 'vote' ? 250 : 0);
      this.pollTimer.unref();
    }
  }

  private flushPolls(): void {
    this.pollTimer = null;
    const pending = [...this.pendingPolls];
    this.pendingPolls.clear();
    for (const [pollId, p] of pending) {
      for (const c of this.byEntry.get(p.contextId) ?? []) this.send(c, { op: 'polls', pollId, type: p.type });
    }
  }

  close(): void {
    for (const off of this.offs) off();
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const set of this.byEntry.values()) for (const c of set) c.ws.terminate();
    this.dirty.clear();
    this.byEntry.clear();
    this.wss.close();
  }
}
