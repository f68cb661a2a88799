// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { api } from './helpers';

let sb: Sandbox;
let admin: string;
let alice: string;
let bob: string;
const PID = 1234567;
const WEBCAST = '1_webcast3';

const call = (path: string, body: Record<string, unknown>) => api(sb.port, `/api_v3/service/${path}`, JSON.stringify({ format: 1, ...body }), 'application/json') as Promise<any>;
const ask = (ks: string, text: string, extra: Record<string, unknown> = {}) =>
  call('cuepoint_cuepoint/action/add', { ks, cuePoint: { objectType: 'KalturaAnnotation', entryId: WEBCAST, text, isPublic: 0, startTime: 0, ...extra } });
const list = (ks: string, filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call('cuepoint_cuepoint/action/list', { ks, filter: { objectType: 'KalturaAnnotationFilter', ...filter }, ...extra });

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'moderator-1', privileges: '' });
  alice = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'alice', privileges: 'sview:*' });
  bob = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'bob', privileges: 'sview:*' });
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

describe('cuepoint_cuepoint', () => {
  it('add returns a KalturaAnnotation owned by the KS user, get finds it', async () => {
    const cp = await ask(alice, 'hello', { userId: 'someone-else' });
    expect(cp).toMatchObject({ objectType: 'KalturaAnnotation', cuePointType: 'annotation.Annotation', entryId: WEBCAST, text: 'hello', userId: 'alice', isPublic: false, status: 1 });
    expect(cp.id).toMatch(/^1_[a-z0-9]{8}$/);
    expect(await call('cuepoint_cuepoint/action/get', { ks: alice, id: cp.id })).toMatchObject({ id: cp.id });
  });

  it('refuses an unknown entry and an abstract type', async () => {
    expect(await call('cuepoint_cuepoint/action/add', { ks: alice, cuePoint: { objectType: 'KalturaAnnotation', entryId: '1_nosuch', text: 'x' } })).toMatchObject({ code: 'INVALID_ENTRY_ID' });
    expect(await call('cuepoint_cuepoint/action/add', { ks: alice, cuePoint: { objectType: 'KalturaCuePoint', entryId: WEBCAST } })).toMatchObject({ code: 'OBJECT_TYPE_ABSTRACT' });
  });

  it('list needs an entry or id filter', async () => {
    expect(await list(admin, { tagsLike: 'qna' })).toMatchObject({ code: 'PROPERTY_VALIDATION_CANNOT_BE_NULL' });
  });

  it('a user KS sees its own and public annotations only; an admin or list:* sees all', async () => {
    const priv = await ask(bob, 'bob private');
    const pub = await ask(admin, 'public answer', { isPublic: 1 });
    const ids = (r: any) => r.objects.map((o: any) => o.id);
    const asAlice = ids(await list(alice, { entryIdEqual: WEBCAST }));
    expect(asAlice).toContain(pub.id);
    expect(asAlice).not.toContain(priv.id);
    expect(ids(await list(bob, { entryIdEqual: WEBCAST }))).toContain(priv.id);
    expect(ids(await list(admin, { entryIdEqual: WEBCAST }))).toContain(priv.id);
    const lister = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'x', privileges: 'list:*' });
    expect(ids(await list(lister, { entryIdEqual: WEBCAST }))).toContain(priv.id);
    expect(await call('cuepoint_cuepoint/action/get', { ks: alice, id: priv.id })).toMatchObject({ code: 'INVALID_CUE_POINT_ID' });
  });

  it('a user may edit only its own cue points; editcuepoint:* may edit any', async () => {
    const cp = await ask(bob, 'mine');
    const upd = (ks: string) => call('cuepoint_cuepoint/action/update', { ks, id: cp.id, cuePoint: { objectType: 'KalturaAnnotation', tags: 'qna' } });
    const pubCp = await ask(bob, 'public one', { isPublic: 1 });
    expect(await call('cuepoint_cuepoint/action/update', { ks: alice, id: pubCp.id, cuePoint: { objectType: 'KalturaAnnotation', tags: 'x' } })).toMatchObject({ code: 'INVALID_USER_ID' });
    expect(await upd(bob)).toMatchObject({ id: cp.id, tags: 'qna' });
    const editor = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'ed', privileges: 'editcuepoint:*,list:*' });
    expect(await upd(editor)).toMatchObject({ tags: 'qna' });
  });

  it('filters: tagsLike, isPublicEqual, idIn, parentIdEqual, cuePointTypeEqual, relative updatedAt', async () => {
    const root = await ask(alice, 'root q');
    await call('cuepoint_cuepoint/action/update', { ks: alice, id: root.id, cuePoint: { objectType: 'KalturaAnnotation', tags: 'qna' } });
    const reply = await ask(admin, 'reply', { parentId: root.id, isPublic: 1, tags: 'qna' });
    expect(reply.depth).toBe(1);
    const r1 = await list(admin, { entryIdIn: `${WEBCAST},1_other`, tagsLike: 'qna', parentIdEqual: root.id });
    expect(r1.objects.map((o: any) => o.id)).toEqual([reply.id]);
    const r2 = await list(admin, { idIn: `${root.id},${reply.id}`, isPublicEqual: 1 });
    expect(r2.objects.map((o: any) => o.id)).toEqual([reply.id]);
    const code = await call('cuepoint_cuepoint/action/list', { ks: alice, filter: { objectType: 'KalturaCuePointFilter', entryIdEqual: WEBCAST, cuePointTypeEqual: 'codeCuePoint.Code' } });
    expect(code.objects).toHaveLength(1);
    const realNow = sb.state.now;
    const t0 = realNow();
    sb.state.now = () => t0 + 100;
    try {
      await call('cuepoint_cuepoint/action/update', { ks: alice, id: root.id, cuePoint: { objectType: 'KalturaAnnotation', text: 'edited' } });
      const recent = await list(admin, { entryIdEqual: WEBCAST, updatedAtGreaterThanOrEqual: -10 });
      expect(recent.objects.map((o: any) => o.id)).toEqual([root.id]);
      expect((await list(admin, { entryIdEqual: WEBCAST, updatedAtGreaterThanOrEqual: t0 + 50 })).objects.map((o: any) => o.id)).toEqual([root.id]);
    } finally {
      sb.state.now = realNow;
    }
  });

  it('pager: 500 without a pager, 30 by default with one', async () => {
    for (let i = 0; i < 35; i++) await ask(admin, `bulk ${i}`, { isPublic: 1, tags: 'bulk' });
    const none = await list(admin, { entryIdEqual: WEBCAST, tagsLike: 'bulk' });
    expect(none.objects).toHaveLength(35);
    const paged = await list(admin, { entryIdEqual: WEBCAST, tagsLike: 'bulk' }, { pager: { objectType: 'KalturaFilterPager' } });
    expect(paged.objects).toHaveLength(30);
    expect(paged.totalCount).toBe(35);
    const p2 = await list(admin, { entryIdEqual: WEBCAST, tagsLike: 'bulk' }, { pager: { pageSize: 30, pageIndex: 2 } });
    expect(p2.objects).toHaveLength(5);
  });

  it('delete hides the cue point; only the owner may delete', async () => {
    const cp = await ask(alice, 'to delete');
    expect(await call('cuepoint_cuepoint/action/delete', { ks: bob, id: cp.id })).toMatchObject({ code: 'INVALID_CUE_POINT_ID' });
    expect(await call('cuepoint_cuepoint/action/delete', { ks: alice, id: cp.id })).toBeNull();
    expect(await call('cuepoint_cuepoint/action/get', { ks: admin, id: cp.id })).toMatchObject({ code: 'INVALID_CUE_POINT_ID' });
  });

  it('seeds the webcast settings code cue point', async () => {
    const r = await call('cuepoint_cuepoint/action/list', { ks: alice, filter: { objectType: 'KalturaCodeCuePointFilter', entryIdEqual: WEBCAST, tagsLike: 'player-qna-settings-update' } });
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({ objectType: 'KalturaCodeCuePoint', cuePointType: 'codeCuePoint.Code', tags: 'player-qna-settings-update' });
    expect(JSON.parse(r.objects[0].partnerData)).toEqual({ qnaSettings: { qnaEnabled: true, announcementOnly: false } });
  });

  it('refuses a cue point of another partner KS', async () => {
    const other = sb.state.issueKs({ partnerId: 999999, type: 2, userId: 'x', privileges: '' });
    const r = await list(other, { entryIdEqual: WEBCAST });
    expect(r.objects).toHaveLength(0);
    expect((await call('cuepoint_cuepoint/action/add', { ks: other, cuePoint: { objectType: 'KalturaAnnotation', entryId: WEBCAST, text: 'x' } })).code).toBe('INVALID_ENTRY_ID');
  });
});
