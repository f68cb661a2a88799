import { describe, expect, it } from 'vitest';
import { KalturaApiError, type Fetch } from '@/lib/kaltura/api';
import { encodeQnaMetadata, type QnaMetadata } from '@/lib/kaltura/qna/metadata-xml';
import { WebcastQnaClient } from '@/lib/kaltura/qna/client';
import { emptyThreads, mergeThreads } from '@/lib/kaltura/qna/threads';

const T = 1_760_000_000;

interface Row { id: string; updatedAt: number; createdAt: number; metadata: QnaMetadata; text: string; intId: number }

/** A tiny stand-in for cuepoint_cuepoint.list (+updatedAt, updatedAtGreaterThanOrEqual, pager) with a hook between pages. */
function fakeKaltura() {
  const rows = new Map<string, Row>();
  let intId = 0;
  const requests: Record<string, any>[] = [];
  let afterList: ((n: number) => void) | undefined;
  const put = (id: string, updatedAt: number, metadata: QnaMetadata = { assignees: [], type: 'Question' }, text = id) => {
    const existing = rows.get(id);
    rows.set(id, { id, updatedAt, createdAt: existing?.createdAt ?? updatedAt, metadata, text, intId: existing?.intId ?? intId++ });
  };
  const fetchFn: Fetch = async (url, init) => {
    const body = JSON.parse(String(init?.body));
    requests.push({ url, ...body });
    if (url.endsWith('/service/cuepoint_cuepoint/action/list')) {
      const from = body.filter.updatedAtGreaterThanOrEqual ?? -Infinity;
      const sorted = [...rows.values()].filter((r) => r.updatedAt >= from).sort((a, b) => a.updatedAt - b.updatedAt || a.intId - b.intId);
      const { pageSize, pageIndex } = body.pager;
      const objects = sorted.slice((pageIndex - 1) * pageSize, pageIndex * pageSize).map((r) => ({
        id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, text: r.text, tags: 'qna', userId: 'u', parentId: r.metadata.threadId ?? '0',
        relatedObjects: { QandA_ResponseProfile: { objects: [{ id: r.intId + 500, objectId: r.id, xml: encodeQnaMetadata(r.metadata) }] } },
      }));
      afterList?.(requests.length);
      return new Response(JSON.stringify({ objectType: 'KalturaCuePointListResponse', objects, totalCount: sorted.length }));
    }
    return new Response(JSON.stringify({ objectType: 'KalturaAPIException', code: 'SERVICE_DOES_NOT_EXISTS', message: 'no' }));
  };
  return { rows, put, fetchFn, requests, onList: (f: (n: number) => void) => (afterList = f) };
}

describe('WebcastQnaClient.sync', () => {
  it('reads everything once, then only changes, re-reading the boundary second so a same-second change is not lost', async () => {
    const k = fakeKaltura();
    k.put('1_a', T);
    k.put('1_b', T + 1);
    const client = new WebcastQnaClient({ fetch: k.fetchFn, ks: 'KS' });
    const first = await client.sync('1_e', null);
    expect([...first.threads.questions.keys()].sort()).toEqual(['1_a', '1_b']);
    expect(first.cursor).toBe(T + 1);
    expect(k.requests[0]!.filter).not.toHaveProperty('updatedAtGreaterThanOrEqual');
    expect(k.requests[0]!.responseProfile).toEqual({ objectType: 'KalturaResponseProfileHolder', systemName: 'QandA' });

    // Written in the same second as the cursor, after the first read.
    k.put('1_c', T + 1);
    const second = await client.sync('1_e', first.cursor, first.threads);
    expect(k.requests.at(-1)!.filter.updatedAtGreaterThanOrEqual).toBe(T + 1);
    expect(second.changed).toEqual(['1_c']);
    expect(second.threads.questions.size).toBe(3);

    // Nothing new: the re-read boundary changes nothing.
    const third = await client.sync('1_e', second.cursor, second.threads);
    expect(third.changed).toEqual([]);
    expect(third.threads).toBe(second.threads);
    expect(third.cursor).toBe(T + 1);
  });

  it('pages by keyset without losing a row moved by a concurrent change, and through a crowded second', async () => {
    const k = fakeKaltura();
    for (let i = 0; i < 5; i++) k.put(`1_same${i}`, T); // more than a page in one second
    for (let i = 0; i < 6; i++) k.put(`1_q${i}`, T + 10 + i);
    // Between the first and second page, an early row changes and moves to the end.
    k.onList((n) => {
      if (n === 1) k.put('1_same0', T + 100, { assignees: [], state: 'Answered', type: 'Question' });
    });
    const client = new WebcastQnaClient({ fetch: k.fetchFn, ks: 'KS', pageSize: 2 });
    const result = await client.sync('1_e', null);
    expect(result.complete).toBe(true);
    expect(result.threads.questions.size).toBe(11);
    expect(result.threads.questions.get('1_same0')!.state).toBe('answered');
    expect(result.cursor).toBe(T + 100);
    // The same data merged again is a no-op (the sync's result is idempotent with mergeThreads).
    expect(mergeThreads(result.threads, []).threads).toBe(result.threads);
  });

  it('stops at maxPages with a cursor below which everything was read', async () => {
    const k = fakeKaltura();
    for (let i = 0; i < 10; i++) k.put(`1_q${i}`, T + i);
    const client = new WebcastQnaClient({ fetch: k.fetchFn, ks: 'KS', pageSize: 2, maxPages: 2 });
    const partial = await client.sync('1_e', null);
    expect(partial.complete).toBe(false);
    expect(partial.threads.questions.size).toBeLessThan(10);
    // Keyset pages overlap by the boundary second, so each page of 2 moves at least 1 row on.
    let rest = partial;
    for (let i = 0; i < 10 && !rest.complete; i++) {
      const cursorBefore = rest.cursor;
      rest = await client.sync('1_e', rest.cursor, rest.threads);
      expect(rest.cursor!).toBeGreaterThan(cursorBefore!);
    }
    expect(rest.complete).toBe(true);
    expect(rest.threads.questions.size).toBe(10);
    expect(rest.cursor).toBe(T + 9);
  });

  it('reports failures as KalturaApiError naming the step', async () => {
    const failing: Fetch = async () => new Response(JSON.stringify({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS "x". Error "-1,EXPIRED"', args: { KSID: 'EXPIRED' } }));
    const error = await new WebcastQnaClient({ fetch: failing, ks: 'KS' }).sync('1_e', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalturaApiError);
    expect(error).toMatchObject({ code: 'INVALID_KS', args: { KSID: 'EXPIRED' }, message: expect.stringMatching(/^Reading the Q&A threads: /) });
    const weird: Fetch = async () => new Response(JSON.stringify({ objects: 'no' }));
    await expect(new WebcastQnaClient({ fetch: weird, ks: 'KS' }).sync('1_e', null)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('WebcastQnaClient actions', () => {
  const root = { id: '1_q', userId: 'jane', metadataId: 42, metadata: { assignees: [], type: 'Question' as const, threadCreatorId: '##GuestHashSeparator7##' } };

  it('reply: one multirequest, the profile looked up the first time only, the failing part named', async () => {
    const bodies: any[] = [];
    let fail = false;
    const fetchFn: Fetch = async (_url, init) => {
      const body = JSON.parse(String(init?.body));
      bodies.push(body);
      const parts = Object.keys(body).filter((key) => /^\d+$/.test(key)).map((key) => body[key]);
      return new Response(JSON.stringify(parts.map((p: any) => {
        if (p.service === 'metadata_metadataprofile') return { objects: [{ id: 10001 }] };
        if (p.service === 'metadata_metadata') return fail ? { objectType: 'KalturaAPIException', code: 'INVALID_METADATA_DATA', message: 'bad xml' } : { id: 77 };
        return { id: '1_new' };
      })));
    };
    const client = new WebcastQnaClient({ fetch: fetchFn, ks: 'KS' });
    await expect(client.reply({ entryId: '1_e', root, text: 'hi', visibility: 'private' })).resolves.toEqual({ id: '1_new', metadataId: 77 });
    expect(bodies[0]['2'].xmlData).toBe('<metadata><ThreadId>1_q</ThreadId><Type>Answer</Type><ThreadCreatorId>##GuestHashSeparator7##</ThreadCreatorId></metadata>');
    await client.reply({ entryId: '1_e', root, text: 'hi all', visibility: 'public' });
    expect(bodies[1]['0'].service).toBe('cuepoint_cuepoint');
    expect(bodies[1]['1'].metadataProfileId).toBe(10001);
    expect(bodies[1]['1'].xmlData).toContain('<Type>AnswerOnAir</Type>');
    fail = true;
    await expect(client.announce({ entryId: '1_e', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_METADATA_DATA', message: 'Posting the announcement failed at metadata_metadata.add: bad xml' });
  });

  it('setState and claim rewrite the root document; a root without metadata is a clear error', async () => {
    const bodies: any[] = [];
    const fetchFn: Fetch = async (url, init) => {
      bodies.push({ url, ...JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ id: 42 }));
    };
    const client = new WebcastQnaClient({ fetch: fetchFn, ks: () => 'KS2' });
    await client.setState(root, 'Deleted');
    expect(bodies[0]).toMatchObject({ url: 'https://www.kaltura.com/api_v3/service/metadata_metadata/action/update', id: 42, ks: 'KS2', xmlData: '<metadata><State>Deleted</State><Type>Question</Type><ThreadCreatorId>##GuestHashSeparator7##</ThreadCreatorId></metadata>' });
    await expect(client.claim(root, 'mod-a')).resolves.toMatchObject({ assignees: ['mod-a'], state: 'Assigned' });
    expect(bodies[1].xmlData).toBe('<metadata><Assignees>mod-a</Assignees><State>Assigned</State><Type>Question</Type><ThreadCreatorId>##GuestHashSeparator7##</ThreadCreatorId></metadata>');
    await expect(client.setState({ ...root, metadataId: null }, 'Pending')).rejects.toMatchObject({ code: 'QNA_NO_METADATA' });
    expect(emptyThreads().questions.size).toBe(0);
  });
});
