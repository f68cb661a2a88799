// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(() => sb.close());

const EVENTS = '1234567.events.kaltura.com';
const BUNDLE_PATH = '/p/1234567/embedPlaykitJs/uiconf_id/47306393';

function pageConfig(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="sandbox-page-config">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m![1]!) as Record<string, unknown>;
}

describe('ready info', () => {
  it('matches the interface others rely on', () => {
    expect(sb.info).toMatchObject({ ready: true, port: sb.port, partnerId: 1234567, appToken: { id: expect.any(String), token: expect.any(String) } });
    expect(sb.info.sessions.map((s) => [s.entryId, s.mode])).toEqual([
      ['1_sessiona1', 'cnc'],
      ['1_sessionb2', 'cnc'],
      ['1_webcast3', 'webcast'],
    ]);
    expect(sb.info.sessions[0]!.url).toBe('https://1234567.events.kaltura.com/media/t/1_sessiona1');
    expect(sb.info.urls).toEqual({
      plain: 'https://news.example.org/',
      customDomain: 'https://events.acme.test/media/t/1_sessiona1',
      moderator: 'https://1234567.events.kaltura.com/chatandcollaboration/index/moderator?entryId=1_sessiona1',
    });
  });

  it('is deterministic per seed', async () => {
    const other = await startSandbox({ port: 0, seed: 1 });
    try {
      expect(other.info.adminSecret).toBe(sb.info.adminSecret);
      expect(other.info.appToken).toEqual(sb.info.appToken);
    } finally {
      await other.close();
    }
  });
});

describe('events site', () => {
  it('session page loads the bundle then the app, with a user KS for the event', async () => {
    const r = await fetchHost(sb.port, EVENTS, '/media/t/1_sessiona1');
    expect(r.status).toBe(200);
    const bundleAt = r.body.indexOf(`<script src="https://cdnapisec.kaltura.com${BUNDLE_PATH}"></script>`);
    const appAt = r.body.indexOf('<script src="/assets/app.js"></script>');
    expect(bundleAt).toBeGreaterThan(0);
    expect(appAt).toBeGreaterThan(bundleAt);
    const cfg = pageConfig(r.body);
    const info = sb.state.crack(cfg.ks as string);
    expect(info).toMatchObject({ partnerId: 1234567, type: 0, userId: 'attendee-1' });
    expect(info!.privileges).toContain('virtualeventid:7654321');
    expect(r.body).toContain('id="nav-1_sessionb2"');
    expect(r.body).toContain('data-spa-link');
  });

  it('test switches: as=moderator, ks=admin|malformed|otherpartner|none, modules, late', async () => {
    const cfg = async (q: string) => pageConfig((await fetchHost(sb.port, EVENTS, `/media/t/1_sessiona1?${q}`)).body);
    expect(sb.state.crack((await cfg('as=moderator')).ks as string)).toMatchObject({ type: 0, userId: 'moderator-1' });
    expect(sb.state.crack((await cfg('ks=admin')).ks as string)).toMatchObject({ type: 2 });
    expect((await cfg('ks=malformed')).ks).toBe('djJ8garbage!!');
    expect(sb.state.crack((await cfg('ks=otherpartner')).ks as string)).toMatchObject({ partnerId: 999999 });
    expect((await cfg('ks=none')).ks).toBeNull();
    expect((await cfg('modules=chat,qna')).modules).toEqual(['chat', 'qna']);
    expect((await cfg('late=1500')).lateMs).toBe(1500);
  });

  it('sign-in cookie sets the page user', async () => {
    const login = await fetchHost(sb.port, EVENTS, '/login?user=alice&role=moderator');
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await fetchHost(sb.port, EVENTS, '/media/t/1_sessiona1', { headers: { Cookie: cookie } });
    expect(sb.state.crack(pageConfig(page.body).ks as string)).toMatchObject({ userId: 'alice' });
  });

  it('serves the custom domain, other {pid}-{n} hosts, and 404s unknown partners and pages', async () => {
    expect((await fetchHost(sb.port, 'events.acme.test', '/media/t/1_sessiona1')).status).toBe(200);
    expect((await fetchHost(sb.port, '1234567-5.events.kaltura.com:443', '/')).status).toBe(200);
    expect((await fetchHost(sb.port, '42.events.kaltura.com', '/')).status).toBe(404);
    expect((await fetchHost(sb.port, EVENTS, '/media/t/1_nope')).status).toBe(404);
    expect((await fetchHost(sb.port, EVENTS, '/chatandcollaboration/index/moderator?entryId=1_sessiona1')).status).toBe(200);
    expect((await fetchHost(sb.port, 'news.example.org', '/')).body).toContain('<title>Example News</title>');
    const other = await fetchHost(sb.port, 'example.com', '/');
    expect(other.status).toBe(404);
    expect(other.body).toMatch(/no sandbox host/);
  });

  it('chat host answers the widget connect with CORS', async () => {
    const r = await fetchHost(sb.port, 'chat.nvp1.ovp.kaltura.com', '/api_v3/service/cnc/action/connect', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(r.body)).toEqual({ ok: true });
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('bundle', () => {
  it('is JS with CORS and defines KalturaPlayer and KalturaEventsPlatform that render kep-* markup', async () => {
    const r = await fetchHost(sb.port, 'cdnapisec.kaltura.com', BUNDLE_PATH);
    expect(r.headers['content-type']).toMatch(/^application\/javascript/);
    expect(r.headers['access-control-allow-origin']).toBe('*');

    const window = new Window({ url: 'https://1234567.events.kaltura.com/media/t/1_sessiona1' });
    const document = window.document;
    document.body.innerHTML = '<div id="player"></div><div id="side"></div><div id="cnc"></div>';
    (window as unknown as { fetch: unknown }).fetch = () => Promise.resolve(new Response('{}'));
    window.eval(r.body);
    const w = window as unknown as Record<string, any>;
    const player = w.KalturaPlayer.setup({ targetId: 'player', provider: { partnerId: 1234567, ks: 'djJ8x' } });
    player.loadMedia({ entryId: '1_sessiona1' });
    expect(w.KalturaPlayer.getPlayers().player.config).toMatchObject({ provider: { partnerId: 1234567, ks: 'djJ8x' }, sources: { id: '1_sessiona1' }, targetId: 'player' });

    const payload = Buffer.from(JSON.stringify({ contextId: '1_sessiona1', groups: [] })).toString('base64url');
    const widget = w.KalturaEventsPlatform.collaboration.widgets.embedded.new();
    widget.renderCncContainer(document.getElementById('cnc'), { server: { jwtToken: `h.${payload}.s`, serviceUrl: 'https://chat.nvp1.ovp.kaltura.com/api_v3' }, modules: ['chat', 'qna', 'reactions'] });
    widget.renderCnc();
    widget.renderSidebarButtons(document.getElementById('side'));
    widget.renderReactions(document.getElementById('side'));
    const root = document.getElementById('kep-widget-1')!;
    expect(root.getAttribute('data-kep-entry-id')).toBe('1_sessiona1');
    expect([...document.querySelectorAll('.kep-sidebar-button')].map((b) => b.getAttribute('data-kep-module'))).toEqual(['chat', 'qna']);
    for (const sel of ['.kep-actions-menu', '.kep-menu-item', '.kep-switch-button', '.kep-close-widget-button', '.kep-module-chat', '.kep-module-qna']) {
      expect(root.querySelector(sel), sel).not.toBeNull();
    }
    expect(document.querySelector('.kep-reactions')).not.toBeNull();
    widget.destroy();
    player.destroy();
    expect(document.querySelector('.kep-widget, .kep-sidebar-buttons')).toBeNull();
    expect(Object.keys(w.KalturaPlayer.getPlayers())).toEqual([]);
    await window.happyDOM.close();
  });
});
