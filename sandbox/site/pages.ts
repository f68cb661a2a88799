/** HTML of the Events site pages (lobby, session, moderator app) and the plain news page. */
import { escapeHtml } from '../http-util.js';
import { SESSIONS, UICONF_ID } from '../demo-data.js';

/** KALTURA.md §1: the player v7 / CnC bundle URL. */
export function bundleUrl(partnerId: number): string {
  return `https://cdnapisec.kaltura.com/p/${partnerId}/embedPlaykitJs/uiconf_id/${UICONF_ID}`;
}

/** Page data for assets/app.js. `<` is escaped so no value can close the script element. */
export interface PageConfig {
  view: 'session' | 'moderator';
  partnerId: number;
  entryId: string;
  ks: string | null;
  sessions: Record<string, { title: string; mode: string; jwtToken: string }>;
  serviceUrl: string;
  reactionsUrl: string;
  moderatorUrl: string;
  modules: string[];
  lateMs: number;
  throwErrors: boolean;
}

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px system-ui,sans-serif;margin:0;color:#222}
header{background:#1b1f3b;color:#fff;padding:10px 16px}
header a{color:#cfd8ff;margin-right:12px}
main{display:grid;grid-template-columns:1fr 360px;gap:16px;padding:16px}
nav a.active{font-weight:bold}
#cnc{border:1px solid #ccd;min-height:300px}
</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

function header(userId: string): string {
  return `<header><a href="/">Lobby</a><span class="who">Signed in as <b id="current-user">${escapeHtml(userId)}</b></span></header>`;
}

export function lobbyPage(userId: string): string {
  const items = SESSIONS.map((s) => `<li><a href="/media/t/${s.entryId}" id="lobby-${s.entryId}">${escapeHtml(s.title)}</a></li>`).join('\n');
  return layout('Lobby - Kaltura Events', `${header(userId)}<main><section><h1>Sandbox Virtual Event</h1><ul id="sessions">\n${items}\n</ul></section></main>`);
}

function configScript(cfg: PageConfig): string {
  const json = JSON.stringify(cfg).replace(/</g, '\\u003c');
  return `<script type="application/json" id="sandbox-page-config">${json}</script>`;
}

export function sessionPage(cfg: PageConfig, userId: string): string {
  const title = cfg.sessions[cfg.entryId]?.title ?? cfg.entryId;
  const nav = SESSIONS.map(
    (s) => `<a href="/media/t/${s.entryId}" data-spa-link id="nav-${s.entryId}"${s.entryId === cfg.entryId ? ' class="active"' : ''}>${escapeHtml(s.title)}</a>`,
  ).join(' | ');
  const body = `${header(userId)}
<nav id="session-nav">${nav}</nav>
<main>
  <section>
    <h1 id="session-title">${escapeHtml(title)}</h1>
    <div id="player"></div>
    <div id="cnc-reactions"></div>
  </section>
  <aside>
    <div id="cnc-sidebar"></div>
    <div id="cnc"></div>
  </aside>
</main>
${configScript(cfg)}
<script src="${bundleUrl(cfg.partnerId)}"></script>
<script src="/assets/app.js"></script>`;
  return layout(`${title} - Kaltura Events`, body);
}

export function moderatorPage(cfg: PageConfig, userId: string): string {
  const title = cfg.sessions[cfg.entryId]?.title ?? cfg.entryId;
  const body = `${header(userId)}
<main>
  <section>
    <h1>Moderator: <span id="session-title">${escapeHtml(title)}</span></h1>
    <div id="cnc-sidebar"></div>
    <div id="cnc"></div>
    <div id="cnc-reactions"></div>
  </section>
</main>
${configScript(cfg)}
<script src="${bundleUrl(cfg.partnerId)}"></script>
<script src="/assets/app.js"></script>`;
  return layout(`Moderator - ${title} - Kaltura Events`, body);
}

export function eventNotFoundPage(what: string): string {
  return layout('Not found - Kaltura Events', `<main><section><h1>404</h1><p>${escapeHtml(what)}</p></section></main>`);
}

export function newsPage(): string {
  return layout(
    'Example News',
    `<main><article><h1>Example News</h1><p>A plain page with no Kaltura player or CnC widget, for negative tests.</p></article></main>`,
  );
}
