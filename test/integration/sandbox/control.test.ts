// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
}, 60_000);
afterAll(() => sb.close());

const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetchHost(sb.port, 'control.sandbox.test', path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }) });
  return { status: r.status, json: JSON.parse(r.body) as any };
};

describe('control API', () => {
  it('is announced in the ready info', () => {
    expect(sb.info.control).toBe('https://control.sandbox.test/control');
  });

  it('creates events, sessions and users; acts as users; reads the truth', async () => {
    const ev = await call('POST', '/control/events', { name: 'Summit' });
    expect(ev.json).toMatchObject({ ok: true, event: { id: expect.any(Number), name: 'Summit' } });
    const ses = await call('POST', '/control/sessions', { title: 'Workshop', virtualEventId: ev.json.event.id, settings: { qnaModeration: false } });
    const entryId = ses.json.session.entryId as string;
    expect(ses.json.session.settings.qnaModeration).toBe(false);
    expect((await call('POST', '/control/users', { userId: 'zoe', displayName: 'Zoë Q', role: 'attendee' })).json.user).toEqual({ userId: 'zoe', displayName: 'Zoë Q', role: 'attendee' });
    const asked = await call('POST', '/control/act', { entryId, userId: 'zoe', action: { type: 'qna.ask', text: 'Hi?' } });
    expect(asked.json).toMatchObject({ ok: true, item: { state: 'approved', askerName: 'Zoë Q' } });
    const refused = await call('POST', '/control/act', { entryId, userId: 'zoe', action: { type: 'announce', text: 'x' } });
    expect(refused).toMatchObject({ status: 400, json: { ok: false, error: 'FORBIDDEN' } });
    await call('POST', '/control/act', { entryId, userId: 'host', moderator: true, action: { type: 'announce', text: 'Welcome' } });
    const truth = (await call('GET', `/control/truth?entryId=${entryId}`)).json.truth;
    expect(truth.questions).toMatchObject([{ text: 'Hi?', askerId: 'zoe', state: 'approved', upvoters: [] }]);
    expect(truth.announcements).toMatchObject([{ text: 'Welcome', userId: 'host' }]);
    expect(truth.polls).toEqual([]);
    const settings = await call('POST', '/control/settings', { entryId, settings: { modules: { qna: false } } });
    expect(settings.json.settings.modules.qna).toBe(false);
    expect(sb.control.truth(entryId).settings.modules.qna).toBe(false);
    expect((await call('GET', '/control/sessions')).json.sessions.map((s: { entryId: string }) => s.entryId)).toContain(entryId);
  });

  it('steers the audience and answers bad requests without crashing', async () => {
    const started = await call('POST', '/control/audience/start', { attendees: 5, rate: 50, seed: 2, entryIds: ['1_sessiona1'] });
    expect(started.json.audience).toMatchObject({ running: true, config: { attendees: 5, rate: 50, seed: 2 } });
    expect((await call('POST', '/control/audience/retune', { rate: 20 })).json.audience.config.rate).toBe(20);
    expect((await call('POST', '/control/audience/stop', {})).json.audience.running).toBe(false);
    expect((await call('POST', '/control/audience/start', { attendees: 0, rate: 1, seed: 1 })).status).toBe(400);
    expect((await call('GET', '/control/truth?entryId=1_nope')).status).toBe(404);
    expect((await call('GET', '/control/nope')).status).toBe(404);
    const bad = await fetchHost(sb.port, 'control.sandbox.test', '/control/act', { method: 'POST', body: '[[' });
    expect(bad.status).toBe(400);
  });
});
