// @vitest-environment node
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { api, fetchHost, form } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(() => sb.close());

const PID = 1234567;
const start = (extra: Record<string, string | number> = {}) =>
  api(sb.port, '/api_v3/service/session/action/start', form({ format: 1, secret: sb.info.adminSecret, partnerId: PID, userId: 'u1', type: 2, ...extra }), 'application/x-www-form-urlencoded');

describe('API v3 session', () => {
  it('session.start → session.get round trip', async () => {
    const ks = (await start({ privileges: 'virtualeventid:7654321' })) as string;
    expect(ks).toMatch(/^djJ8/);
    const info = await api(sb.port, '/api_v3/service/session/action/get', JSON.stringify({ format: 1, ks }), 'application/json');
    expect(info).toMatchObject({ objectType: 'KalturaSessionInfo', ks, sessionType: 2, partnerId: PID, userId: 'u1', privileges: 'virtualeventid:7654321' });
  });

  it('wrong secret is START_SESSION_ERROR', async () => {
    expect(await start({ secret: 'nope' })).toMatchObject({ objectType: 'KalturaAPIException', code: 'START_SESSION_ERROR' });
  });

  it('expired KS is INVALID_KS with ERR_DESC EXPIRED', async () => {
    const ks = (await start({ expiry: 60 })) as string;
    const realNow = sb.state.now;
    sb.state.now = () => realNow() + 3600;
    try {
      const r = await api(sb.port, '/api_v3/service/session/action/get', form({ format: 1, ks }), 'application/x-www-form-urlencoded');
      expect(r).toMatchObject({ objectType: 'KalturaAPIException', code: 'INVALID_KS', args: { KSID: ks, ERR_CODE: '-5', ERR_DESC: 'EXPIRED' } });
    } finally {
      sb.state.now = realNow;
    }
  });

  it('malformed KS is INVALID_KS, missing KS is SERVICE_FORBIDDEN, unknown service SERVICE_DOES_NOT_EXISTS', async () => {
    const bad = await api(sb.port, '/api_v3/service/session/action/get', form({ format: 1, ks: 'djJ8garbage!!' }), 'application/x-www-form-urlencoded');
    expect(bad).toMatchObject({ code: 'INVALID_KS', args: { ERR_DESC: 'INVALID_STR' } });
    const none = await api(sb.port, '/api_v3/service/session/action/get', form({ format: 1 }), 'application/x-www-form-urlencoded');
    expect(none).toMatchObject({ code: 'SERVICE_FORBIDDEN' });
    const svc = await api(sb.port, '/api_v3/service/nosuch/action/list', form({ format: 1 }), 'application/x-www-form-urlencoded');
    expect(svc).toMatchObject({ code: 'SERVICE_DOES_NOT_EXISTS' });
  });

  it('refuses a KS used for another partner', async () => {
    const ks = (await start()) as string;
    const r = await api(sb.port, '/api_v3/service/session/action/get', form({ format: 1, ks, partnerId: 999999 }), 'application/x-www-form-urlencoded');
    expect(r).toMatchObject({ code: 'PARTNER_ACCESS_FORBIDDEN' });
  });

  it('ignores a JSON body sent as application/json; charset=utf-8', async () => {
    const body = JSON.stringify({ format: 1, secret: sb.info.adminSecret, partnerId: PID });
    const r = await fetchHost(sb.port, 'www.kaltura.com', '/api_v3/service/session/action/start', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    // No params reached the API: no format=1 → XML, and the secret is missing.
    expect(r.body).toContain('<code>MISSING_MANDATORY_PARAMETER</code>');
    expect(r.headers['content-type']).toMatch(/xml/);
    const ok = await api(sb.port, '/api_v3/service/session/action/start', body, 'application/json');
    expect(ok).toMatch(/^djJ8/);
  });

  it('query params beat the body', async () => {
    const r = await api(sb.port, '/api_v3/service/session/action/start?format=1&userId=fromquery', form({ secret: sb.info.adminSecret, partnerId: PID, userId: 'frombody' }), 'application/x-www-form-urlencoded');
    const info = await api(sb.port, '/api_v3/service/session/action/get', form({ format: 1, ks: r as string }), 'application/x-www-form-urlencoded');
    expect(info).toMatchObject({ userId: 'fromquery' });
  });

  it('appToken flow: widget session → appToken.startSession with sha256(ks + token)', async () => {
    const w = (await api(sb.port, '/api_v3/service/session/action/startWidgetSession', form({ format: 1, widgetId: `_${PID}` }), 'application/x-www-form-urlencoded')) as { ks: string };
    expect(w).toMatchObject({ objectType: 'KalturaStartWidgetSessionResponse', partnerId: PID });
    const tokenHash = createHash('sha256').update(w.ks + sb.info.appToken.token).digest('hex');
    const s = await api(sb.port, '/api_v3/service/appToken/action/startSession', form({ format: 1, ks: w.ks, id: sb.info.appToken.id, tokenHash, userId: 'bot' }), 'application/x-www-form-urlencoded');
    expect(s).toMatchObject({ objectType: 'KalturaSessionInfo', partnerId: PID, userId: 'bot' });
    const bad = await api(sb.port, '/api_v3/service/appToken/action/startSession', form({ format: 1, ks: w.ks, id: sb.info.appToken.id, tokenHash: 'x' }), 'application/x-www-form-urlencoded');
    expect(bad).toMatchObject({ code: 'INVALID_APP_TOKEN_HASH' });
  });
});

describe('API v3 multirequest', () => {
  it('form parts with {N:result} references and errors in their slot', async () => {
    const r = (await api(
      sb.port,
      '/api_v3/service/multirequest',
      form({
        format: 1,
        '1:service': 'session',
        '1:action': 'start',
        '1:secret': sb.info.adminSecret,
        '1:partnerId': PID,
        '1:userId': 'm1',
        '2:service': 'session',
        '2:action': 'get',
        '2:ks': '{1:result}',
        '3:service': 'session',
        '3:action': 'get',
        '3:ks': 'djJ8garbage!!',
        '4:service': 'session',
        '4:action': 'get',
        '4:ks': '{1:result}',
        '4:session': '{2:result:ks}',
      }),
      'application/x-www-form-urlencoded',
    )) as unknown[];
    expect(r).toHaveLength(4);
    expect(r[0]).toMatch(/^djJ8/);
    expect(r[1]).toMatchObject({ objectType: 'KalturaSessionInfo', userId: 'm1', ks: r[0] });
    expect(r[2]).toMatchObject({ objectType: 'KalturaAPIException', code: 'INVALID_KS' });
    expect(r[3]).toMatchObject({ userId: 'm1' });
  });

  it('nested JSON parts (0-based, as kaltura-client sends them) with a common ks', async () => {
    const ks = (await start({ userId: 'j1' })) as string;
    const body = JSON.stringify({ format: 1, ks, 0: { service: 'session', action: 'get' }, 1: { service: 'nosuch', action: 'x' } });
    const r = (await api(sb.port, '/api_v3/service/multirequest', body, 'application/json')) as unknown[];
    expect(r[0]).toMatchObject({ userId: 'j1' });
    expect(r[1]).toMatchObject({ code: 'SERVICE_DOES_NOT_EXISTS' });
  });
});

describe('API v3 HTTP', () => {
  it('answers a CORS preflight with 200 and allows content-type', async () => {
    const r = await fetchHost(sb.port, 'www.kaltura.com', '/api_v3/service/session/action/get', {
      method: 'OPTIONS',
      headers: { Origin: 'https://1234567.events.kaltura.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(String(r.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
  });

  it('errors are HTTP 200 and CORS-enabled; XML without format=1', async () => {
    const r = await fetchHost(sb.port, 'www.kaltura.com', '/api_v3/service/session/action/get');
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.body).toMatch(/^<\?xml/);
    expect(r.body).toContain('SERVICE_FORBIDDEN');
  });

  it('survives malformed input', async () => {
    for (const [ct, body] of [
      ['application/json', '{"1":'],
      ['application/x-www-form-urlencoded', '%%%&&&=[[[]]]:::'],
      ['application/json', '[1,2,3]'],
      ['application/json', '{"service":{"x":1},"action":[1],"format":1}'],
    ] as const) {
      const r = await fetchHost(sb.port, 'www.kaltura.com', '/api_v3/service/multirequest/action/%E0%A4%A', { method: 'POST', body, headers: { 'Content-Type': ct } });
      expect(r.status).toBe(200);
    }
    const after = await start();
    expect(after).toMatch(/^djJ8/);
  });
});
