// @vitest-environment node
// Contract: the multirequest we build equals the official client's (kaltura-client MultiRequestBuilder),
// except clientTag and kalsig; and callMultiRequest keeps a failed part's error in its slot.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { buildMultiRequest, buildRequest, callMultiRequest, KalturaApiError, resultRef } from '@/lib/kaltura/api';

const kaltura = createRequire(import.meta.url)('kaltura-client');
const KS = 'djJ8MTIzNDU2N3xmYWtlLWVuY3J5cHRlZC1wYXJ0';

function officialRequest(build: (k: any) => any, ks = KS): { url: string; method: string; headers: Record<string, string>; data: string } {
  const config = new kaltura.Configuration();
  config.serviceUrl = 'https://www.kaltura.com';
  const client = new kaltura.Client(config);
  client.log = () => undefined;
  client.setKs(ks);
  let captured: any;
  client.axios = (options: any) => {
    captured = options;
    return new Promise(() => undefined);
  };
  void build(kaltura).execute(client);
  if (!captured) throw new Error('the official client sent nothing');
  return captured;
}

const comparable = (body: unknown) => {
  const { clientTag: _t, kalsig: _s, ...rest } = JSON.parse(String(body));
  return rest;
};

describe('multirequest', () => {
  it('matches the official MultiRequestBuilder: URL, headers, 0-based parts, common fields once', () => {
    const official = officialRequest((k) =>
      new k.MultiRequestBuilder()
        .add(k.services.session.get(KS))
        .add(k.services.cuePoint.get('{1:result:id}')),
    );
    const ours = buildMultiRequest(
      [
        { service: 'session', action: 'get', params: { session: KS } },
        { service: 'cuepoint_cuepoint', action: 'get', params: { id: resultRef(1, 'id') } },
      ],
      { ks: KS },
    );
    expect(ours.url).toBe(official.url);
    expect(ours.url).toBe('https://www.kaltura.com/api_v3/service/multirequest');
    expect(ours.init.method?.toLowerCase()).toBe(official.method);
    expect(ours.init.headers).toEqual(official.headers);
    expect(comparable(ours.init.body)).toEqual(comparable(official.data));
  });

  it('leaves single requests as they were', () => {
    const single = buildRequest({ service: 'session', action: 'get', params: { session: KS }, ks: KS });
    expect(single.url).toBe('https://www.kaltura.com/api_v3/service/session/action/get');
  });

  it('resultRef names a part from 1', () => {
    expect(resultRef(2, 'objects', 0, 'id')).toBe('{2:result:objects:0:id}');
  });

  it('keeps a failed part in its slot', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify([{ id: 'a' }, { objectType: 'KalturaAPIException', code: 'INVALID_CUE_POINT_ID', message: 'nope', args: { ID: 'x' } }])));
    const results = await callMultiRequest(fetchFn, [
      { service: 'cuepoint_cuepoint', action: 'get', params: { id: 'a' } },
      { service: 'cuepoint_cuepoint', action: 'get', params: { id: 'x' } },
    ], { ks: KS });
    expect(results[0]).toEqual({ ok: true, value: { id: 'a' } });
    expect(results[1]!.ok).toBe(false);
    expect(!results[1]!.ok && results[1]!.error).toBeInstanceOf(KalturaApiError);
    expect(!results[1]!.ok && results[1]!.error).toMatchObject({ code: 'INVALID_CUE_POINT_ID', args: { ID: 'x' } });
  });

  it('rejects a whole-request failure and an answer of the wrong shape', async () => {
    const exception = vi.fn(async () => new Response(JSON.stringify({ objectType: 'KalturaAPIException', code: 'INVALID_KS', message: 'Invalid KS' })));
    await expect(callMultiRequest(exception, [{ service: 'session', action: 'get' }])).rejects.toMatchObject({ code: 'INVALID_KS' });
    const short = vi.fn(async () => new Response(JSON.stringify([])));
    await expect(callMultiRequest(short, [{ service: 'session', action: 'get' }])).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    const down = vi.fn(async () => new Response('', { status: 502 }));
    await expect(callMultiRequest(down, [{ service: 'session', action: 'get' }])).rejects.toMatchObject({ code: 'HTTP_502' });
  });
});
