// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createInsights } from '@/lib/session/settings/wiring';
import type { PageContext } from '@/lib/model/context';

const context = (over: Partial<PageContext> = {}): PageContext => ({
  url: 'https://1234567.events.kaltura.com/media/t/1_a',
  title: 't',
  site: 'events',
  partnerId: 1234567,
  entryId: '1_a',
  virtualEventId: null,
  region: 'nvp1',
  cnc: { present: true, modules: ['qna'], moderatorView: true },
  ks: { status: 'none' },
  problems: [],
  diagnostics: { profileId: 'p', matched: [] },
  ...over,
});

const ADMIN_KS = 'djJ8admin-ks-for-tests';

function fakeKaltura() {
  const calls: Array<{ url: string; body: any; auth?: string }> = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}'));
    calls.push({ url, body, auth: (init?.headers as Record<string, string>)?.Authorization });
    const json = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status });
    if (url.endsWith('/events/list')) return json({ events: [{ id: 7654321, name: 'E', publicDomain: 'https://1234567.events.kaltura.com' }], status: 'ok' });
    if (url.endsWith('/sessions/list')) return json({ sessions: [{ id: '1_a', name: 'Keynote', type: 'LiveWebcast', startDate: '2026-11-29T09:00:00Z', endDate: '2026-11-29T09:50:00Z' }] });
    if (url.includes('/action/getTotal')) return json({ objectType: 'KalturaReportTotal', header: 'unique_logged_in_users', data: '12' });
    if (url.includes('/action/getTable')) return json({ objectType: 'KalturaAPIException', code: 'INVALID_REPORT_ITEM', message: `no table for ${ADMIN_KS}` });
    return json({}, 404);
  });
  return { fetch, calls };
}

describe('insights (settings and reports in the background)', () => {
  it('without an admin session says so, and asks nothing', async () => {
    const k = fakeKaltura();
    const insights = createInsights({ contextOf: async () => context(), admin: { get: async () => null }, fetch: k.fetch, now: () => 1 });
    expect(await insights.handle(1, { kind: 'event-session' })).toMatchObject({ problem: expect.stringContaining('ADMIN session') });
    expect(k.calls).toEqual([]);
  });

  it("finds the event by the site's address, the session's times, and asks the report for that range and event", async () => {
    const k = fakeKaltura();
    const insights = createInsights({ contextOf: async () => context(), admin: { get: async () => ({ ks: ADMIN_KS, userId: 'a', expiresAt: 9e9 }) }, fetch: k.fetch, now: () => 1 });
    const session = await insights.handle(1, { kind: 'event-session' });
    expect(session).toMatchObject({ eventId: '7654321', session: { name: 'Keynote', type: 'LiveWebcast', startsAt: Date.parse('2026-11-29T09:00:00Z') }, problem: null });
    expect(k.calls[0]).toMatchObject({ url: 'https://events-api.nvp1.ovp.kaltura.com/api/v1/events/list', auth: `Bearer ${ADMIN_KS}` });
    expect(k.calls[1]?.body).toEqual({ eventId: 7654321 });

    const report = await insights.handle(1, { kind: 'kaltura-report', reportType: '70001' });
    const total = k.calls.find((c) => c.url.includes('getTotal'))!;
    expect(total.body.reportInputFilter).toEqual({
      fromDate: Date.parse('2026-11-29T09:00:00Z') / 1000,
      toDate: Date.parse('2026-11-29T09:50:00Z') / 1000,
      virtualEventIdIn: '7654321',
      objectType: 'KalturaEndUserReportInputFilter',
    });
    expect(report).toMatchObject({ total: { columns: ['unique_logged_in_users'], values: ['12'] }, table: null });
    // Kaltura's error is shown as it comes, without the KS.
    expect(report && 'tableError' in report && report.tableError).toContain('INVALID_REPORT_ITEM');
    expect(JSON.stringify(report)).not.toContain(ADMIN_KS);
  });

  it('takes the event id the page names (the widget JWT) without asking events/list', async () => {
    const k = fakeKaltura();
    const insights = createInsights({ contextOf: async () => context({ virtualEventId: '7654321' }), admin: { get: async () => ({ ks: ADMIN_KS, userId: 'a', expiresAt: 9e9 }) }, fetch: k.fetch, now: () => 1 });
    await insights.handle(1, { kind: 'event-session' });
    expect(k.calls.map((c) => c.url.split('/').slice(-2).join('/'))).toEqual(['sessions/list']);
  });
});
