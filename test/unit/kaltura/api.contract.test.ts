// @vitest-environment node
// Contract: the requests lib/kaltura builds equal what the official client (kaltura-client, the reference
// for request shapes; AGPL, so a dev dependency used by tests only) builds for the same call.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { Errors, KS_EXPIRED, KS_INVALID_STR } from '../../../sandbox/kaltura/errors';
import { API_VERSION, buildRequest, callApi, callMultiRequest, KalturaApiError, scrubSecrets } from '@/lib/kaltura/api';
import { pollsErrorFrom } from '@/lib/kaltura/polls/client';
import { v2Ks } from '../fixtures';
import { getSessionInfo } from '@/lib/kaltura/session-info';

const kaltura = createRequire(import.meta.url)('kaltura-client');

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  data: string;
}

/** What the official client would send for a call, captured before it reaches the network. */
function officialRequest(build: (k: any) => any, ks?: string): Captured {
  const config = new kaltura.Configuration();
  config.serviceUrl = 'https://www.kaltura.com';
  const client = new kaltura.Client(config);
  client.log = () => undefined; // it would print the KS
  if (ks) client.setKs(ks);
  let captured: Captured | undefined;
  client.axios = (options: Captured) => {
    captured = options;
    return new Promise(() => undefined);
  };
  void build(kaltura).execute(client);
  if (!captured) throw new Error('the official client sent nothing');
  return captured;
}

/** The body without what differs by design: our client tag, and the official client's signature. */
const comparable = (body: string) => {
  const { clientTag: _tag, kalsig: _sig, ...rest } = JSON.parse(body);
  return rest;
};

const KS = 'djJ8MTIzNDU2N3xmYWtlLWVuY3J5cHRlZC1wYXJ0';

describe('API v3 requests match the official client', () => {
  it('session.get', () => {
    const official = officialRequest((k) => k.services.session.get(KS), KS);
    const ours = buildRequest({ service: 'session', action: 'get', params: { session: KS }, ks: KS });
    expect(ours.url).toBe(official.url);
    expect(ours.init.method?.toLowerCase()).toBe(official.method);
    expect((ours.init.headers as Record<string, string>)['Content-Type']).toBe(official.headers['Content-Type']);
    expect(comparable(String(ours.init.body))).toEqual(comparable(official.data));
  });

  it('declares the API version the reference client declares', () => {
    expect(JSON.parse(officialRequest((k) => k.services.session.get(KS), KS).data).apiVersion).toBe(API_VERSION);
  });
});

describe('callApi', () => {
  const respond = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status }));

  it('turns a KalturaAPIException (HTTP 200) into an error with its code and args', async () => {
    const fetchFn = respond({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS', args: { ERR_DESC: 'EXPIRED' } });
    const error = await callApi(fetchFn, { service: 'session', action: 'get' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalturaApiError);
    expect(error).toMatchObject({ code: 'INVALID_KS', args: { ERR_DESC: 'EXPIRED' } });
  });

  it.each([
    [vi.fn(async () => new Response('<xml/>', { status: 200 })), 'BAD_RESPONSE'],
    [vi.fn(async () => new Response('', { status: 503 })), 'HTTP_503'],
    [vi.fn(async () => { throw new TypeError('Failed to fetch'); }), 'NETWORK'],
  ])('reports a failed call clearly (%#)', async (fetchFn, code) => {
    await expect(callApi(fetchFn, { service: 'session', action: 'get' })).rejects.toMatchObject({ code });
  });

  it('reads a KalturaSessionInfo', async () => {
    const fetchFn = respond({ objectType: 'KalturaSessionInfo', sessionType: 2, partnerId: 1234567, userId: 'm', expiry: 99, privileges: 'virtualeventid:55' });
    await expect(getSessionInfo(fetchFn, KS)).resolves.toEqual({ type: 'ADMIN', partnerId: 1234567, userId: 'm', expiresAt: 99, virtualEventId: '55' });
  });
});

// KALTURA.md §3: INVALID_KS carries the KS in args.KSID and in its message on some paths. Errors go to the
// panel, storage.session and storage.local: none may hold a KS.
describe('errors never carry a KS', () => {
  const PAGE_KS = v2Ks(1234567, 'page');
  const OTHER_KS = v2Ks(7654321, 'other');
  const V1_KS = Buffer.from(`${'a'.repeat(40)}|1234567;1234567;2000000000;2;123;moderator@example.com;sview:*`).toString('base64');
  const answer = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }));
  const leaks = (error: unknown, ...secrets: string[]) => {
    const e = error as KalturaApiError;
    const text = [e.message, e.code, JSON.stringify(e.args), JSON.stringify(e)].join(' ');
    return secrets.filter((s) => text.includes(s) || text.includes(s.slice(0, 24)));
  };

  it.each([
    ['expired', KS_EXPIRED],
    ['invalid', KS_INVALID_STR],
  ])('scrubs the KS from a sandbox-shaped INVALID_KS (%s), keeping the reason', async (_name, why) => {
    const body = Errors.invalidKs(PAGE_KS, why).toJSON();
    expect(JSON.stringify(body)).toContain(PAGE_KS);
    const error = await getSessionInfoError(answer(body));
    expect(error).toBeInstanceOf(KalturaApiError);
    expect(leaks(error, PAGE_KS)).toEqual([]);
    expect(error).toMatchObject({ code: 'INVALID_KS', message: expect.stringMatching(/^Invalid KS \[\[redacted\]\]/), args: { KSID: '[redacted]', ERR_DESC: why.desc } });
  });

  async function getSessionInfoError(fetchFn: ReturnType<typeof answer>) {
    return callApi(fetchFn, { service: 'session', action: 'get', params: { session: PAGE_KS }, ks: PAGE_KS }).catch((e: unknown) => e);
  }

  it('scrubs anything KS-shaped, not only the KS of the call (v2, v1, a cut-off v2)', async () => {
    const body = { objectType: 'KalturaAPIException', code: 'X', message: `a ${OTHER_KS} b ${V1_KS} c ${OTHER_KS.slice(0, 30)}`, args: { K: V1_KS } };
    const error = await callApi(answer(body), { service: 'x', action: 'y' }).catch((e: unknown) => e);
    expect(leaks(error, OTHER_KS, V1_KS)).toEqual([]);
    expect((error as Error).message).toBe('a [redacted] b [redacted] c [redacted]');
  });

  it("scrubs a multirequest part's error", async () => {
    const body = [{ objects: [] }, Errors.invalidKs(PAGE_KS, KS_EXPIRED).toJSON()];
    const [, failed] = await callMultiRequest(answer(body), [{ service: 'a', action: 'b' }, { service: 'c', action: 'd' }], { ks: PAGE_KS });
    expect(failed!.ok).toBe(false);
    expect(leaks((failed as { error: KalturaApiError }).error, PAGE_KS)).toEqual([]);
  });

  it('keeps ordinary text, and caps what it keeps', () => {
    expect(scrubSecrets('Entry id [1_abcd1234] not found')).toBe('Entry id [1_abcd1234] not found');
    expect(scrubSecrets('x'.repeat(100_000)).length).toBeLessThanOrEqual(501);
  });

  it('scrubs the KS from a polls error the panel shows', () => {
    const error = pollsErrorFrom(422, { error: 'VALIDATION', message: `bad poll for ${PAGE_KS}`, field: 'content.options' }, 'create', [PAGE_KS]);
    expect(error.message).not.toContain(PAGE_KS.slice(0, 24));
  });
});
