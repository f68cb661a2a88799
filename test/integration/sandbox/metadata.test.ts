// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { validateQnaXml } from '../../../sandbox/kaltura/qna-schema';
import { api, form } from './helpers';

let sb: Sandbox;
let admin: string;
let alice: string;
const PID = 1234567;
const WEBCAST = '1_webcast3';
const call = (path: string, body: Record<string, unknown>) => api(sb.port, `/api_v3/service/${path}`, JSON.stringify({ format: 1, ...body }), 'application/json') as Promise<any>;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'moderator-1', privileges: '' });
  alice = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'alice', privileges: 'sview:*' });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('Kaltura-QnA schema', () => {
  it('accepts the sequence with optional parts', () => {
    expect(validateQnaXml('<metadata><Type>Question</Type></metadata>')).toMatchObject({ fields: { Type: 'Question' } });
    const full = validateQnaXml('<?xml version="1.0"?><metadata><Assignees>a</Assignees><Assignees>b</Assignees><State>Pending</State><ThreadId>1_x</ThreadId><Type>Question</Type><ThreadCreatorId>##GuestHashSeparator123##</ThreadCreatorId></metadata>');
    expect(full).toMatchObject({ fields: { Assignees: ['a', 'b'], State: 'Pending', ThreadId: '1_x', ThreadCreatorId: '##GuestHashSeparator123##' } });
  });
  it('refuses wrong order, bad enumerations, a missing Type, duplicates and junk', () => {
    expect(validateQnaXml('<metadata><Type>Question</Type><ThreadId>1</ThreadId></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('<metadata><State>Open</State><Type>Question</Type></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('<metadata><Type>Comment</Type></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('<metadata><ThreadId>1</ThreadId></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('<metadata><Type>Question</Type><Type>Answer</Type></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('<metadata><Type>Question</Type><Foo>1</Foo></metadata>')).toHaveProperty('error');
    expect(validateQnaXml('not xml')).toHaveProperty('error');
  });
});

describe('metadata services', () => {
  it('metadataProfile.list finds Kaltura-QnA by systemName', async () => {
    const r = await api(sb.port, '/api_v3/service/metadata_metadataprofile/action/list', form({ format: 1, ks: alice, 'filter[systemNameEqual]': 'Kaltura-QnA' }), 'application/x-www-form-urlencoded') as any;
    expect(r).toMatchObject({ objectType: 'KalturaMetadataProfileListResponse', totalCount: 1 });
    expect(r.objects[0]).toMatchObject({ systemName: 'Kaltura-QnA', metadataObjectType: 'annotationMetadata.Annotation' });
    const none = await call('metadata_metadataprofile/action/list', { ks: alice, filter: { systemNameEqual: 'Other' } });
    expect(none.totalCount).toBe(0);
  });

  it('add validates XML, bumps updatedAt, list needs the annotation object type, update replaces', async () => {
    const profileId = (await call('metadata_metadataprofile/action/list', { ks: alice, filter: { systemNameEqual: 'Kaltura-QnA' } })).objects[0].id;
    const cp = await call('cuepoint_cuepoint/action/add', { ks: alice, cuePoint: { objectType: 'KalturaAnnotation', entryId: WEBCAST, text: 'q?', isPublic: 1 } });
    const add = (xmlData: string) => call('metadata_metadata/action/add', { ks: alice, metadataProfileId: profileId, objectType: 'annotationMetadata.Annotation', objectId: cp.id, xmlData });
    expect(await add('<metadata><Type>Question</Type><ThreadId>x</ThreadId></metadata>')).toMatchObject({ code: 'INVALID_METADATA_DATA' });
    const realNow = sb.state.now;
    const t0 = realNow();
    sb.state.now = () => t0 + 30;
    try {
      const m = await add(`<metadata><ThreadId>${cp.id}</ThreadId><Type>Question</Type><ThreadCreatorId>alice</ThreadCreatorId></metadata>`);
      expect(m).toMatchObject({ objectType: 'KalturaMetadata', objectId: cp.id, version: 1, metadataObjectType: 'annotationMetadata.Annotation' });
      expect((await call('cuepoint_cuepoint/action/get', { ks: alice, id: cp.id })).updatedAt).toBe(t0 + 30);
      expect(await add('<metadata><Type>Question</Type></metadata>')).toMatchObject({ code: 'METADATA_ALREADY_EXISTS' });

      expect((await call('metadata_metadata/action/list', { ks: admin, filter: { objectIdEqual: cp.id } })).totalCount).toBe(0);
      const listed = await call('metadata_metadata/action/list', { ks: admin, filter: { objectType: 'KalturaMetadataFilter', metadataObjectTypeEqual: 'annotationMetadata.Annotation', objectIdEqual: cp.id } });
      expect(listed.objects.map((o: any) => o.id)).toEqual([m.id]);

      sb.state.now = () => t0 + 60;
      const xml = `<metadata><State>Answered</State><ThreadId>${cp.id}</ThreadId><Type>Question</Type></metadata>`;
      const bad = await call('metadata_metadata/action/update', { ks: admin, id: m.id, xmlData: '<metadata><State>Nope</State><Type>Question</Type></metadata>' });
      expect(bad).toMatchObject({ code: 'INVALID_METADATA_DATA' });
      const up = await call('metadata_metadata/action/update', { ks: admin, id: m.id, xmlData: xml });
      expect(up).toMatchObject({ id: m.id, version: 2, xml });
      expect((await call('cuepoint_cuepoint/action/get', { ks: admin, id: cp.id })).updatedAt).toBe(t0 + 60);

      // QandA response profile carries the XML.
      const r = await call('cuepoint_cuepoint/action/list', {
        ks: alice,
        filter: { objectType: 'KalturaAnnotationFilter', entryIdIn: WEBCAST, idIn: cp.id },
        responseProfile: { objectType: 'KalturaResponseProfileHolder', systemName: 'QandA' },
      });
      const o = r.objects[0];
      expect(o.relatedObjects.QandA_ResponseProfile.objects[0].xml).toBe(xml);
      // Only the profile's fields (those set on this cue point) plus relatedObjects.
      expect(Object.keys(o).sort()).toEqual(['createdAt', 'id', 'objectType', 'relatedObjects', 'text', 'updatedAt', 'userId']);
      expect(o).not.toHaveProperty('entryId');
    } finally {
      sb.state.now = realNow;
    }
  });

  it('a user may not change metadata of another user; unknown profile and id are refused', async () => {
    const cp = await call('cuepoint_cuepoint/action/add', { ks: admin, cuePoint: { objectType: 'KalturaAnnotation', entryId: WEBCAST, text: 'announce', isPublic: 1 } });
    const r = await call('metadata_metadata/action/add', { ks: alice, metadataProfileId: 10001, objectType: 'annotationMetadata.Annotation', objectId: cp.id, xmlData: '<metadata><Type>Announcement</Type></metadata>' });
    expect(r).toMatchObject({ code: 'INVALID_USER_ID' });
    expect(await call('metadata_metadata/action/add', { ks: admin, metadataProfileId: 42, objectType: 'annotationMetadata.Annotation', objectId: cp.id, xmlData: '<metadata><Type>Announcement</Type></metadata>' })).toMatchObject({ code: 'INVALID_METADATA_PROFILE' });
    expect(await call('metadata_metadata/action/update', { ks: admin, id: 1, xmlData: '<metadata><Type>Answer</Type></metadata>' })).toMatchObject({ code: 'METADATA_NOT_FOUND' });
  });

  it('an unknown response profile is refused', async () => {
    const r = await call('cuepoint_cuepoint/action/list', { ks: admin, filter: { objectType: 'KalturaAnnotationFilter', entryIdEqual: WEBCAST }, responseProfile: { systemName: 'Nope' } });
    expect(r).toMatchObject({ code: 'RESPONSE_PROFILE_NAME_NOT_FOUND' });
  });
});
