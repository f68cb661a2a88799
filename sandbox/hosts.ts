/**
 * Routing by Host header (port ignored) to the stand-in for each Kaltura host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApi, API_CORS_HEADERS } from './kaltura/api.js';
import { handlePolls } from './polls/rest.js';
import { handleEventsApi } from './events-api/rest.js';
import { hostOf, notFound, send, sendHtml, sendJson } from './http-util.js';
import { bundleScript, type SandboxWidget } from './site/assets.js';
import { eventsPartnerOf, handleEventsSite } from './site/events-site.js';
import { newsPage } from './site/pages.js';
import type { SandboxState } from './state.js';

const CDN_CORS = { 'Access-Control-Allow-Origin': '*' };

/** cdnapisec.kaltura.com: the bundle (KALTURA.md §1) and, like the real host, api_v3. */
function handleCdn(req: IncomingMessage, res: ServerResponse, state: SandboxState, bundle: string): Promise<void> | void {
  const path = new URL(req.url ?? '/', 'https://cdnapisec.kaltura.com').pathname;
  if (/^\/api_v3(\/|$)/i.test(path)) return handleApi(req, res, state);
  if (/^\/p\/\d+\/embedPlaykitJs\/uiconf_id\/\d+\/?$/.test(path)) {
    send(res, 200, 'application/javascript; charset=utf-8', bundle, { ...CDN_CORS, 'Cache-Control': 'no-cache' });
    return;
  }
  if (path === '/apps/kep-moderator/latest/embed.php') {
    sendHtml(res, '<!doctype html><title>kep-moderator</title><p>CnC sandbox: moderator embed placeholder</p>');
    return;
  }
  notFound(res, `cdnapisec.kaltura.com${path}`);
}

/**
 * chat.{region}.ovp.kaltura.com: MODELED connect endpoint the widget calls so the region shows in
 * resource timing, and the CnC polls REST (KALTURA.md §4, sandbox/polls/rest.ts).
 */
function handleChat(req: IncomingMessage, res: ServerResponse, host: string, state: SandboxState): Promise<void> | void {
  const path = new URL(req.url ?? '/', `https://${host}`).pathname;
  if (path.startsWith('/polls/')) return handlePolls(req, res, state, path);
  if (req.method === 'OPTIONS') {
    send(res, 200, 'text/plain', '', API_CORS_HEADERS);
    return;
  }
  if (path === '/api_v3/service/cnc/action/connect') {
    req.resume();
    sendJson(res, { ok: true }, 200, API_CORS_HEADERS);
    return;
  }
  notFound(res, `${host}${path}`);
}

export function makeRouter(state: SandboxState, widget?: SandboxWidget): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const bundle = bundleScript(widget);
  return async (req, res) => {
    const host = hostOf(req);
    if (host === 'www.kaltura.com') {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (/^\/api_v3(\/|$)/i.test(path)) return handleApi(req, res, state);
      return notFound(res, `www.kaltura.com${path}`);
    }
    if (host === 'cdnapisec.kaltura.com') return handleCdn(req, res, state, bundle);
    if (/^chat\.[a-z0-9]+\.ovp\.kaltura\.com$/.test(host)) return handleChat(req, res, host, state);
    if (/^reactions\.[a-z0-9]+\.ovp\.kaltura\.com$/.test(host)) {
      // MODELED: the reactions endpoint accepts anything and stays quiet.
      if (req.method === 'OPTIONS') return send(res, 200, 'text/plain', '', API_CORS_HEADERS);
      req.resume();
      return sendJson(res, { ok: true }, 200, API_CORS_HEADERS);
    }
    if (/^events-api\.[a-z0-9]+\.ovp\.kaltura\.com$/.test(host)) return handleEventsApi(req, res, state, host);
    if (host === 'news.example.org') {
      if ((req.url ?? '/').split('?')[0] === '/') return sendHtml(res, newsPage());
      return notFound(res, `news.example.org${req.url ?? ''}`);
    }
    if (eventsPartnerOf(host) !== null) return handleEventsSite(req, res, state, host);
    notFound(res, `no sandbox host "${host || '(none)'}"`);
  };
}
