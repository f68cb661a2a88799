/**
 * The Kaltura Events site: `{pid}.events.kaltura.com`, `{pid}-{n}.events.kaltura.com` (KALTURA.md §1)
 * and the white-label `events.acme.test`. Lobby, session pages `/media/t/{entryId}`, the CnC
 * moderator app `/chatandcollaboration/index/moderator`, and a test sign-in `/login`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_ATTENDEE, DEFAULT_MODERATOR, findSession, OTHER_PARTNER_ID, PARTNER_ID, REGION, SESSIONS, VIRTUAL_EVENT_ID } from '../demo-data.js';
import { moderatorGroup, signCncJwt } from '../kaltura/cnc-jwt.js';
import { KS_TYPE_ADMIN } from '../kaltura/ks.js';
import { parseCookies, send, sendHtml } from '../http-util.js';
import type { SandboxState } from '../state.js';
import { appScript } from './assets.js';
import { eventNotFoundPage, lobbyPage, moderatorPage, sessionPage, type PageConfig } from './pages.js';
import { CNC_MODULES } from './widget-markup.js';

export const CUSTOM_DOMAIN = 'events.acme.test';

/** Partner id of an Events host, or null when the host is not an Events site. */
export function eventsPartnerOf(host: string): number | 'unknown' | null {
  if (host === CUSTOM_DOMAIN) return PARTNER_ID;
  const m = /^([a-z0-9-]+)\.events\.kaltura\.com$/.exec(host);
  if (!m) return null;
  const id = /^(\d+)(?:-\d+)?$/.exec(m[1]!);
  return id && Number(id[1]) === PARTNER_ID ? PARTNER_ID : 'unknown';
}

interface Viewer {
  userId: string;
  moderator: boolean;
}

const COOKIE = 'sandbox_user';

function viewer(req: IncomingMessage, url: URL): Viewer {
  if (url.searchParams.get('as') === 'moderator') return { userId: DEFAULT_MODERATOR, moderator: true };
  const raw = parseCookies(req.headers.cookie)[COOKIE];
  if (raw) {
    const [role, ...rest] = raw.split(':');
    const userId = rest.join(':');
    if (userId) return { userId, moderator: role === 'moderator' };
  }
  return { userId: DEFAULT_ATTENDEE, moderator: false };
}

/** The page KS per the `?ks=` test switch; default a USER KS for the viewer. */
function pageKs(state: SandboxState, v: Viewer, mode: string | null): string | null {
  switch (mode) {
    case 'none':
      return null;
    case 'malformed':
      return 'djJ8garbage!!';
    case 'admin':
      return state.issueKs({ partnerId: PARTNER_ID, type: KS_TYPE_ADMIN, userId: v.userId, privileges: `disableentitlement,virtualeventid:${VIRTUAL_EVENT_ID}` });
    case 'otherpartner':
      return state.pageUserKs(v.userId, OTHER_PARTNER_ID);
    default:
      return state.pageUserKs(v.userId);
  }
}

function modulesFrom(url: URL): string[] {
  const raw = url.searchParams.get('modules');
  if (raw === null) return [...CNC_MODULES];
  const known = new Set<string>(CNC_MODULES);
  return raw.split(',').map((m) => m.trim()).filter((m) => known.has(m));
}

function pageConfig(state: SandboxState, url: URL, v: Viewer, entryId: string, view: PageConfig['view']): PageConfig {
  const secret = state.partner().adminSecret;
  const exp = state.now() + 86400;
  const sessions: PageConfig['sessions'] = {};
  for (const s of SESSIONS) {
    const groups = v.moderator || view === 'moderator' ? [moderatorGroup(s.entryId)] : [];
    const jwtToken = signCncJwt(secret, { partnerId: PARTNER_ID, uid: v.userId, contextId: s.entryId, groups, virtualEventId: VIRTUAL_EVENT_ID, exp });
    sessions[s.entryId] = { title: s.title, mode: s.mode, jwtToken };
  }
  const late = Number(url.searchParams.get('late') ?? 0);
  return {
    view,
    partnerId: PARTNER_ID,
    entryId,
    ks: pageKs(state, v, url.searchParams.get('ks')),
    sessions,
    // KALTURA.md §1: cncConfig hosts per region (nvp1 = US).
    serviceUrl: `https://chat.${REGION}.ovp.kaltura.com/api_v3`,
    reactionsUrl: `https://reactions.${REGION}.ovp.kaltura.com`,
    moderatorUrl: 'https://cdnapisec.kaltura.com/apps/kep-moderator/latest/embed.php',
    modules: modulesFrom(url),
    lateMs: Number.isFinite(late) && late > 0 ? Math.min(late, 600_000) : 0,
    throwErrors: url.searchParams.get('throw') === '1',
  };
}

export function handleEventsSite(req: IncomingMessage, res: ServerResponse, state: SandboxState, host: string): void {
  const partner = eventsPartnerOf(host);
  if (partner !== PARTNER_ID) {
    sendHtml(res, eventNotFoundPage(`No event site at ${host}`), 404);
    return;
  }
  const url = new URL(req.url ?? '/', `https://${host}`);
  const path = url.pathname;
  const v = viewer(req, url);

  if (path === '/' || path === '/lobby') {
    sendHtml(res, lobbyPage(v.userId));
    return;
  }
  if (path === '/assets/app.js') {
    send(res, 200, 'application/javascript; charset=utf-8', appScript());
    return;
  }
  if (path === '/login') {
    const user = (url.searchParams.get('user') ?? '').trim();
    const role = url.searchParams.get('role') === 'moderator' ? 'moderator' : 'attendee';
    if (!/^[\w.@+-]{1,64}$/.test(user)) {
      sendHtml(res, eventNotFoundPage('login needs ?user=ID (letters, digits, . _ @ + -)'), 400);
      return;
    }
    send(res, 302, 'text/plain', `Signed in as ${user}`, {
      Location: '/',
      'Set-Cookie': `${COOKIE}=${encodeURIComponent(`${role}:${user}`)}; Path=/; Secure; SameSite=Lax`,
    });
    return;
  }
  const media = /^\/media\/t\/([^/]+)\/?$/.exec(path);
  if (media) {
    const entryId = decodeURIComponentSafe(media[1]!);
    if (!findSession(entryId)) {
      sendHtml(res, eventNotFoundPage(`No session ${entryId}`), 404);
      return;
    }
    sendHtml(res, sessionPage(pageConfig(state, url, v, entryId, 'session'), v.userId));
    return;
  }
  // KALTURA.md §1: the CnC moderator app lives at {site}/chatandcollaboration/index/moderator.
  if (path === '/chatandcollaboration/index/moderator') {
    const entryId = url.searchParams.get('entryId') ?? '';
    if (!findSession(entryId)) {
      sendHtml(res, eventNotFoundPage(`No session ${entryId} for the moderator app`), 404);
      return;
    }
    const mod: Viewer = v.moderator ? v : { userId: DEFAULT_MODERATOR, moderator: true };
    sendHtml(res, moderatorPage(pageConfig(state, url, mod, entryId, 'moderator'), mod.userId));
    return;
  }
  sendHtml(res, eventNotFoundPage(`Nothing at ${path}`), 404);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
