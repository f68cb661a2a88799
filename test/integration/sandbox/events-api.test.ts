// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
let admin: string;
const PID = 1234567;
const HOST = 'events-api.nvp1.ovp.kaltura.com';
async function post(path: string, ks: string | null, body: unknown) {
  const r = await fetchHost(sb.port, HOST, `/api/v1/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(ks ? { Authorization: `Bearer ${ks}` } : {}) },
  });
  return { status: r.status, body: JSON.parse(r.body) };
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'admin', privileges: '' });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('Events Platform API', () => {
  it('events/list returns the demo event with publicDomain', async () => {
    const r = await post('events/list', admin, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', totalCount: 1 });
    expect(r.body.events[0]).toMatchObject({ id: 7654321, publicDomain: 'https://1234567.events.kaltura.com', timezone: 'UTC' });
  });

  it('sessions/list lists the sessions of the event; unknown event is 404', async () => {
    const r = await post('sessions/list', admin, { eventId: 7654321 });
    expect(r.body.sessions.map((s: any) => s.id)).toEqual(expect.arrayContaining(['1_sessiona1', '1_webcast3']));
    expect(r.body.sessions[0]).toHaveProperty('type');
    expect((await post('sessions/list', admin, { eventId: 1 })).status).toBe(404);
    expect((await post('sessions/list', admin, {})).status).toBe(400);
  });

  it('session-participants/list returns moderatorIds, including runtime moderators', async () => {
    sb.state.addModerator('1_sessionb2', 'mod-b');
    const r = await post('session-participants/list', admin, { eventId: 7654321, sessionId: '1_sessionb2' });
    expect(r.body).toMatchObject({ status: 'ok' });
    expect(r.body.moderatorIds).toEqual(expect.arrayContaining(['moderator-1', 'mod-b']));
  });

  it('401 without a KS, 403 with a USER KS or another partner', async () => {
    expect((await post('events/list', null, {})).status).toBe(401);
    expect((await post('events/list', sb.state.pageUserKs('u'), {})).status).toBe(403);
    const other = sb.state.issueKs({ partnerId: 999999, type: 2, userId: 'x', privileges: '' });
    expect((await post('events/list', other, {})).status).toBe(403);
  });
});
