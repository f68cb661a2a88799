// The chat archive's pure parts: the merge of the log with what the panel holds, the note's figures, the retention.
import { describe, expect, it } from 'vitest';
import { archiveCoverage, archiveNote, CHAT_ARCHIVE_RETENTION_MS, dedupedChatLog, expiredSessions, mergedChatLog, type ArchivedChatRow } from '@/lib/model/chat/archive';

const row = (i: number, over: Partial<ArchivedChatRow> = {}): ArchivedChatRow => ({ id: `m${i}`, at: 1000 * i, senderId: 'u', text: `t${i}`, ...over });
async function* chunks(rows: ArchivedChatRow[], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
async function collect(it: AsyncIterable<{ text?: string }[]>) {
  const out: string[] = [];
  for await (const c of it) out.push(...c.map((r) => r.text!));
  return out;
}

describe('chat archive: the merged log', () => {
  it('puts the held messages the log lacks at their place, and a held one replaces its older archived row', async () => {
    const archived = [row(1), row(2, { text: 't2 (as archived)' }), row(4), row(6)];
    const held = [row(7), row(2, { text: 't2 (deleted since)' }), row(3), row(5)];
    expect(await collect(mergedChatLog(chunks(archived, 2), held))).toEqual(['t1', 't2 (deleted since)', 't3', 't4', 't5', 't6', 't7']);
    expect(await collect(mergedChatLog(chunks([], 2), held))).toEqual(['t2 (deleted since)', 't3', 't5', 't7']);
  });

  it('gives each message of the saved log once, at its first place, with its last version (a later deletion), sorted within a save', async () => {
    // Three saves: a second tab's save of 1 and 2 interleaves; 2 is deleted in the third save.
    // 3 was flagged when first written, 1 in its second version; a second tab's saves of them have no mark.
    const saves = [[row(3, { flagged: true }), row(1)], [row(2), row(1, { flagged: true }), row(3)], [row(4), row(2, { text: 't2 (deleted)', deleted: true }), row(1)]];
    const reads = { n: 0 };
    const log = dedupedChatLog(() => {
      reads.n++;
      return chunks(saves.flat(), 2);
    });
    const rows: ArchivedChatRow[] = [];
    for await (const c of log) rows.push(...c);
    expect(rows.map((r) => r.text)).toEqual(['t1', 't3', 't2 (deleted)', 't4']);
    expect(rows.map((r) => !!r.flagged)).toEqual([true, true, false, false]);
    expect(reads.n).toBe(2);
  });

  it('counts what the file will hold: the archived, and the held newer than the newest archived', () => {
    expect(archiveCoverage({ count: 1_590, newestAt: 1_589_000 }, Array.from({ length: 100 }, (_, k) => ({ at: (1_500 + k) * 1000 })))).toBe(1_600);
    expect(archiveCoverage({ count: 0, newestAt: null }, [{ at: 1 }, { at: 2 }, { at: 3 }])).toBe(3);
  });

  it('says nothing when complete, how many are lacking otherwise, and that the log could not be read', () => {
    expect(archiveNote({ state: 'ready', count: 1_600, newestAt: 1 }, 1_600, 100, 'held note', 1_600)).toBeNull();
    expect(archiveNote({ state: 'reading' }, 1_600, 100, 'held note', 0)).toBeNull();
    expect(archiveNote({ state: 'ready', count: 500, newestAt: 1 }, 1_600, 100, 'held note', 600)).toBe(
      "The chat log on this computer lacks 1,000 of this session's 1,600 messages (saving it failed, it was deleted, or it began after them): the chat CSV holds 600.",
    );
    expect(archiveNote({ state: 'unavailable', reason: 'QuotaExceededError' }, 1_600, 100, 'held note', 0)).toBe(
      'The chat log on this computer could not be read (QuotaExceededError): the chat CSV holds the messages the panel holds. held note',
    );
  });

  it('expires the sessions whose latest save is older than 30 days', () => {
    const now = 100 * 86_400_000;
    const s = (id: string, last: number) => ({ s: id, partnerId: 1, entryId: id, first: 0, last });
    expect(CHAT_ARCHIVE_RETENTION_MS).toBe(30 * 86_400_000);
    expect(expiredSessions([s('old', now - 31 * 86_400_000), s('new', now - 29 * 86_400_000)], now)).toEqual(['old']);
  });
});
