// The background's announcements: send now, schedule with one alarm (wxt/testing's fake browser for
// storage.local and alarms), recovery after a worker restart, templates and drafts that persist.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ALARM_FLOOR_MS } from '@/lib/model/announcements/schedule';
import { DEFAULT_TEMPLATES } from '@/lib/model/announcements/templates';
import { alarms, onAlarm } from '@/lib/platform/alarms';
import { localStorage } from '@/lib/platform/storage';
import { ANNOUNCEMENT_ALARM, AnnouncementsService, type ActingTab, type Delivery } from '@/lib/session/announcements/service';

const CTX = '1_sessiona1';
const T0 = Date.parse('2026-05-04T10:00:00Z');
const TAB = { tabId: 4, origin: 'https://1234567.events.kaltura.com', partnerId: 1234567 };
const cnc: ActingTab = { choice: { surface: 'cnc-widget', problem: null }, by: 'moderator-1', partnerId: 1234567, tab: TAB };

let now = T0;
let ids = 0;

function makeService(deliver: (contextId: string, d: Delivery) => Promise<void> = async () => undefined) {
  const delivered: Delivery[] = [];
  const views: string[] = [];
  const service = new AnnouncementsService({
    local: localStorage,
    alarms,
    now: () => now,
    newId: () => `t${++ids}`,
    deliver: async (contextId, d) => {
      delivered.push(d);
      await deliver(contextId, d);
    },
    onView: (contextId) => void views.push(contextId),
  });
  return { service, delivered, views, view: () => service.view(CTX, cnc) };
}

beforeEach(() => {
  fakeBrowser.reset();
  now = T0;
});

describe('AnnouncementsService', () => {
  it('sends now through the surface and records who, when and where', async () => {
    const { service, delivered, view } = makeService();
    await service.start();
    await service.act(CTX, { kind: 'send', id: 'a1', text: 'Welcome!', pin: false }, cnc);
    expect(delivered).toEqual([{ id: 'a1', text: 'Welcome!', pin: false, surface: 'cnc-widget', partnerId: 1234567, tab: TAB, scheduled: false }]);
    const v = await view();
    expect(v.history).toEqual([{ id: 'a1', text: 'Welcome!', sentAt: T0, by: 'moderator-1', surface: 'cnc-widget', result: { status: 'sent' }, pinned: false }]);
    expect(v.error).toBeNull();
    // The same id again is the same announcement: not sent twice.
    await service.act(CTX, { kind: 'send', id: 'a1', text: 'Welcome!', pin: false }, cnc);
    expect(delivered).toHaveLength(1);
  });

  it('a failed send is not recorded as sent: the reason is shown and the text is the draft again; invalid text and a missing surface are refused before sending', async () => {
    const { service, delivered, view } = makeService(async () => {
      throw new Error('The widget refused the announcement: not a moderator');
    });
    await service.start();
    await service.act(CTX, { kind: 'draft', text: 'Hello' }, cnc);
    await service.act(CTX, { kind: 'send', id: 'a1', text: 'Hello', pin: false }, cnc);
    let v = await view();
    expect(v.history).toEqual([]);
    expect(v.error).toBe('Not sent: The widget refused the announcement: not a moderator');
    expect(v.failedSend).toBe('a1');
    expect(v.draft).toBe('Hello');

    await service.act(CTX, { kind: 'send', id: 'a2', text: '   ', pin: false }, cnc);
    expect((await view()).error).toBe('Write the announcement first.');
    await service.act(CTX, { kind: 'send', id: 'a3', text: 'Hi', pin: false }, { ...cnc, choice: { surface: null, problem: 'Connect an ADMIN session.' } });
    v = await service.view(CTX, { ...cnc, choice: { surface: null, problem: 'Connect an ADMIN session.' } });
    expect(v.error).toBe('Connect an ADMIN session.');
    expect(v.surfaceProblem).toBe('Connect an ADMIN session.');
    expect(v.failedSend).toBe('a3');
    expect(delivered).toHaveLength(1);
  });

  it('a sent announcement empties the draft it was; a template is edited in place and deleted', async () => {
    const { service, view } = makeService();
    await service.start();
    await service.act(CTX, { kind: 'draft', text: 'Doors open ' }, cnc);
    await service.act(CTX, { kind: 'send', id: 'b1', text: 'Doors open', pin: false }, cnc);
    let v = await view();
    expect(v.history.map((h) => [h.id, h.result.status])).toEqual([['b1', 'sent']]);
    expect(v.draft).toBe('');
    const first = v.templates[0]!;
    await service.act(CTX, { kind: 'save-template', id: first.id, name: 'Short break', text: 'Five minutes!' }, cnc);
    v = await view();
    expect(v.templates[0]).toEqual({ id: first.id, name: 'Short break', text: 'Five minutes!' });
    await service.act(CTX, { kind: 'delete-template', id: first.id }, cnc);
    expect((await view()).templates.some((t) => t.id === first.id)).toBe(false);
  });

  it('schedules honestly: one alarm, never sooner than the 30-second floor, and sends when the alarm fires', async () => {
    const { service, delivered, view } = makeService();
    await service.start();
    onAlarm((name) => name === ANNOUNCEMENT_ALARM && void service.runDue());
    await service.act(CTX, { kind: 'schedule', id: 's1', text: 'Break is over', sendAt: T0 + 10_000, pin: false }, cnc);
    let v = await view();
    expect(v.pending).toHaveLength(1);
    expect(v.pending[0]!.expectedAt).toBe(T0 + ALARM_FLOOR_MS);
    expect(v.nextAlarmAt).toBe(T0 + ALARM_FLOOR_MS);
    expect((await fakeBrowser.alarms.get(ANNOUNCEMENT_ALARM))?.scheduledTime).toBe(T0 + ALARM_FLOOR_MS);

    // A later one does not move the alarm; cancelling the first moves it to the second.
    await service.act(CTX, { kind: 'schedule', id: 's2', text: 'Lunch', sendAt: T0 + 120_000, pin: false }, cnc);
    expect((await fakeBrowser.alarms.get(ANNOUNCEMENT_ALARM))?.scheduledTime).toBe(T0 + ALARM_FLOOR_MS);

    now = T0 + ALARM_FLOOR_MS;
    await fakeBrowser.alarms.onAlarm.trigger({ name: ANNOUNCEMENT_ALARM, scheduledTime: now });
    await vi.waitFor(() => expect(delivered.map((d) => d.id)).toEqual(['s1']));
    await vi.waitFor(async () => expect((await view()).history.map((h) => h.id)).toEqual(['s1']));
    v = await view();
    expect(v.history[0]).toMatchObject({ result: { status: 'sent' }, scheduledFor: T0 + 10_000, by: 'moderator-1' });
    expect(v.pending.map((p) => p.id)).toEqual(['s2']);
    expect((await fakeBrowser.alarms.get(ANNOUNCEMENT_ALARM))?.scheduledTime).toBe(T0 + 120_000);

    await service.act(CTX, { kind: 'cancel', id: 's2' }, cnc);
    expect((await view()).pending).toEqual([]);
    expect(await fakeBrowser.alarms.get(ANNOUNCEMENT_ALARM)).toBeUndefined();
  });

  it('hands each scheduled announcement out once, even when the alarm and a start race', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { service, delivered } = makeService(() => gate);
    await service.start();
    await service.act(CTX, { kind: 'schedule', id: 's1', text: 'Once', sendAt: T0 + 40_000, pin: false }, cnc);
    now = T0 + 40_000;
    const runs = [service.runDue(), service.runDue(), service.start()];
    // The first run is parked at the gate, in the middle of sending. Release it only once the two others
    // are done (they found it claimed), or once one of them sent it too (then the assertion fails).
    let othersDone = false;
    void Promise.all(runs.slice(1)).then(() => (othersDone = true));
    await vi.waitFor(() => expect(othersDone || delivered.length > 1).toBe(true));
    release();
    await Promise.all(runs);
    expect(delivered.map((d) => d.id)).toEqual(['s1']);
  });

  it('after a worker restart: an overdue item goes out at start; one left "sending" becomes a failure, not resent', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = makeService(() => gate);
    await first.service.start();
    await first.service.act(CTX, { kind: 'schedule', id: 'cut', text: 'Interrupted', sendAt: T0 + 40_000, pin: false }, cnc);
    await first.service.act(CTX, { kind: 'schedule', id: 'late', text: 'Overdue', sendAt: T0 + 90_000, pin: false }, cnc);
    now = T0 + 40_000;
    void first.service.runDue(); // the worker dies while this one is being sent
    await vi.waitFor(() => expect(first.delivered).toHaveLength(1));
    expect(await localStorage.get<{ schedule: { items: { id: string; status: string }[] } }>(`announcements:${CTX}`)).toMatchObject({
      schedule: { items: [{ id: 'cut', status: 'sending' }, { id: 'late', status: 'scheduled' }] },
    });

    now = T0 + 100_000; // the worker comes back after the second one fell due
    const second = makeService();
    await second.service.start();
    expect(second.delivered.map((d) => d.id)).toEqual(['late']);
    const v = await second.view();
    expect(v.history.find((h) => h.id === 'cut')!.result).toEqual({
      status: 'failed',
      reason: 'Interrupted while sending: check the widget, and send it again if it did not arrive.',
    });
    expect(v.history.find((h) => h.id === 'late')!.result).toEqual({ status: 'sent' });
    expect(v.pending).toEqual([]);
    release();
  });

  it('a worker start reads only the announcements keys, not all of storage.local; contexts saved without an index still come back', async () => {
    const first = makeService();
    await first.service.start();
    await first.service.act(CTX, { kind: 'schedule', id: 'later', text: 'Coming up', sendAt: T0 + 600_000, pin: false }, cnc);
    // Every event's chat and Q&A audits live in storage.local too.
    await localStorage.set(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`chat-local:1:e${i}:audit:0`, 'x'.repeat(10_000)])));
    const getAll = vi.spyOn(localStorage, 'getAll');
    const second = makeService();
    await second.service.start();
    expect((await second.view()).pending.map((p) => p.id)).toEqual(['later']);
    expect(getAll).not.toHaveBeenCalled();
    // Saved by an earlier version, without the index: found by prefix once, then indexed.
    await localStorage.remove('announcements-index');
    const third = makeService();
    await third.service.start();
    expect((await third.view()).pending.map((p) => p.id)).toEqual(['later']);
    expect(getAll).toHaveBeenCalledTimes(1);
    const fourth = makeService();
    await fourth.service.start();
    expect((await fourth.view()).pending.map((p) => p.id)).toEqual(['later']);
    expect(getAll).toHaveBeenCalledTimes(1);
    getAll.mockRestore();
  });

  it('a scheduled item keeps the tab that scheduled it, across a restart and whoever acts later', async () => {
    const first = makeService();
    await first.service.start();
    await first.service.act(CTX, { kind: 'schedule', id: 's1', text: 'Bound', sendAt: T0 + 40_000, pin: false }, cnc);
    // Another tab naming the same entry (and another partner) schedules the same id: it neither rebinds it
    // nor lends it its partner.
    const other = { ...cnc, partnerId: 999, tab: { tabId: 9, origin: 'https://attacker.kaltura.com', partnerId: 999 } };
    await first.service.act(CTX, { kind: 'schedule', id: 's1', text: 'Bound', sendAt: T0 + 40_000, pin: false }, other);
    now = T0 + 40_000;
    const second = makeService();
    await second.service.start();
    expect(second.delivered).toEqual([expect.objectContaining({ id: 's1', tab: TAB, partnerId: 1234567, scheduled: true })]);
  });

  it('keeps templates and the text being written in storage.local', async () => {
    const { service } = makeService();
    await service.start();
    await service.act(CTX, { kind: 'save-template', name: ' Coffee break ', text: 'Coffee in the lobby.' }, cnc);
    await service.act(CTX, { kind: 'delete-template', id: DEFAULT_TEMPLATES[2]!.id }, cnc);
    await service.act(CTX, { kind: 'draft', text: 'Half-written' }, cnc);

    const restarted = makeService();
    await restarted.service.start();
    const v = await restarted.view();
    expect(v.templates.map((t) => t.name)).toEqual(['Ten-minute break', 'Session starting', 'Coffee break']);
    expect(v.draft).toBe('Half-written');
    // Sending clears the draft.
    await restarted.service.act(CTX, { kind: 'send', id: 'x', text: 'Half-written', pin: false }, cnc);
    expect((await restarted.view()).draft).toBe('');
  });

  it('pins only where the surface can: the webcast surface sends without a pin', async () => {
    const { service, delivered } = makeService();
    await service.start();
    await service.act(CTX, { kind: 'send', id: 'w1', text: 'Hi', pin: true }, { ...cnc, choice: { surface: 'qna-annotation', problem: null } });
    expect(delivered[0]).toMatchObject({ surface: 'qna-annotation', pin: false });
  });
});
