/**
 * The CnC sandbox: one HTTPS server on 127.0.0.1 standing in for Kaltura's hosts (see hosts.ts).
 * ARCHITECTURE.md "Sandbox".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PARTNER_ID, SESSIONS } from './demo-data.js';
import { Audience } from './audience/audience.js';
import { handleCncHttp, isCncRequest } from './cnc/chat-host.js';
import { Realtime } from './cnc/realtime.js';
import { worldOf, type CncWorld } from './cnc/world.js';
import { SandboxControl } from './control/control.js';
import { CONTROL_BASE, CONTROL_HOST, handleControl } from './control/http.js';
import { SandboxFaults } from './control/faults.js';
import { makeRouter } from './hosts.js';
import { hostOf, sendText } from './http-util.js';
import { CUSTOM_DOMAIN } from './site/events-site.js';
import type { SandboxWidget } from './site/assets.js';
import { SandboxState } from './state.js';
import { loadOrCreateTls } from './tls.js';

export interface ReadyInfo {
  ready: true;
  port: number;
  partnerId: number;
  adminSecret: string;
  appToken: { id: string; token: string };
  sessions: { entryId: string; mode: 'cnc' | 'webcast'; url: string }[];
  urls: { plain: string; customDomain: string; moderator: string };
  /** The control API for tests (sandbox/control/http.ts). */
  control: string;
}

export interface Sandbox {
  port: number;
  info: ReadyInfo;
  close(): Promise<void>;
  /** In-process access for tests and later features (simulated audience, clock). */
  state: SandboxState;
  /** Chat, Q&A, announcements, reactions per session (sandbox/cnc). */
  world: CncWorld;
  /** The control API in-process: the same operations as https://control.sandbox.test/control. */
  control: SandboxControl;
  /** Fault injection and hostile pages (control/faults.ts); off until a test turns a fault on. */
  faults: SandboxFaults;
}

export interface SandboxStartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  attendees?: number;
  rate?: number;
  /** Which moderator widget the bundle renders (default kep-2026; kep-variant: sandbox/site/variant-markup.ts). */
  widget?: SandboxWidget;
}

const eventsSite = `https://${PARTNER_ID}.events.kaltura.com`;

function readyInfo(state: SandboxState, port: number): ReadyInfo {
  const partner = state.partner(PARTNER_ID);
  const token = partner.appTokens[0]!;
  const first = SESSIONS[0]!.entryId;
  return {
    ready: true,
    port,
    partnerId: PARTNER_ID,
    adminSecret: partner.adminSecret,
    appToken: { id: token.id, token: token.token },
    sessions: SESSIONS.filter((s) => s.listed && s.mode !== 'none').map((s) => ({
      entryId: s.entryId,
      mode: s.mode as 'cnc' | 'webcast',
      url: `${eventsSite}/media/t/${s.entryId}`,
    })),
    urls: {
      plain: 'https://news.example.org/',
      customDomain: `https://${CUSTOM_DOMAIN}/media/t/${first}`,
      moderator: `${eventsSite}/chatandcollaboration/index/moderator?entryId=${first}`,
    },
    control: CONTROL_BASE,
  };
}

export async function startSandbox(opts: SandboxStartOptions = {}): Promise<Sandbox> {
  const state = new SandboxState({ seed: opts.seed ?? 1, attendees: opts.attendees ?? 0, rate: opts.rate ?? 0 });
  const tls = await loadOrCreateTls();
  const route = makeRouter(state, opts.widget);
  const world = worldOf(state);
  let port = 0;
  const audience = new Audience(state, world, () => port);
  const control = new SandboxControl(state, world, audience);
  // Our hosts and paths first (control API, CnC actions on the chat host); everything else to hosts.ts.
  const faults = new SandboxFaults();
  faults.watchKs(state);
  faults.watchAnnouncements(world);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (await faults.intercept(req, res)) return;
    const host = hostOf(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (host === CONTROL_HOST && (path === '/control' || path.startsWith('/control/'))) return handleControl(req, res, control);
    if (isCncRequest(host, path)) return handleCncHttp(req, res, state, world, path);
    return route(req, res);
  };
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    // Never crash on malformed input: any handler error becomes a 500 with a text body.
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`[sandbox] handler error: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (!res.headersSent) sendText(res, 500, 'CnC sandbox: internal error\n');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('tlsClientError', () => {});
  // 1,000 bots over a keep-alive pool plus browsers: keep idle sockets a while, never time out a socket.
  server.keepAliveTimeout = 30_000;
  const realtime = new Realtime(state, world);
  realtime.attach(server);
  realtime.faults = faults;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  faults.attach(server, port);
  if ((opts.attendees ?? 0) > 0 && (opts.rate ?? 0) > 0) {
    audience.start({ attendees: opts.attendees!, rate: opts.rate!, seed: opts.seed ?? 1 });
  }
  return {
    port,
    info: readyInfo(state, port),
    state,
    world,
    control,
    faults,
    close: async () => {
      faults.close();
      await audience.close();
      realtime.close();
      state.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
