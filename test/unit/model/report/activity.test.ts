import { describe, expect, it } from 'vitest';
import { addToMinutes, chatRecordsOf, MAX_MINUTES, reactionsInputOf, type ChatSource } from '@/lib/model/report/activity';
import { buildSessionReport } from '@/lib/model/report/session-report';
import { chatCsv } from '@/lib/model/report/csv';
import type { ChatMessage } from '@/lib/model/chat/types';
import type { Bucket } from '@/lib/model/reactions/meter';

const T = 1_764_000_000_000;
const MIN = 60_000;
const msg = (id: string, at: number, author: { id: string | null; name: string }, text: string, deleted = false): ChatMessage => ({
  id,
  author,
  text,
  at,
  pinned: false,
  deleted,
  byModerator: false,
  reactions: {},
});

describe('chatRecordsOf: the chat mirror as the report counts it', () => {
  const source: ChatSource = {
    store: {
      list: [
        msg('m1', T, { id: 'u1', name: 'Ann' }, 'hello'),
        msg('m2', T + 1000, { id: 'u2', name: 'Bob' }, 'BUY NOW at spam.xyz', true),
        msg('m3', T + 2000, { id: null, name: 'Guest' }, 'LOUD LOUD LOUD'),
        msg('m4', T + 3000, { id: 'u1', name: 'Ann' }, 'www.example.com'),
        msg('m5', T + 4000, { id: 'u3', name: 'Cy' }, '=1+1', true),
      ],
    },
    meta: {
      // m3 waits for a look; m4 was kept after a look; m2 went by auto-delete; m5 a moderator deleted.
      flags: { m3: [{ rule: 'caps', reason: 'Written in ALL CAPS' }] },
      deletions: {
        m2: { by: 'mod-1', reason: 'Auto-delete: Links', at: T + 1500, how: 'auto' },
        m5: { by: 'mod-1', reason: 'formula', at: T + 5000, how: 'moderator' },
      },
      audit: [
        { at: T + 1500, moderator: 'mod-1', action: 'auto-delete', messageId: 'm2', userId: 'u2', detail: 'Auto-delete', outcome: 'done' },
        { at: T + 3500, moderator: 'mod-1', action: 'keep', messageId: 'm4', userId: 'u1', detail: 'Kept', outcome: 'done' },
        { at: T + 5000, moderator: 'mod-1', action: 'delete', messageId: 'm5', userId: 'u3', detail: 'Delete', outcome: 'done' },
      ],
    },
  };
  const records = chatRecordsOf(source);

  it('flagged: waiting, kept after a look, auto-deleted; deleted: as the widget shows, with who and when', () => {
    expect(records.map((r) => [r.flagged, r.deleted, r.deletedBy, r.deletedAt])).toEqual([
      [false, false, null, null],
      [true, true, 'auto-delete', T + 1500],
      [true, false, null, null],
      [true, false, null, null],
      [false, true, 'mod-1', T + 5000],
    ]);
    const report = buildSessionReport({ questions: [], audit: [], polls: [], chat: records, reactions: null });
    // A sender without an id counts by name.
    expect(report.chat).toEqual({ known: true, messages: 5, senders: 4, flagged: 3, deleted: 2 });
  });

  it('the chat log CSV marks deletions and keeps a formula as text', () => {
    const rows = chatCsv(records).split('\r\n');
    expect(rows[0]).toBe('Sent at,Sender id,Sender,Message,Flagged,Deleted,Deleted by,Deleted at');
    expect(rows[5]).toBe(`${new Date(T + 4000).toISOString()},u3,Cy,'=1+1,no,yes,mod-1,${new Date(T + 5000).toISOString()}`);
  });
});

describe('reactions over time', () => {
  it('addToMinutes: per-minute counts in order, a late report placed, bounded', () => {
    const series: Bucket[] = [];
    addToMinutes(series, { clap: 2 }, T + 5_000);
    addToMinutes(series, { clap: 1, love: 1 }, T + 50_000);
    addToMinutes(series, {}, T + 3 * MIN);
    addToMinutes(series, { wow: 4 }, T + 3 * MIN);
    addToMinutes(series, { like: 1 }, T + MIN + 1);
    expect(series).toEqual([
      { start: T - (T % MIN), counts: { clap: 3, love: 1 } },
      { start: T - (T % MIN) + MIN, counts: { like: 1 } },
      { start: T - (T % MIN) + 3 * MIN, counts: { wow: 4 } },
    ]);
    for (let i = 0; i < MAX_MINUTES + 10; i++) addToMinutes(series, { clap: 1 }, T + (10 + i) * MIN);
    expect(series.length).toBe(MAX_MINUTES);
  });

  it("the report takes the widget's totals for the count and the watched minutes for the chart", () => {
    const input = reactionsInputOf({ startedAt: T, counted: { clap: 3 }, totals: { clap: 7, love: 1 }, minutes: [{ start: T, counts: { clap: 3 } }] });
    const r = buildSessionReport({ questions: [], audit: [], polls: [], chat: null, reactions: input });
    expect(r.reactions).toMatchObject({ known: true, total: 8, fromWidget: true, watched: 3, since: T });
    expect(r.timeline.buckets.map((b) => b.reactions)).toEqual([3]);
    // A widget that shows no counters: what was counted.
    const counted = buildSessionReport({ questions: [], audit: [], polls: [], chat: null, reactions: reactionsInputOf({ startedAt: T, counted: { clap: 3 } }) });
    expect(counted.reactions).toMatchObject({ total: 3, byType: { clap: 3 }, fromWidget: false });
  });
});
