// @vitest-environment node
// Integration: the webcast Q&A client against the in-process sandbox (www.kaltura.com/api_v3 stand-in).
// An attendee (USER KS) asks; a moderator (ADMIN KS) syncs, answers publicly and privately, claims, sets states
// and re-syncs incrementally.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { callApi, callMultiRequest, type Fetch } from '@/lib/kaltura/api';
import { WebcastQnaClient } from '@/lib/kaltura/qna/client';
import { askQuestionParts } from '@/lib/kaltura/qna/requests';
import type { ThreadState } from '@/lib/kaltura/qna/threads';

const ENTRY = '1_webcast3';

/** fetch over node:https to 127.0.0.1:port, keeping the real Host (and SNI), TLS verification off (test certificate). */
function sandboxFetch(port: number): Fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: url.pathname + url.search,
          method: init?.method ?? 'GET',
          servername: url.hostname,
          rejectUnauthorized: false,
          headers: { ...(init?.headers as Record<string, string>), Host: url.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 })));
        },
      );
      req.on('error', reject);
      init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
      if (init?.body !== undefined && init.body !== null) req.write(String(init.body));
      req.end();
    });
}

let sb: Sandbox;
let fetchFn: Fetch;
let clock = 1_760_000_000;
let attendeeKs: string;
let moderatorKs: string;

const startSession = (type: 0 | 2, userId: string) =>
  callApi<string>(fetchFn, { service: 'session', action: 'start', params: { secret: sb.info.adminSecret, userId, type, partnerId: sb.info.partnerId, expiry: 3600 } });

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  sb.state.now = () => clock;
  fetchFn = sandboxFetch(sb.port);
  attendeeKs = await startSession(0, 'attendee-7');
  moderatorKs = await startSession(2, 'moderator-1');
}, 60_000);

afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('webcast Q&A against the sandbox', () => {
  it('ask as attendee, sync and act as moderator, re-sync and see every change', async () => {
    // The attendee asks (the player's multirequest, KALTURA.md §3).
    const asked = await callMultiRequest(fetchFn, askQuestionParts({ entryId: ENTRY, text: 'When is the <b>break</b>?', askerId: 'attendee-7' }), { ks: attendeeKs });
    expect(asked.every((r) => r.ok)).toBe(true);
    const questionId = (asked[1] as { ok: true; value: { id: string } }).value.id;

    const moderator = new WebcastQnaClient({ fetch: fetchFn, ks: moderatorKs });
    const first = await moderator.sync(ENTRY, null);
    expect(first.complete).toBe(true);
    expect(first.changed).toContain(questionId);
    expect(first.threads.questions.get(questionId)).toMatchObject({
      surface: 'webcast',
      text: 'When is the <b>break</b>?',
      state: 'approved',
      author: { id: 'attendee-7', anonymous: false },
      answers: [],
    });
    expect(first.cursor).toBe(clock);
    let threads: ThreadState = first.threads;
    let cursor = first.cursor;
    const root = () => threads.annotations.get(questionId)!;

    // Claim, then answer privately in the same second as the last read (the boundary second).
    await moderator.claim(root(), 'moderator-1');
    const priv = await moderator.reply({ entryId: ENTRY, root: root(), text: 'At 3pm (just for you)', visibility: 'private', commandId: 'cmd-priv' });
    let next = await moderator.sync(ENTRY, cursor, threads);
    threads = next.threads;
    cursor = next.cursor;
    expect(next.changed).toEqual([questionId]);
    expect(threads.questions.get(questionId)).toMatchObject({ handledBy: 'moderator-1', state: 'answered', replies: 1 });
    expect(threads.questions.get(questionId)!.answers).toEqual([{ id: priv.id, text: 'At 3pm (just for you)', visibility: 'private', by: 'moderator-1', at: clock * 1000 }]);
    expect(threads.annotations.get(priv.id)).toMatchObject({ systemName: 'cmd-priv', metadata: { type: 'Answer', threadId: questionId, threadCreatorId: 'attendee-7' } });

    // Later: a public answer and a state change.
    clock += 5;
    await moderator.reply({ entryId: ENTRY, root: root(), text: 'Break at 3pm for everyone', visibility: 'public' });
    await moderator.setState(root(), 'Answered');
    next = await moderator.sync(ENTRY, cursor, threads);
    threads = next.threads;
    expect(next.cursor).toBe(clock);
    const q = threads.questions.get(questionId)!;
    expect(q.answers.map((a) => a.visibility)).toEqual(['private', 'public']);
    expect(q.state).toBe('answered');
    // The claim survived the state change (the whole document is rewritten from what we read).
    expect(root().metadata).toMatchObject({ state: 'Answered', assignees: ['moderator-1'], threadCreatorId: 'attendee-7' });

    // Dismiss, then restore.
    clock += 1;
    await moderator.setState(root(), 'Deleted');
    next = await moderator.sync(ENTRY, next.cursor, threads);
    threads = next.threads;
    expect(threads.questions.get(questionId)!.state).toBe('dismissed');
    await moderator.setState(root(), 'Pending');
    next = await moderator.sync(ENTRY, next.cursor, threads);
    threads = next.threads;
    expect(threads.questions.get(questionId)!.state).toBe('answered'); // Pending with answers: still answered

    // Answered live and an announcement.
    await moderator.markAnsweredLive({ entryId: ENTRY, root: root() });
    const ann = await moderator.announce({ entryId: ENTRY, text: 'We start again in 5 minutes' });
    next = await moderator.sync(ENTRY, next.cursor, threads);
    threads = next.threads;
    expect(threads.questions.get(questionId)!.answeredLive).toBe(true);
    expect(threads.questions.has(ann.id)).toBe(false);
    expect(threads.annotations.get(ann.id)?.metadata.type).toBe('Announcement');

    // A sync with nothing new changes nothing.
    const idle = await moderator.sync(ENTRY, next.cursor, threads);
    expect(idle.changed).toEqual([]);
    expect(idle.threads).toBe(threads);
  });

  it('surfaces the sandbox’s refusals as KalturaApiError with the step', async () => {
    const attendee = new WebcastQnaClient({ fetch: fetchFn, ks: attendeeKs });
    const sync = await attendee.sync(ENTRY, null);
    const someone = [...sync.threads.annotations.values()].find((a) => a.userId === 'moderator-1' && a.metadata.type === 'Announcement')!;
    // An attendee may not rewrite a moderator's annotation metadata.
    await expect(attendee.setState(someone, 'Deleted')).rejects.toMatchObject({ name: 'KalturaApiError', message: expect.stringMatching(/^Setting the question's state to Deleted: /) });
    const expired = new WebcastQnaClient({ fetch: fetchFn, ks: 'djJ8MTIzNDU2N3xub3QtYS1rcw' });
    await expect(expired.sync(ENTRY, null)).rejects.toMatchObject({ code: 'INVALID_KS' });
  });
});
