// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { api, form } from './helpers';

let sb: Sandbox;
let admin: string;
const PID = 1234567;
const VE = 7654321;
const call = (path: string, body: Record<string, unknown>) => api(sb.port, `/api_v3/service/${path}`, JSON.stringify({ format: 1, ...body }), 'application/json') as Promise<any>;
const T = Math.floor(Date.now() / 1000) - 1000;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  admin = sb.state.issueKs({ partnerId: PID, type: 2, userId: 'admin', privileges: '' });
  const rec = (at: number, kind: any, userId: string, entryId = '1_sessiona1', virtualEventId = VE) => sb.state.activity.record({ at, kind, userId, entryId, virtualEventId });
  rec(T, 'login', 'u1');
  rec(T, 'login', 'u2');
  rec(T + 1, 'login', 'u1', '1_sessionb2');
  rec(T + 2, 'reaction', 'u1');
  rec(T + 3, 'reaction', 'u1');
  rec(T + 4, 'reaction', 'u2');
  rec(T + 5, 'group_message', 'u2');
  rec(T + 6, 'poll_answer', 'u1');
  rec(T + 7, 'private_message', 'u2');
  rec(T + 8, 'qna_thread', 'u1');
  rec(T + 9, 'login', 'u3', '1_sessiona1', 1111); // another event
  // A webcast question via cue points (counts as a Q&A thread).
  const ks = sb.state.issueKs({ partnerId: PID, type: 0, userId: 'u4', privileges: '' });
  const realNow = sb.state.now;
  sb.state.now = () => T + 10;
  const cp = await call('cuepoint_cuepoint/action/add', { ks, cuePoint: { objectType: 'KalturaAnnotation', entryId: '1_webcast3', text: 'q?' } });
  await call('metadata_metadata/action/add', { ks, metadataProfileId: 10001, objectType: 'annotationMetadata.Annotation', objectId: cp.id, xmlData: `<metadata><ThreadId>${cp.id}</ThreadId><Type>Question</Type><ThreadCreatorId>u4</ThreadCreatorId></metadata>` });
  sb.state.now = realNow;
}, 60_000);
afterAll(async () => {
  sb.state.close();
  await sb.close();
});

const filter = (extra: Record<string, unknown> = {}) => ({ objectType: 'KalturaEndUserReportInputFilter', fromDate: T - 100, toDate: T + 100, virtualEventIdIn: String(VE), ...extra });

describe('report', () => {
  it('70001 getTotal: CNC_PARTICIPATION columns, pipe-delimited, from activity + webcast threads', async () => {
    const r = await call('report/action/getTotal', { ks: admin, reportType: '70001', reportInputFilter: filter(), responseOptions: { objectType: 'KalturaReportResponseOptions', delimiter: '|' } });
    expect(r.objectType).toBe('KalturaReportTotal');
    expect(r.header).toBe('count_reaction_clicked|reaction_clicked_unique_users|count_cnc_group_message_sent|unique_users_sent_group_message|unique_users_answered_poll|unique_users_q_and_a_thread|q_and_a_threads_count|unique_users_sent_private_message|unique_logged_in_users');
    expect(r.data).toBe('3|2|1|1|1|2|2|1|2');
  });

  it('time and entry filters narrow the facts; the default delimiter is a comma', async () => {
    const r = await call('report/action/getTotal', { ks: admin, reportType: '70001', reportInputFilter: filter({ toDate: T + 2 }) });
    expect(r.data).toBe('1,1,0,0,0,0,0,0,2');
    const byEntry = await call('report/action/getTotal', { ks: admin, reportType: '70001', reportInputFilter: filter({ entryIdIn: '1_webcast3' }), responseOptions: { delimiter: '|' } });
    expect(byEntry.data).toBe('0|0|0|0|0|1|1|0|0');
  });

  it('70001 getTable: a row per entry, rows separated by ;', async () => {
    const r = await api(sb.port, '/api_v3/service/report/action/getTable', form({ format: 1, ks: admin, reportType: '70001', 'reportInputFilter[objectType]': 'KalturaEndUserReportInputFilter', 'reportInputFilter[fromDate]': T - 100, 'reportInputFilter[toDate]': T + 100, 'responseOptions[delimiter]': '|' }), 'application/x-www-form-urlencoded') as any;
    expect(r).toMatchObject({ objectType: 'KalturaReportTable', totalCount: 3 });
    expect(r.header.split('|')[0]).toBe('entry_id');
    const rows = r.data.split(';').filter(Boolean);
    expect(rows).toHaveLength(3);
    expect(rows.find((row: string) => row.startsWith('1_sessiona1|'))).toBe('1_sessiona1|3|2|1|1|1|1|1|1|3');
  });

  it('3009 Session Attendance and 3010 Certificate of Completion from logins', async () => {
    const t = await call('report/action/getTable', { ks: admin, reportType: '3009', reportInputFilter: filter(), responseOptions: { delimiter: '|' } });
    expect(t.header).toBe('user_id|entry_id|first_login|last_login|login_count');
    expect(t.data).toBe(`u1|1_sessiona1|${T}|${T}|1;u1|1_sessionb2|${T + 1}|${T + 1}|1;u2|1_sessiona1|${T}|${T}|1;`);
    const c = await call('report/action/getTotal', { ks: admin, reportType: '3010', reportInputFilter: filter({ entryIdIn: '1_sessiona1,1_sessionb2' }), responseOptions: { delimiter: '|' } });
    expect(c).toMatchObject({ header: 'unique_attendees|completed_users|sessions_required', data: '2|1|2' });
  });

  it('refuses a USER KS, an unknown type and a missing filter', async () => {
    const user = sb.state.pageUserKs('u1');
    expect(await call('report/action/getTotal', { ks: user, reportType: '70001', reportInputFilter: filter() })).toMatchObject({ code: 'SERVICE_FORBIDDEN' });
    expect(await call('report/action/getTotal', { ks: admin, reportType: '99999', reportInputFilter: filter() })).toMatchObject({ code: 'INVALID_ENUM_VALUE' });
    expect(await call('report/action/getTotal', { ks: admin, reportType: '70001' })).toMatchObject({ code: 'MISSING_MANDATORY_PARAMETER' });
  });
});
