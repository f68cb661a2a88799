// @vitest-environment node
/**
 * Contract test (issue 3): requests built by the official `kaltura-client` package are sent to the
 * sandbox, and its answers must be what that client expects. The client sends through
 * `client.axios(options)` (KalturaClientBase.js doHttpRequest: POST, JSON body, `Content-Type:
 * application/json`); we swap that one function for an HTTPS call to the sandbox with the real Host
 * and SNI, and keep the client's own response handling (errors → rejected KalturaAPIException,
 * multirequest → array). Each returned object must be a class the client knows (KalturaModel.js)
 * with only properties that class declares.
 */
import kaltura from 'kaltura-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { fetchHost } from './helpers';

let sb: Sandbox;
const PID = 1234567;
const WEBCAST = '1_webcast3';
interface Sent {
  url: string;
  headers: Record<string, string>;
  body: any;
}
const sent: Sent[] = [];

function makeClient(ks?: string): any {
  const config = new kaltura.Configuration();
  config.serviceUrl = 'https://www.kaltura.com';
  const client = new kaltura.Client(config);
  client.axios = async (options: { url: string; method: string; headers: Record<string, string>; data: string }) => {
    const url = new URL(options.url);
    sent.push({ url: options.url, headers: options.headers, body: JSON.parse(options.data) });
    const r = await fetchHost(sb.port, url.hostname, url.pathname + url.search, { method: options.method.toUpperCase(), headers: options.headers, body: options.data });
    expect(r.status).toBe(200);
    return { data: JSON.parse(r.body), headers: r.headers };
  };
  if (ks) client.setKs(ks);
  return client;
}

/** Server-side KalturaObject::$relatedObjects exists on every object; this client version only models it on some. */
const BASE_FIELDS = new Set(['objectType', 'relatedObjects']);

/** Assert `value` (and nested Kaltura objects) deserialise into client classes with known properties. */
function expectClientShape(value: unknown, path = 'result'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => expectClientShape(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.objectType !== 'string') {
    for (const [k, v] of Object.entries(o)) expectClientShape(v, `${path}.${k}`);
    return;
  }
  const cls = kaltura.objects[o.objectType.replace(/^Kaltura/, '')];
  expect(cls, `${path}: client has no class for ${o.objectType}`).toBeTypeOf('function');
  for (const [k, v] of Object.entries(o)) {
    if (!BASE_FIELDS.has(k)) {
      const getter = `get${k[0]!.toUpperCase()}${k.slice(1)}`;
      expect(typeof cls.prototype[getter], `${path}: ${o.objectType} has no property ${k}`).toBe('function');
    }
    expectClientShape(v, `${path}.${k}`);
  }
}

let adminKs: string;
let userKs: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  adminKs = await kaltura.services.session.start(sb.info.adminSecret, 'moderator-1', kaltura.enums.SessionType.ADMIN, PID).execute(makeClient());
  userKs = await kaltura.services.session.start(sb.info.adminSecret, 'attendee-1', kaltura.enums.SessionType.USER, PID, 3600, 'sview:*').execute(makeClient());
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('contract with the official kaltura-client', () => {
  it('session.start: JSON body with format=1 to /api_v3/service/session/action/start, a djJ8 KS back', () => {
    expect(adminKs).toMatch(/^djJ8/);
    const req = sent.find((s) => s.url.endsWith('/session/action/start'))!;
    expect(req.url).toBe('https://www.kaltura.com/api_v3/service/session/action/start');
    expect(req.headers['Content-Type']).toBe('application/json');
    expect(req.body).toMatchObject({ format: 1, partnerId: PID, type: 2, userId: 'moderator-1' });
    expect(req.body.apiVersion).toBeTruthy();
  });

  it('session.get answers a KalturaSessionInfo', async () => {
    const info = await kaltura.services.session.get().execute(makeClient(adminKs));
    expect(info).toMatchObject({ objectType: 'KalturaSessionInfo', partnerId: PID, userId: 'moderator-1', sessionType: 2 });
    expectClientShape(info);
  });

  it('an error comes back as a rejected KalturaAPIException', async () => {
    const err = await kaltura.services.session.start('wrong', 'u', 0, PID).execute(makeClient()).catch((e: unknown) => e);
    expect(err).toMatchObject({ objectType: 'KalturaAPIException', code: 'START_SESSION_ERROR' });
    expect(typeof err.message).toBe('string');
  });

  let questionId = '';
  let metadataId = 0;

  it('multirequest: the 4-part "ask a question" flow with {2:result:id}', async () => {
    const profileFilter = new kaltura.objects.MetadataProfileFilter();
    profileFilter.systemNameEqual = 'Kaltura-QnA';
    const cuePoint = new kaltura.objects.Annotation();
    cuePoint.entryId = WEBCAST;
    cuePoint.text = 'How does the contract test work?';
    cuePoint.isPublic = 1;
    cuePoint.searchableOnEntry = 0;
    cuePoint.startTime = 0;
    cuePoint.systemName = 'b8a7c6d5-0000-4000-8000-000000000001';
    const xml = '<metadata><ThreadId>{2:result:id}</ThreadId><Type>Question</Type><ThreadCreatorId>attendee-1</ThreadCreatorId></metadata>';
    const tagged = new kaltura.objects.Annotation();
    tagged.tags = 'qna';
    const profileId = sb.state.metadata.profiles[0]!.id;
    const multi = kaltura.services.metadataProfile
      .listAction(profileFilter)
      .add(kaltura.services.cuePoint.add(cuePoint))
      .add(kaltura.services.metadata.add(profileId, kaltura.enums.MetadataObjectType.ANNOTATION ?? 'annotationMetadata.Annotation', '{2:result:id}', xml))
      .add(kaltura.services.cuePoint.update('{2:result:id}', tagged));
    const results = await multi.execute(makeClient(userKs));
    const req = sent[sent.length - 1]!;
    expect(req.url).toBe('https://www.kaltura.com/api_v3/service/multirequest');
    expect(Object.keys(req.body).filter((k) => /^\d+$/.test(k))).toEqual(['0', '1', '2', '3']);
    expect(results).toHaveLength(4);
    const [profiles, added, meta, updated] = results;
    expect(profiles).toMatchObject({ objectType: 'KalturaMetadataProfileListResponse', totalCount: 1 });
    expect(added).toMatchObject({ objectType: 'KalturaAnnotation', userId: 'attendee-1', entryId: WEBCAST });
    expect(meta).toMatchObject({ objectType: 'KalturaMetadata', objectId: added.id, xml: xml.replace('{2:result:id}', added.id) });
    expect(updated).toMatchObject({ id: added.id, tags: 'qna' });
    results.forEach((r: unknown, i: number) => expectClientShape(r, `part ${i + 1}`));
    questionId = added.id;
    metadataId = meta.id;
  });

  it('cuePoint.list with the QandA response profile', async () => {
    const filter = new kaltura.objects.AnnotationFilter();
    filter.entryIdIn = WEBCAST;
    filter.tagsLike = 'qna';
    filter.isPublicEqual = 1;
    filter.createdAtGreaterThanOrEqual = -3600;
    const profile = new kaltura.objects.ResponseProfileHolder();
    profile.systemName = 'QandA';
    const pager = new kaltura.objects.FilterPager();
    pager.pageSize = 50;
    const list = await kaltura.services.cuePoint.listAction(filter, pager).setResponseProfile(profile).execute(makeClient(userKs));
    expect(list.objectType).toBe('KalturaCuePointListResponse');
    const q = list.objects.find((o: any) => o.id === questionId);
    expect(q.relatedObjects.QandA_ResponseProfile.objects[0].xml).toContain('<Type>Question</Type>');
    expectClientShape(list);
  });

  it('metadata.update (moderator marks it answered) bumps the cue point', async () => {
    const xml = `<metadata><State>Answered</State><ThreadId>${questionId}</ThreadId><Type>Question</Type><ThreadCreatorId>attendee-1</ThreadCreatorId></metadata>`;
    const m = await kaltura.services.metadata.update(metadataId, xml).execute(makeClient(adminKs));
    expect(m).toMatchObject({ objectType: 'KalturaMetadata', id: metadataId, version: 2, xml });
    expectClientShape(m);
    const bad = await kaltura.services.metadata.update(metadataId, '<metadata><Type>Question</Type><State>Answered</State></metadata>').execute(makeClient(adminKs)).catch((e: unknown) => e);
    expect(bad).toMatchObject({ objectType: 'KalturaAPIException', code: 'INVALID_METADATA_DATA' });
  });

  it('report.getTotal and report.getTable for 70001 with a pipe delimiter', async () => {
    const now = Math.floor(Date.now() / 1000);
    sb.state.activity.record({ at: now, kind: 'login', userId: 'attendee-1', entryId: '1_sessiona1', virtualEventId: 7654321 });
    const filter = new kaltura.objects.EndUserReportInputFilter();
    filter.fromDate = now - 3600;
    filter.toDate = now + 3600;
    filter.virtualEventIdIn = '7654321';
    const options = new kaltura.objects.ReportResponseOptions();
    options.delimiter = '|';
    const total = await kaltura.services.report.getTotal('70001', filter, null, options).execute(makeClient(adminKs));
    expect(total.objectType).toBe('KalturaReportTotal');
    expect(total.header.split('|')).toHaveLength(9);
    expect(total.data.split('|').at(-1)).toBe('1');
    expectClientShape(total);
    const pager = new kaltura.objects.FilterPager();
    pager.pageSize = 10;
    const table = await kaltura.services.report.getTable('70001', filter, pager, null, null, options).execute(makeClient(adminKs));
    expect(table).toMatchObject({ objectType: 'KalturaReportTable' });
    expect(table.totalCount).toBeGreaterThanOrEqual(1);
    expectClientShape(table);
  });
});
