import { describe, expect, it } from 'vitest';
import {
  REASON_SHOWN_MAX,
  REASON_STORED_MAX,
  boundReason,
  storedReason,
  ALARM_FLOOR_MS,
  ANNOUNCEMENT_MAX_LENGTH,
  DEFAULT_TEMPLATES,
  EMPTY_SCHEDULE,
  fromLocalInput,
  historyEntryOf,
  linkSegments,
  nextAlarmAt,
  nextFireAt,
  normalizeAnnouncement,
  pendingAnnouncements,
  recordHistory,
  scheduleReducer,
  setPinned,
  takeDue,
  templatesReducer,
  toLocalInput,
  validateAnnouncement,
  type AnnouncementSchedule,
  type ScheduleEvent,
} from '@/lib/model/announcements';

const NOW = Date.UTC(2026, 4, 1, 10);

describe('compose', () => {
  it('limits the length (500, MODELED on the Q&A plugin) and refuses empty text', () => {
    expect(ANNOUNCEMENT_MAX_LENGTH).toBe(500);
    expect(validateAnnouncement('Hello')).toEqual({ ok: true, length: 5, remaining: 495 });
    expect(validateAnnouncement('  \n ')).toMatchObject({ ok: false, error: 'Write the announcement first.' });
    expect(validateAnnouncement('x'.repeat(500)).ok).toBe(true);
    expect(validateAnnouncement('x'.repeat(503))).toMatchObject({ ok: false, remaining: -3, error: 'The announcement is 3 characters too long (at most 500).' });
    expect(validateAnnouncement('bell\u0007').ok).toBe(false);
  });

  it('normalises line ends and trailing space, keeps inner lines', () => {
    expect(normalizeAnnouncement('  Hi  \r\nthere\t\r\n\r\n')).toBe('Hi\nthere');
  });

  it('finds http(s) and www links for display, leaves punctuation and other schemes alone', () => {
    expect(linkSegments('See https://example.com/a?b=1, or www.kaltura.com. Not javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.kaltura.com', href: 'https://www.kaltura.com/' },
      { kind: 'text', text: '. Not javascript:alert(1)' },
    ]);
    expect(linkSegments('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
    expect(linkSegments('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
  });
});

describe('templates', () => {
  it('has the three defaults', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.name)).toEqual(['Ten-minute break', 'Session starting', 'Session ending']);
  });

  it('saves (add or replace), refuses empty, deletes, resets', () => {
    let t = templatesReducer(DEFAULT_TEMPLATES, { type: 'save', template: { id: 'mine', name: ' Lunch ', text: ' Lunch is served. ' } });
    expect(t.at(-1)).toEqual({ id: 'mine', name: 'Lunch', text: 'Lunch is served.' });
    t = templatesReducer(t, { type: 'save', template: { id: 'mine', name: 'Lunch', text: 'Lunch at 1.' } });
    expect(t.filter((x) => x.id === 'mine')).toEqual([{ id: 'mine', name: 'Lunch', text: 'Lunch at 1.' }]);
    expect(templatesReducer(t, { type: 'save', template: { id: 'x', name: ' ', text: 'y' } })).toBe(t);
    t = templatesReducer(t, { type: 'delete', id: 'default-break' });
    expect(t.map((x) => x.id)).toEqual(['default-starting', 'default-ending', 'mine']);
    expect(templatesReducer(t, { type: 'reset' })).toBe(DEFAULT_TEMPLATES);
  });
});

describe('nextFireAt: chrome.alarms 30-second floor', () => {
  it('a time far enough ahead is kept', () => {
    expect(nextFireAt(NOW + 5 * 60_000, NOW)).toBe(NOW + 5 * 60_000);
  });
  it('sooner than 30 s (or in the past) becomes now + 30 s in a packed extension', () => {
    expect(ALARM_FLOOR_MS).toBe(30_000);
    expect(nextFireAt(NOW + 10_000, NOW)).toBe(NOW + 30_000);
    expect(nextFireAt(NOW - 60_000, NOW)).toBe(NOW + 30_000);
  });
  it('no floor unpacked', () => {
    expect(nextFireAt(NOW + 10_000, NOW, { packed: false })).toBe(NOW + 10_000);
    expect(nextFireAt(NOW - 10, NOW, { packed: false })).toBe(NOW);
  });
});

describe('scheduler', () => {
  const schedule = (id: string, sendAt: number, now = NOW): ScheduleEvent => ({ type: 'schedule', id, text: `text ${id}`, surface: 'cnc-widget', pin: false, by: 'Mod', sendAt, now });
  const run = (events: ScheduleEvent[], s: AnnouncementSchedule = EMPTY_SCHEDULE) => events.reduce(scheduleReducer, s);

  it('records the honest expected time and keeps one entry per id', () => {
    const s = run([schedule('a', NOW + 5_000), schedule('a', NOW + 99_000), schedule('b', NOW + 120_000)]);
    expect(s.items.map((i) => [i.id, i.sendAt, i.expectedAt])).toEqual([
      ['a', NOW + 5_000, NOW + 30_000],
      ['b', NOW + 120_000, NOW + 120_000],
    ]);
    expect(nextAlarmAt(s, NOW)).toBe(NOW + 30_000);
    expect(nextAlarmAt(EMPTY_SCHEDULE, NOW)).toBeNull();
  });

  it('hands out what is due at now, once: a second takeDue (a second alarm, a restart) gets nothing', () => {
    let s = run([schedule('a', NOW + 30_000), schedule('b', NOW + 60_000)]);
    expect(takeDue(s, NOW + 29_999).due).toEqual([]);
    const first = takeDue(s, NOW + 30_000);
    expect(first.due.map((i) => i.id)).toEqual(['a']);
    expect(first.due[0]!.status).toBe('sending');
    s = first.schedule;
    expect(takeDue(s, NOW + 30_001).due).toEqual([]);
    const second = takeDue(s, NOW + 90_000);
    expect(second.due.map((i) => i.id)).toEqual(['b']);
    s = second.schedule;
    s = scheduleReducer(s, { type: 'sent', id: 'a', at: NOW + 30_500 });
    s = scheduleReducer(s, { type: 'failed', id: 'b', at: NOW + 90_500, reason: 'widget not found' });
    // sent and failed items are never due again, and a late "sent" for a failed one changes nothing twice
    expect(takeDue(s, NOW + 10 * 60_000).due).toEqual([]);
    expect(scheduleReducer(s, { type: 'sent', id: 'a', at: NOW + 99 })).toBe(s);
    expect(s.items.map((i) => i.status)).toEqual(['sent', 'failed']);
    expect(historyEntryOf(s.items[0]!)).toMatchObject({ id: 'a', sentAt: NOW + 30_500, result: { status: 'sent' }, scheduledFor: NOW + 30_000 });
    expect(historyEntryOf(s.items[1]!)).toMatchObject({ id: 'b', result: { status: 'failed', reason: 'widget not found' } });
  });

  it('many alarms firing at random times never send an id twice', () => {
    let s = run(Array.from({ length: 50 }, (_, i) => schedule(`id${i}`, NOW + i * 7_000)));
    const sent: string[] = [];
    for (let t = NOW; t < NOW + 400_000; t += 3_000) {
      for (let k = 0; k < 2; k++) {
        const { schedule: next, due } = takeDue(s, t);
        s = next;
        for (const d of due) {
          sent.push(d.id);
          s = scheduleReducer(s, { type: 'sent', id: d.id, at: t });
        }
      }
    }
    expect(sent).toHaveLength(50);
    expect(new Set(sent).size).toBe(50);
  });

  it('cancels only what is still scheduled', () => {
    let s = run([schedule('a', NOW + 60_000)]);
    s = scheduleReducer(s, { type: 'cancel', id: 'a' });
    expect(s.items[0]!.status).toBe('cancelled');
    expect(takeDue(s, NOW + 120_000).due).toEqual([]);
    expect(pendingAnnouncements(s)).toEqual([]);
  });

  it('after a restart, an item handed out but unconfirmed becomes failed, never resent by itself', () => {
    let s = run([schedule('a', NOW + 30_000), schedule('b', NOW + 600_000)]);
    s = takeDue(s, NOW + 30_000).schedule;
    s = scheduleReducer(s, { type: 'recover', at: NOW + 40_000 });
    expect(s.items[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/check the widget/) });
    expect(takeDue(s, NOW + 50_000).due).toEqual([]);
    expect(pendingAnnouncements(s).map((i) => i.id)).toEqual(['b']);
    expect(scheduleReducer(s, { type: 'recover', at: NOW })).toBe(s);
  });
});

describe('history', () => {
  it('newest first, replaced by id, capped, pin toggled', () => {
    const e = (id: string, sentAt: number) => ({ id, text: id, sentAt, by: 'Mod', surface: 'cnc-widget' as const, result: { status: 'sent' as const } });
    let h = recordHistory([], e('a', 1));
    h = recordHistory(h, e('b', 3));
    h = recordHistory(h, { ...e('a', 2), result: { status: 'failed', reason: 'x' } });
    expect(h.map((x) => [x.id, x.sentAt])).toEqual([
      ['b', 3],
      ['a', 2],
    ]);
    expect(recordHistory(h, e('c', 4), 2).map((x) => x.id)).toEqual(['c', 'b']);
    expect(setPinned(h, 'b', true)[0]!.pinned).toBe(true);
  });
});

describe('datetime-local conversion', () => {
  it('round-trips local wall-clock time and refuses nonsense', () => {
    const ms = new Date(2026, 4, 1, 14, 5).getTime();
    expect(toLocalInput(ms)).toBe('2026-05-01T14:05');
    expect(fromLocalInput('2026-05-01T14:05')).toBe(ms);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-02-31T10:00')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});

describe('reason (why an announcement did not go out)', () => {
  it('a short reason is whole; a long one is cut to the bound with the count of what was cut', () => {
    expect(boundReason('the widget is offline')).toEqual({ shown: 'the widget is offline', omitted: 0 });
    const long = 'y'.repeat(300 * 1024);
    expect(boundReason(long)).toEqual({ shown: 'y'.repeat(REASON_SHOWN_MAX), omitted: long.length - REASON_SHOWN_MAX });
  });

  it('never cuts inside a surrogate pair', () => {
    const s = 'a'.repeat(REASON_SHOWN_MAX - 1) + '\u{1F600}tail';
    const b = boundReason(s);
    expect(b.shown).toBe('a'.repeat(REASON_SHOWN_MAX - 1));
    expect(b.omitted).toBe(s.length - b.shown.length);
  });

  it("a failed scheduled item stores a bounded reason, marked when cut", () => {
    expect(storedReason('short')).toBe('short');
    const cut = storedReason('z'.repeat(300 * 1024));
    expect(cut).toBe(`${'z'.repeat(REASON_STORED_MAX)}…`);
  });
});
