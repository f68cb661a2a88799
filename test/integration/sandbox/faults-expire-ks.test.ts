// @vitest-environment node
// The sandbox's "admin KS expiring mid-session" fault (sandbox/control/faults.ts): through the control host,
// every admin KS seen so far stops working on every host as an expired one does; a USER KS and an admin KS
// issued afterwards keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
const PID = 1234567;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

async function sessionGet(ks: string) {
  const r = await fetchHost(sb.port, 'www.kaltura.com', '/api_v3/service/session/action/get', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ format: 1, ks, session: ks }),
  });
  return JSON.parse(r.body) as { objectType: string; code?: string; args?: Record<string, string> };
}
const eventsList = async (ks: string) =>
  (await fetchHost(sb.port, 'events-api.nvp1.ovp.kaltura.com', '/api/v1/events/list', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ks}` } })).status;

describe('fault: the admin KS expires on demand', () => {
  it('expires the admin KSes in use, on API v3 and the Events API; later ones and USER KSes work', async () => {
    const admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'ops', privileges: '' });
    const user = sb.state.pageUserKs('attendee');
    expect((await sessionGet(admin)).objectType).toBe('KalturaSessionInfo');
    expect(await eventsList(admin)).toBe(200);

    const r = await fetchHost(sb.port, 'control.sandbox.test', '/control/faults/expire-admin-ks', { method: 'POST', body: '{}' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, expired: 1 });

    const refused = await sessionGet(admin);
    expect(refused).toMatchObject({ objectType: 'KalturaAPIException', code: 'INVALID_KS' });
    expect(JSON.stringify(refused.args)).toContain('EXPIRED');
    expect(await eventsList(admin)).toBe(401);
    expect((await sessionGet(user)).objectType).toBe('KalturaSessionInfo');

    const again = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'ops', privileges: '' });
    expect((await sessionGet(again)).objectType).toBe('KalturaSessionInfo');
    sb.faults.reset();
    expect((await sessionGet(admin)).code, 'an expiry is permanent, like a real one').toBe('INVALID_KS');
  });
});
