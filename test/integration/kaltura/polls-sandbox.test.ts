// @vitest-environment node
// The polls client against the sandbox's polls REST (Kaltura in a box), in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from '../sandbox/helpers';
import { createPollsClient, PollsApiError, type PollsClient } from '@/lib/kaltura/polls/client';
import { newDraft, resultRows, type PollDraft } from '@/lib/model/polls';

const PID = 1234567;
const CTX = '1_sessiona1';
let sb: Sandbox;
let client: PollsClient;
let calls = 0;

const fetchVia = (port: number) => async (url: string, init?: RequestInit) => {
  calls += 1;
  const u = new URL(url);
  const r = await fetchHost(port, u.host, u.pathname, {
    method: init?.method ?? 'GET',
    headers: init?.headers as Record<string, string>,
    body: typeof init?.body === 'string' ? init.body : undefined,
  });
  return new Response(r.body, { status: r.status, headers: { 'Content-Type': 'application/json' } });
};

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  ...newDraft({ id: 'local', idempotencyKey: `k-${Math.random()}`, contextId: CTX, now: Date.now(), question: 'Which track next?', options: ['Data', 'Video', 'AI'] }),
  ...over,
});

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  const ks = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'admin', privileges: '' });
  client = createPollsClient({ fetch: fetchVia(sb.port), region: 'nvp1', ks });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('polls client ↔ sandbox polls REST', () => {
  it('create (idempotent by key), publish, results, close', async () => {
    const d = draft({ correctAnswers: ['o3'], autoCloseMilliseconds: 60_000 });
    const created = await client.create(d);
    expect(created).toMatchObject({ contextId: CTX, state: 'Draft', type: 'OptionsPoll', content: { question: 'Which track next?' } });
    expect(created.content.options.map((o) => o.text)).toEqual(['Data', 'Video', 'AI']);
    expect(created.content.correctAnswers).toEqual([created.content.options[2]!.id]);
    // the same idempotency key again, as after a lost answer: the same poll
    expect((await client.create(d, { retries: 0 }))._id).toBe(created._id);
    // a retry marked as such lists first and adopts it without a second create
    expect((await client.create({ ...d, createAttemptedAt: Date.now() }))._id).toBe(created._id);
    expect((await client.moderatorList(CTX)).filter((p) => p.content.question === 'Which track next?')).toHaveLength(1);

    const live = await client.publish(created._id);
    expect(live.state).toBe('Published');
    expect(live.publishedAt).toBeTruthy();
    const listed = (await client.moderatorList(CTX)).find((p) => p._id === created._id)!;
    expect(listed.results).toMatchObject({ answers: 0 });
    expect(resultRows(listed, listed.results).map((r) => r.percent)).toEqual([0, 0, 0]);
    expect((await client.publishResults(created._id)).showResults).toBe(true);
    expect((await client.close(created._id)).state).toBe('UnPublished');
    await client.remove(created._id);
    await expect(client.publish(created._id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('validation refusals carry the field; a bad KS is an auth error', async () => {
    const err = await client.create(draft({ options: [{ id: 'o1', text: 'A' }, { id: 'o2', text: 'a' }] })).catch((e) => e);
    expect(err).toBeInstanceOf(PollsApiError);
    expect(err).toMatchObject({ kind: 'validation', field: 'content.options', details: { formField: 'options' } });
    const bad = createPollsClient({ fetch: fetchVia(sb.port), region: 'nvp1', ks: 'djJ8bogus' });
    await expect(bad.moderatorList(CTX)).rejects.toMatchObject({ kind: 'auth' });
    expect(calls).toBeGreaterThan(0);
  });
});
