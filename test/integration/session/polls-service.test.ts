// @vitest-environment node
// The background's polls service against the sandbox's polls REST (in process), with storage.local from
// wxt/testing's fake browser and faults injected in fetch: a refused or lost request shows its reason and
// keeps the draft, and a retry never makes a second poll.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from '../sandbox/helpers';
import { createPollsClient } from '@/lib/kaltura/polls/client';
import { localStorage } from '@/lib/platform/storage';
import { PollsService } from '@/lib/session/polls/service';
import type { PollsView } from '@/lib/contracts/polls';

const PID = 1234567;
const CTX = '1_sessiona1';
const TAB = 5;
let sb: Sandbox;
let ks: string;

/** What the next requests do, in order: go through, be answered 503 before the server, or reach it and be lost. */
let faults: Array<'none' | 'refuse-503' | 'lose-answer'> = [];
let creates = 0;

const fetchVia = async (url: string, init?: RequestInit) => {
  const u = new URL(url);
  const mode = faults.shift() ?? 'none';
  if (mode === 'refuse-503') return new Response('{"error":"UNAVAILABLE"}', { status: 503 });
  if (u.pathname === '/polls/create') creates += 1;
  const r = await fetchHost(sb.port, u.host, u.pathname, {
    method: init?.method ?? 'GET',
    headers: init?.headers as Record<string, string>,
    body: typeof init?.body === 'string' ? init.body : undefined,
  });
  if (mode === 'lose-answer') throw new TypeError('Failed to fetch');
  return new Response(r.body, { status: r.status, headers: { 'Content-Type': 'application/json' } });
};

function makeService(opts: { ks?: () => string | null; watched?: string[] } = {}) {
  const views: PollsView[] = [];
  const timers: Array<() => void> = [];
  let n = 0;
  const service = new PollsService({
    local: localStorage,
    now: Date.now,
    newId: () => `id-${++n}-${Math.random().toString(36).slice(2, 8)}`,
    clientFor: async () => {
      const key = opts.ks ? opts.ks() : ks;
      return key ? createPollsClient({ fetch: fetchVia, region: 'nvp1', ks: key }) : 'No session key for Kaltura polls.';
    },
    watched: async () => (opts.watched ?? [CTX]).map((contextId) => ({ contextId, tabId: TAB })),
    onView: (_c, v) => void views.push(v),
    setTimeout: (fn) => {
      timers.push(fn);
      return timers.length;
    },
  });
  return { service, views, timers, last: () => views.at(-1)! };
}

async function prepare(service: PollsService, id: string, question: string, options: string[]) {
  await service.act(CTX, { kind: 'new', id }, TAB);
  await service.act(CTX, { kind: 'edit', id, patch: { question, options: options.map((text, i) => ({ id: `o${i + 1}`, text })) } }, TAB);
}

const serverPolls = () => sb.state.polls.list(CTX);

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  ks = sb.state.pageUserKs('moderator-1');
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});
beforeEach(() => {
  fakeBrowser.reset();
  for (const p of sb.state.polls.list(CTX)) sb.state.polls.remove(p._id);
  faults = [];
  creates = 0;
});

describe('PollsService', () => {
  it('prepares drafts in storage.local and in Kaltura (Draft); a new worker reads the same library', async () => {
    const { service, last } = makeService();
    await prepare(service, 'a', 'Which track next?', ['Data', 'Video']);
    await prepare(service, 'b', 'How is the audio?', ['Good', 'Bad']);
    await service.act(CTX, { kind: 'save', id: 'a' }, TAB);
    expect(serverPolls().map((p) => [p.content.question, p.state])).toEqual([['Which track next?', 'Draft']]);
    expect(last().drafts.map((d) => [d.id, d.remoteId !== undefined])).toEqual([
      ['a', true],
      ['b', false],
    ]);

    const restarted = makeService();
    const view = await restarted.service.view(CTX);
    expect(view.drafts.map((d) => d.question)).toEqual(['Which track next?', 'How is the audio?']);
    expect(view.drafts[0]!.remoteId).toBe(serverPolls()[0]!._id);
  });

  it('refuses an invalid draft at its field, without calling Kaltura', async () => {
    const { service, last } = makeService();
    await prepare(service, 'a', '', ['Same', 'same']);
    await service.act(CTX, { kind: 'save', id: 'a' }, TAB);
    expect(last().errors.a).toEqual({ message: 'Write a question.', formField: 'question' });
    await service.act(CTX, { kind: 'edit', id: 'a', patch: { question: 'Q?' } }, TAB);
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(last().errors.a).toEqual({ message: 'Option 2 repeats option 1.', formField: 'options.1' });
    expect(creates).toBe(0);
  });

  it('a create whose answer is lost: the client lists, adopts the poll made and launches it, never a second one', async () => {
    const { service, last } = makeService();
    await prepare(service, 'a', 'Which track next?', ['Data', 'Video']);
    // The attempt is persisted first, so even the first create lists first: list, create (lost), list, adopt.
    faults = ['none', 'lose-answer'];
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(serverPolls()).toHaveLength(1);
    expect(last().drafts[0]!.remoteId).toBe(serverPolls()[0]!._id);
    expect(last().drafts[0]!.state).toBe('Published');
    expect(last().errors.a).toBeUndefined();
  });

  it('5xx twice: the reason is shown, the draft kept with its attempt persisted; the next launch makes one poll', async () => {
    const { service, last } = makeService();
    await prepare(service, 'a', 'Which track next?', ['Data', 'Video']);
    // list, create → 503; the client's own retry lists and creates → 503 again.
    faults = ['none', 'refuse-503', 'none', 'refuse-503'];
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    const v = last();
    expect(v.errors.a!.message).toBe('Kaltura polls (create) failed with HTTP 503: try again in a moment. Your poll is kept.');
    expect(v.drafts[0]).toMatchObject({ id: 'a', question: 'Which track next?', state: 'Draft' });
    expect(v.drafts[0]!.createAttemptedAt).toBeTypeOf('number');
    expect(serverPolls()).toHaveLength(0);
    expect(await localStorage.get('polls:' + CTX)).toMatchObject({ drafts: [{ id: 'a', createAttemptedAt: expect.any(Number) }] });

    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(serverPolls()).toHaveLength(1);
    expect(serverPolls()[0]!.state).toBe('Published');
    expect(last().errors.a).toBeUndefined();
  });

  it('an answer lost and the retry refused, then a worker restart: the persisted attempt finds the poll made', async () => {
    const first = makeService();
    await prepare(first.service, 'a', 'Which track next?', ['Data', 'Video']);
    // create reaches Kaltura but its answer is lost; the client's listing retry is refused.
    faults = ['none', 'lose-answer', 'refuse-503'];
    await first.service.act(CTX, { kind: 'save', id: 'a' }, TAB);
    expect(first.last().errors.a!.message).toMatch(/HTTP 503/);
    expect(serverPolls()).toHaveLength(1);
    expect(first.last().drafts[0]!.remoteId).toBeUndefined();

    const second = makeService();
    const createsBefore = creates;
    await second.service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(creates).toBe(createsBefore); // listed first and adopted it
    expect(serverPolls()).toHaveLength(1);
    expect(second.last().drafts[0]!.remoteId).toBe(serverPolls()[0]!._id);
    expect(serverPolls()[0]!.state).toBe('Published');
  });

  it('an expired KS: the reason is shown and the draft stays', async () => {
    const expired = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'moderator-1', privileges: '', expiresIn: -10 });
    const { service, last } = makeService({ ks: () => expired });
    await prepare(service, 'a', 'Which track next?', ['Data', 'Video']);
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(last().errors.a!.message).toBe('Your session key has expired: reload the event page.');
    expect(last().drafts).toHaveLength(1);
    expect(serverPolls()).toHaveLength(0);
  });

  it('no KS at all: the problem is named', async () => {
    const { service, last } = makeService({ ks: () => null });
    await prepare(service, 'a', 'Q?', ['A', 'B']);
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    expect(last().errors.a!.message).toMatch(/No session key/);
  });

  it('live: votes show on the next read, the loop keeps reading while a poll is live; close, publish results, run again', async () => {
    const { service, last, timers } = makeService();
    await prepare(service, 'a', 'Which track next?', ['Data', 'Video']);
    await service.act(CTX, { kind: 'launch', id: 'a' }, TAB);
    const poll = serverPolls()[0]!;
    expect(poll.state).toBe('Published');
    const data = poll.content.options[0]!.id;
    sb.state.polls.vote(poll._id, 'attendee-2', { optionIds: [data] });
    sb.state.polls.vote(poll._id, 'attendee-3', { optionIds: [data] });

    // The loop's timer: one read per tick, re-armed while the poll is live.
    expect(timers.length).toBeGreaterThan(0);
    const tick = timers.pop()!;
    tick();
    await new Promise((r) => setTimeout(r, 200));
    expect(last().results.a).toMatchObject({ answers: 2, totals: { [data]: 2 } });
    expect(timers.length).toBeGreaterThan(0);

    await service.act(CTX, { kind: 'close', id: 'a' }, TAB);
    expect(sb.state.polls.get(poll._id)!.state).toBe('UnPublished');
    expect(last().drafts[0]!.state).toBe('UnPublished');
    await service.act(CTX, { kind: 'publish-results', id: 'a' }, TAB);
    expect(sb.state.polls.get(poll._id)!.showResults).toBe(true);
    expect(last().drafts[0]!.remote!.showResults).toBe(true);

    await service.act(CTX, { kind: 'run-again', id: 'a' }, TAB);
    const copy = last().drafts[1]!;
    expect(copy).toMatchObject({ question: 'Which track next?', state: 'Draft', copyOf: 'a' });
    expect(copy.remoteId).toBeUndefined();
  });

  it('a poll deleted elsewhere becomes a local draft again; delete removes it here and in Kaltura', async () => {
    const { service, last } = makeService();
    await prepare(service, 'a', 'One?', ['A', 'B']);
    await prepare(service, 'b', 'Two?', ['A', 'B']);
    await service.act(CTX, { kind: 'save', id: 'a' }, TAB);
    await service.act(CTX, { kind: 'save', id: 'b' }, TAB);
    sb.state.polls.remove(last().drafts[0]!.remoteId!);
    await new Promise((r) => setTimeout(r, 5));
    await service.refresh(CTX, TAB);
    expect(last().drafts[0]!.remoteId).toBeUndefined();
    await service.act(CTX, { kind: 'delete', id: 'b' }, TAB);
    expect(last().drafts.map((d) => d.id)).toEqual(['a']);
    expect(serverPolls()).toHaveLength(0);
  });
});
