// @vitest-environment node
// Contract: the requests lib/kaltura builds equal what the official client (kaltura-client, the reference
// for request shapes; AGPL, so a dev dependency used by tests only) builds for the same call.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { API_VERSION, buildRequest, callApi, KalturaApiError } from '@/lib/kaltura/api';
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
