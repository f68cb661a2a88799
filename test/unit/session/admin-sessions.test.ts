// @vitest-environment node
// The admin session ending mid-session (issue 10's soak fault): Kaltura stops taking the KS, the next call
// made with it ends the session, and the panel is told "expired, connect again" with who it was and whether
// it was remembered; never the KS.
import { describe, expect, it } from 'vitest';
import { AdminSessions, EXPIRED_TEXT, wireAdminExpiry } from '@/lib/session/admin-sessions';
import type { AdminStatus } from '@/lib/contracts/admin';
import { memoryArea } from '../memory-area';

const PARTNER = 1234567;
const ks = (tag: string) => Buffer.from(`v2|${PARTNER}|${tag.padEnd(48, 'x')}`).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

function setup(now = () => Date.now()) {
  const refused = new Set<string>();
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const used = String(body.ks ?? auth.replace(/^Bearer /, ''));
    if (refused.has(used)) {
      if (url.includes('/api_v3/')) return new Response(JSON.stringify({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS', args: { ERR_DESC: 'EXPIRED' } }));
      return new Response(JSON.stringify({ message: 'invalid or expired KS' }), { status: 401 });
    }
    if (url.includes('/service/session/action/get')) {
      return new Response(JSON.stringify({ objectType: 'KalturaSessionInfo', sessionType: 2, partnerId: PARTNER, userId: 'ops', expiry: Math.floor(now() / 1000) + 3600 }));
    }
    return new Response(JSON.stringify({ objectType: 'KalturaCuePointListResponse', objects: [] }));
  };
  const session = memoryArea();
  const local = memoryArea();
  const admin = new AdminSessions({ session, local, fetch, now });
  return { admin, session, local, refused, guarded: admin.guard(fetch) };
}

const apiCall = (k: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, ks: k }) });

describe('admin session expiring mid-session', () => {
  it('a call Kaltura refuses with INVALID_KS ends the session; the status says expired, with who it was', async () => {
    const { admin, session, local, refused, guarded } = setup();
    const a = ks('first');
    expect((await admin.connect(PARTNER, { kind: 'ks', ks: a }, true)).connected).toBe(true);
    expect((await admin.get(PARTNER))?.ks).toBe(a);
    await guarded('https://www.kaltura.com/api_v3/service/cuepoint_cuepoint/action/list', apiCall(a));
    expect((await admin.status(PARTNER)).connected).toBe(true); // accepted: nothing changes
    refused.add(a);
    const changed: number[] = [];
    admin.onChange((p) => changed.push(p));
    await guarded('https://www.kaltura.com/api_v3/service/cuepoint_cuepoint/action/list', apiCall(a));
    expect(changed).toEqual([PARTNER]);
    const status = await admin.status(PARTNER);
    expect(status).toMatchObject({ connected: false, expired: true, userId: 'ops', remembered: true, error: EXPIRED_TEXT });
    expect(JSON.stringify(status)).not.toContain(a);
    expect(await admin.get(PARTNER)).toBeNull();
    // The dead KS is kept nowhere.
    expect(JSON.stringify([...session.data, ...local.data])).not.toContain(a);
  });

  it('the Events API (401 with Authorization: Bearer) ends it too', async () => {
    const { admin, refused, guarded } = setup();
    const a = ks('events');
    await admin.connect(PARTNER, { kind: 'ks', ks: a }, false);
    await admin.get(PARTNER);
    refused.add(a);
    await guarded('https://events-api.kaltura.com/events/list', { method: 'POST', headers: { Authorization: `Bearer ${a}` }, body: '{}' });
    expect(await admin.status(PARTNER)).toMatchObject({ connected: false, expired: true, remembered: false });
  });

  it('connecting again clears the mark; a late refusal of the old KS leaves the new session alone', async () => {
    const { admin, refused, guarded } = setup();
    const a = ks('old');
    const b = ks('new');
    await admin.connect(PARTNER, { kind: 'ks', ks: a }, false);
    await admin.get(PARTNER);
    refused.add(a);
    await guarded('https://www.kaltura.com/api_v3/x', apiCall(a));
    expect((await admin.status(PARTNER)).expired).toBe(true);
    await admin.connect(PARTNER, { kind: 'ks', ks: b }, false);
    const status = await admin.status(PARTNER);
    expect(status).toMatchObject({ connected: true, userId: 'ops' });
    expect(status.expired).toBeUndefined();
    // A call with the old KS still in flight comes back refused: the new session stays.
    await guarded('https://www.kaltura.com/api_v3/x', apiCall(a));
    expect((await admin.status(PARTNER)).connected).toBe(true);
  });

  it('a session whose own time is up says expired too (not a silent disconnect)', async () => {
    let t = Date.now();
    const { admin } = setup(() => t);
    await admin.connect(PARTNER, { kind: 'ks', ks: ks('short') }, false);
    t += 2 * 3600_000;
    expect(await admin.status(PARTNER)).toMatchObject({ connected: false, expired: true });
    await admin.forget(PARTNER);
    expect(await admin.status(PARTNER)).toEqual({ partnerId: PARTNER, connected: false });
  });

  it('calls without the admin KS are left alone, refused or not', async () => {
    const { admin, refused, guarded } = setup();
    const a = ks('mine');
    const page = ks('page');
    await admin.connect(PARTNER, { kind: 'ks', ks: a }, false);
    await admin.get(PARTNER);
    refused.add(page);
    await guarded('https://www.kaltura.com/api_v3/x', apiCall(page));
    expect((await admin.status(PARTNER)).connected).toBe(true);
  });

  it('the panels of the partner\'s followed tabs hear it at once', async () => {
    const { admin, refused, guarded } = setup();
    const a = ks('wired');
    await admin.connect(PARTNER, { kind: 'ks', ks: a }, false);
    await admin.get(PARTNER);
    const posted: Array<[number, AdminStatus]> = [];
    let done!: () => void;
    const heard = new Promise<void>((r) => (done = r));
    wireAdminExpiry(admin, {
      followedTabs: () => [1, 2],
      partnerOf: async (tabId) => (tabId === 1 ? PARTNER : 999),
      post: (tabId, status) => {
        posted.push([tabId, status]);
        done();
      },
    });
    refused.add(a);
    await guarded('https://www.kaltura.com/api_v3/x', apiCall(a));
    await heard;
    expect(posted.map(([tabId, s]) => [tabId, s.expired])).toEqual([[1, true]]);
  });
});
