import { describe, expect, it } from 'vitest';
import { createPollsClient, findCreatedPoll, pollBody, pollsBaseUrl, PollsApiError } from '@/lib/kaltura/polls/client';
import { newDraft, type Poll, type PollDraft } from '@/lib/model/polls';

const KS = 'djJ8MTIzNDU2N3xzZWNyZXQ';
const CTX = '1_sessiona1';
const NOW = Date.UTC(2026, 4, 1, 10);

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  ...newDraft({ id: 'local-1', idempotencyKey: 'idem-1', contextId: CTX, now: NOW, question: ' Which city? ', options: ['Paris', 'Rome', 'Oslo'] }),
  ...over,
});

interface Call {
  url: string;
  headers: Record<string, string>;
  body: any;
}

/**
 * A fake CnC polls server, MODELED on the sandbox: JSON in and out, Bearer KS, 400 {error,message,field}.
 * `storeKey`: whether it honours Idempotency-Key; `hang`: requests (by action) it executes, then never answers.
 */
function fakeServer(opts: { storeKey?: boolean; keyInPoll?: boolean; hang?: Partial<Record<string, number>>; status?: Record<string, [number, unknown]> } = {}) {
  const polls: Poll[] = [];
  const keys = new Map<string, string>();
  const calls: Call[] = [];
  const state = { hang: { ...opts.hang } as Partial<Record<string, number>> };
  let seq = 0;
  const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const body = JSON.parse(String(init?.body ?? '{}'));
    const action = url.replace(/^.*\/polls\//, '');
    calls.push({ url, headers, body });
    if (opts.status?.[action]) {
      const [status, data] = opts.status[action]!;
      return reply(status, data);
    }
    if (headers.Authorization !== `Bearer ${KS}`) return reply(401, { error: 'EXPIRED_KS', message: 'KS expired' });
    let result: [number, unknown];
    switch (action) {
      case 'create': {
        const key = headers['Idempotency-Key'];
        const existing = opts.storeKey && key ? polls.find((p) => p._id === keys.get(key)) : undefined;
        if (existing) {
          result = [200, existing];
          break;
        }
        const p = body.poll;
        if (!p.content.question) {
          result = [400, { error: 'VALIDATION_ERROR', message: 'question must not be empty', field: 'content.question' }];
          break;
        }
        seq += 1;
        const poll: Poll = {
          _id: `srv${seq}`,
          contextId: p.contextId,
          state: p.state,
          type: p.type,
          showResults: p.showResults,
          content: {
            question: p.content.question,
            options: (p.content.options ?? []).map((t: string, i: number) => ({ id: `opt${i + 1}`, text: t })),
            correctAnswers: (p.content.correctAnswers ?? []).map((i: number) => `opt${i + 1}`),
          },
          createdAt: new Date(NOW + seq * 1000).toISOString(),
          ...(p.autoCloseMilliseconds ? { autoCloseMilliseconds: p.autoCloseMilliseconds } : {}),
          ...(opts.keyInPoll && key ? { idempotencyKey: key } : {}),
        };
        polls.push(poll);
        if (opts.storeKey && key) keys.set(key, poll._id);
        result = [200, poll];
        break;
      }
      case 'update': {
        const poll = polls.find((p) => p._id === body.poll._id);
        if (!poll) result = [404, { error: 'NOT_FOUND', message: 'poll not found', field: 'pollId' }];
        else {
          const { _id, ...patch } = body.poll;
          Object.assign(poll, patch, patch.content ? { content: { ...patch.content, options: (patch.content.options ?? []).map((t: string, i: number) => ({ id: `opt${i + 1}`, text: t })), correctAnswers: [] } } : {});
          result = [200, poll];
        }
        break;
      }
      case 'remove': {
        const i = polls.findIndex((p) => p._id === body.pollId);
        if (i < 0) result = [404, { error: 'NOT_FOUND', message: 'poll not found' }];
        else result = [200, { ok: true, pollId: polls.splice(i, 1)[0]!._id }];
        break;
      }
      case 'moderatorList':
        result = [200, polls.filter((p) => p.contextId === body.contextId).map((p) => ({ ...p, results: { totals: {}, answers: 0 } }))];
        break;
      default:
        result = [404, { error: 'NOT_FOUND', message: 'no route' }];
    }
    if (state.hang[action]) {
      state.hang[action]! -= 1;
      // The server did the work; the answer never arrives before the client's timeout.
      return new Promise((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    }
    return reply(...result);
  };
  return {
    fetch,
    polls,
    calls,
    set hang(h: Partial<Record<string, number>>) {
      state.hang = { ...h };
    },
  };
}

const client = (server: ReturnType<typeof fakeServer>, timeoutMs = 30) => createPollsClient({ fetch: server.fetch, region: 'nvp1', ks: KS, timeoutMs });

describe('polls REST client: requests', () => {
  it('posts JSON with the Bearer KS to chat.{region}.ovp.kaltura.com and the idempotency key on create', async () => {
    const server = fakeServer();
    const poll = await client(server).create(draft({ correctAnswers: ['o2'], autoCloseMilliseconds: 60_000 }));
    expect(poll._id).toBe('srv1');
    const call = server.calls[0]!;
    expect(call.url).toBe('https://chat.nvp1.ovp.kaltura.com/polls/create');
    expect(call.headers).toMatchObject({ Authorization: `Bearer ${KS}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'idem-1' });
    expect(call.body).toEqual({
      poll: {
        contextId: CTX,
        state: 'Draft',
        type: 'OptionsPoll',
        showResults: false,
        content: { question: 'Which city?', options: ['Paris', 'Rome', 'Oslo'], correctAnswers: [1] },
        autoCloseMilliseconds: 60_000,
      },
    });
  });

  it('builds the region URL and refuses a region that is not a name', () => {
    expect(pollsBaseUrl('irp2')).toBe('https://chat.irp2.ovp.kaltura.com');
    expect(() => pollsBaseUrl('evil.com/x?')).toThrow(PollsApiError);
  });

  it('sends a schedule as Scheduled + absolute scheduledTime, open answers without options', () => {
    expect(pollBody(draft({ scheduledAt: NOW + 60_000 }))).toMatchObject({ state: 'Scheduled', scheduling: { schedulingType: 'absolute', scheduledTime: '2026-05-01T10:01:00.000Z' } });
    const open = pollBody(draft({ type: 'OpenAnswers', options: [] })) as any;
    expect(open.content).toEqual({ question: 'Which city?' });
  });

  it('publish, close, publishResults, update, remove, moderatorList', async () => {
    const server = fakeServer();
    const c = client(server);
    const created = await c.create(draft());
    expect((await c.publish(created._id)).state).toBe('Published');
    expect((await c.publishResults(created._id)).showResults).toBe(true);
    expect((await c.close(created._id)).state).toBe('UnPublished');
    expect(server.calls.slice(1).map((x) => x.body)).toEqual([
      { poll: { _id: 'srv1', state: 'Published' } },
      { poll: { _id: 'srv1', showResults: true } },
      { poll: { _id: 'srv1', state: 'UnPublished' } },
    ]);
    // content edits of a closed poll do not touch its state
    const updated = await c.update(draft({ remoteId: 'srv1', state: 'UnPublished', question: 'Which town?' }));
    expect(updated.content.question).toBe('Which town?');
    expect(server.calls.at(-1)!.body.poll).not.toHaveProperty('state');
    expect(server.calls.at(-1)!.body.poll).not.toHaveProperty('contextId');
    const list = await c.moderatorList(CTX);
    expect(list.map((p) => p._id)).toEqual(['srv1']);
    expect(list[0]!.results).toEqual({ totals: {}, answers: 0 });
    await c.remove('srv1');
    expect(server.calls.at(-1)!.body).toEqual({ pollId: 'srv1' });
    expect(await c.moderatorList(CTX)).toEqual([]);
  });
});

describe('polls REST client: errors a moderator understands', () => {
  const failing = (action: string, status: number, body: unknown) => client(fakeServer({ status: { [action]: [status, body] } }));

  it('expired KS → auth, "reload the event page"; the KS is never in the message', async () => {
    const err = await createPollsClient({ fetch: fakeServer().fetch, region: 'nvp1', ks: 'djJ8other' })
      .publish('x')
      .catch((e) => e);
    expect(err).toBeInstanceOf(PollsApiError);
    expect(err).toMatchObject({ kind: 'auth', message: 'Your session key has expired: reload the event page.' });
    expect(err.message).not.toContain('djJ8');
  });

  it('403 → auth, not a moderator', async () => {
    await expect(failing('update', 403, { error: 'FORBIDDEN', message: 'not a moderator' }).publish('x')).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/moderator or admin/) });
  });

  it('400 → validation with the server field and the editor field', async () => {
    const err = await client(fakeServer())
      .create(draft({ question: '' }))
      .catch((e) => e);
    expect(err).toMatchObject({ kind: 'validation', field: 'content.question', details: { formField: 'question', status: 400, code: 'VALIDATION_ERROR' } });
    expect(err.message).toBe('Kaltura refused the poll: question must not be empty.');
  });

  it('404 → not-found', async () => {
    await expect(client(fakeServer()).publish('gone')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('5xx and non-JSON → server; a 200 KalturaAPIException → auth', async () => {
    await expect(failing('update', 503, { error: 'UNAVAILABLE' }).close('x')).rejects.toMatchObject({ kind: 'server', message: expect.stringMatching(/HTTP 503.*kept/) });
    const html = createPollsClient({ fetch: async () => new Response('<html>', { status: 200 }), region: 'nvp1', ks: KS });
    await expect(html.close('x')).rejects.toMatchObject({ kind: 'server' });
    const exc = createPollsClient({
      fetch: async () => new Response(JSON.stringify({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS', args: { KSID: 'EXPIRED' } })),
      region: 'nvp1',
      ks: KS,
    });
    await expect(exc.close('x')).rejects.toMatchObject({ kind: 'auth', message: 'Your session key has expired: reload the event page.' });
  });

  it('network failure → network; no answer in time → timeout', async () => {
    const down = createPollsClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')), region: 'nvp1', ks: KS });
    await expect(down.publish('x')).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/chat\.nvp1\.ovp\.kaltura\.com/) });
    const slow = client(fakeServer({ hang: { update: 1 } }), 20);
    await expect(slow.publish('x')).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });
});

describe('polls REST client: a retry never creates a second poll', () => {
  it('timeout after the server created the poll, server does not store the key: the retry lists and adopts it', async () => {
    const server = fakeServer({ hang: { create: 1 } });
    const c = client(server);
    const d = draft({ createAttemptedAt: undefined });
    // First call: no automatic retry, so the timeout surfaces (the background persists createAttemptedAt first).
    await expect(c.create(d, { retries: 0 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(server.polls).toHaveLength(1);
    const again = await c.create({ ...d, createAttemptedAt: NOW });
    expect(again._id).toBe('srv1');
    expect(server.polls).toHaveLength(1);
    expect(server.calls.map((x) => x.url.split('/').pop())).toEqual(['create', 'moderatorList']);
  });

  it('the same within one call (automatic retry)', async () => {
    const server = fakeServer({ hang: { create: 1 } });
    const poll = await client(server).create(draft());
    expect(poll._id).toBe('srv1');
    expect(server.polls).toHaveLength(1);
    expect(server.calls.map((x) => x.url.split('/').pop())).toEqual(['create', 'moderatorList']);
  });

  it('when the first attempt never reached the server, the retry creates it, once', async () => {
    let first = true;
    const server = fakeServer();
    const flaky = async (url: string, init?: RequestInit) => {
      if (first && url.endsWith('/create')) {
        first = false;
        throw new TypeError('Failed to fetch');
      }
      return server.fetch(url, init);
    };
    const poll = await createPollsClient({ fetch: flaky, region: 'nvp1', ks: KS }).create(draft());
    expect(poll._id).toBe('srv1');
    expect(server.polls).toHaveLength(1);
  });

  it('a server that keeps the key in the poll: the retry matches by key, not by the identical content of another poll', async () => {
    const server = fakeServer({ keyInPoll: true, hang: { create: 1 } });
    const c = client(server);
    server.hang = { create: 0 };
    const other = await c.create(draft({ id: 'other', idempotencyKey: 'idem-other' }));
    server.hang = { create: 1 };
    const poll = await c.create(draft());
    expect(other._id).toBe('srv1');
    expect(poll).toMatchObject({ _id: 'srv2', idempotencyKey: 'idem-1' });
    expect(server.polls).toHaveLength(2);
  });

  it('never adopts a poll another draft owns ("run again" has the same content)', async () => {
    const server = fakeServer();
    const c = client(server);
    const original = await c.create(draft({ id: 'first', idempotencyKey: 'k-first' }));
    const rerun = draft({ id: 'again', idempotencyKey: 'k-again', createAttemptedAt: NOW });
    const poll = await c.create(rerun, { knownRemoteIds: [original._id] });
    expect(poll._id).not.toBe(original._id);
    expect(server.polls).toHaveLength(2);
  });

  it('ignores same-content polls created long before the first attempt', () => {
    const old: Poll = { _id: 'old', contextId: CTX, state: 'Draft', type: 'OptionsPoll', showResults: false, content: { question: 'Which city?', options: ['Paris', 'Rome', 'Oslo'].map((t, i) => ({ id: `${i}`, text: t })), correctAnswers: [] }, createdAt: new Date(NOW - 3600_000).toISOString() };
    expect(findCreatedPoll([old], draft({ createAttemptedAt: NOW }))).toBeUndefined();
    expect(findCreatedPoll([{ ...old, createdAt: new Date(NOW + 500).toISOString() }], draft({ createAttemptedAt: NOW }))?._id).toBe('old');
    expect(findCreatedPoll([{ ...old, contextId: '1_other', createdAt: new Date(NOW).toISOString() }], draft({ createAttemptedAt: NOW }))).toBeUndefined();
  });

  it('a validation refusal is not retried', async () => {
    const server = fakeServer();
    await expect(client(server).create(draft({ question: '' }), { retries: 3 })).rejects.toMatchObject({ kind: 'validation' });
    expect(server.calls).toHaveLength(1);
  });
});
