// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
let admin: string;
let mod: string;
let attendee: string;
const PID = 1234567;
const CTX = '1_sessiona1';
const HOST = 'chat.nvp1.ovp.kaltura.com';

async function post(path: string, ks: string | null, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetchHost(sb.port, HOST, path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(ks ? { Authorization: `Bearer ${ks}` } : {}), ...headers },
  });
  return { status: r.status, body: r.body ? JSON.parse(r.body) : null, headers: r.headers };
}
const poll = (extra: Record<string, unknown> = {}) => ({ contextId: CTX, state: 'Draft', type: 'OptionsPoll', showResults: false, content: { question: 'Which?', options: ['A', 'B'] }, ...extra });

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'admin', privileges: '' });
  mod = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'moderator-1', privileges: '' });
  attendee = sb.state.pageUserKs('attendee-7');
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('CnC polls REST', () => {
  it('answers CORS preflight with Authorization allowed', async () => {
    const r = await fetchHost(sb.port, HOST, '/polls/create', { method: 'OPTIONS' });
    expect(r.status).toBe(200);
    expect(String(r.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('401 without or with a bad KS, 403 for a non-moderator', async () => {
    expect((await post('/polls/create', null, { poll: poll() })).status).toBe(401);
    expect((await post('/polls/create', 'djJ8bogus', { poll: poll() })).status).toBe(401);
    const r = await post('/polls/create', attendee, { poll: poll() });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('FORBIDDEN');
  });

  it('400 with field for validation errors', async () => {
    const r = await post('/polls/create', admin, { poll: poll({ content: { question: '', options: ['A', 'B'] } }) });
    expect(r).toMatchObject({ status: 400, body: { error: 'VALIDATION_ERROR', field: 'content.question' } });
    expect((await post('/polls/create', admin, { poll: poll({ content: { question: 'q', options: ['A'] } }) })).status).toBe(400);
    expect((await post('/polls/create', admin, { poll: poll({ content: { question: 'q', options: ['A', 'A'] } }) })).body.message).toMatch(/duplicate/);
    expect((await post('/polls/create', admin, '{not json')).status).toBe(400);
  });

  it('create, update, moderatorList, remove; 404 for an unknown poll', async () => {
    const created = await post('/polls/create', mod, { poll: poll() });
    expect(created.status).toBe(200);
    const id = created.body._id;
    const up = await post('/polls/update', mod, { poll: { _id: id, state: 'Published', showResults: true } });
    expect(up.body).toMatchObject({ _id: id, state: 'Published', showResults: true });
    const viaPollId = await post('/polls/update', admin, { poll: { pollId: id, content: { question: 'Which one?', options: ['A', 'B', 'C'] } } });
    expect(viaPollId.body.content.options).toHaveLength(3);
    const list = await post('/polls/moderatorList', mod, { contextId: CTX });
    expect(list.body.find((p: any) => p._id === id)).toMatchObject({ results: { answers: 0 } });
    expect((await post('/polls/update', mod, { poll: { _id: 'nope', state: 'Published' } })).status).toBe(404);
    expect((await post('/polls/remove', mod, { pollId: id })).status).toBe(200);
    expect((await post('/polls/remove', mod, { pollId: id })).status).toBe(404);
  });

  it('Idempotency-Key: the same key gives the same poll', async () => {
    const a = await post('/polls/create', admin, { poll: poll() }, { 'Idempotency-Key': 'abc-1' });
    const b = await post('/polls/create', admin, { poll: poll() }, { 'Idempotency-Key': 'abc-1' });
    expect(b.body._id).toBe(a.body._id);
    const c = await post('/polls/create', admin, { poll: poll() }, { 'Idempotency-Key': 'abc-2' });
    expect(c.body._id).not.toBe(a.body._id);
  });

  it('attendees list Published polls, vote, and see results only with showResults; poll_answer recorded', async () => {
    const draft = (await post('/polls/create', admin, { poll: poll() })).body;
    const live = (await post('/polls/create', admin, { poll: poll({ state: 'Published' }) })).body;
    const listed = (await post('/polls/list', attendee, { contextId: CTX })).body;
    expect(listed.map((p: any) => p._id)).toContain(live._id);
    expect(listed.map((p: any) => p._id)).not.toContain(draft._id);
    expect(listed.find((p: any) => p._id === live._id).results).toBeUndefined();
    const opt = live.content.options[0].id;
    expect((await post('/polls/vote', attendee, { pollId: draft._id, optionIds: [opt] })).status).toBe(409);
    expect((await post('/polls/vote', attendee, { pollId: live._id, optionIds: [opt] })).body).toEqual({ ok: true, pollId: live._id });
    expect((await post('/polls/vote', attendee, { pollId: live._id, optionIds: ['zzz'] })).status).toBe(400);
    await post('/polls/update', admin, { poll: { _id: live._id, showResults: true } });
    const after = (await post('/polls/list', attendee, { contextId: CTX })).body.find((p: any) => p._id === live._id);
    expect(after.results).toMatchObject({ answers: 1, totals: { [opt]: 1 } });
    expect(after.myAnswer).toEqual({ optionIds: [opt] });
    expect(sb.state.activity.query({ entryIds: [CTX] }).filter((e) => e.kind === 'poll_answer' && e.userId === 'attendee-7')).toHaveLength(1);
  });

  it('a runtime moderator of the context may create; another partner may not', async () => {
    const u = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'late-mod', privileges: '' });
    expect((await post('/polls/create', u, { poll: poll() })).status).toBe(403);
    sb.state.addModerator(CTX, 'late-mod');
    expect((await post('/polls/create', u, { poll: poll() })).status).toBe(200);
    const other = sb.state.issueKs({ partnerId: 999999, type: 2, userId: 'x', privileges: '' });
    expect((await post('/polls/create', other, { poll: poll() })).status).toBe(403);
  });
});
