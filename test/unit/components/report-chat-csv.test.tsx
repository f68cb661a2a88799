// The report's chat export after the worker's memory cap let older messages go: the CSV writes the messages
// the panel holds, and the report says beside its button how many are not in it (the figures include them).
import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SessionReport } from '@/components/report/SessionReport';
import { addTally, countMessage, emptyTally, type ChatTally } from '@/lib/model/chat/tally';
import type { PageContext } from '@/lib/model/context';
import type { ChatMessage } from '@/lib/model/chat/types';
import type { ChatRecordInput } from '@/lib/model/report/session-report';
import type { ArchivedChatRow } from '@/lib/model/chat/archive';
import type { ChatArchiveReader } from '@/lib/platform/chat-archive';

const context: PageContext = {
  url: 'https://1234567.events.kaltura.com/media/t/1_sessiona1',
  title: 'Opening keynote',
  site: 'events',
  partnerId: 1234567,
  entryId: '1_sessiona1',
  virtualEventId: null,
  region: null,
  cnc: { present: true, modules: ['chat'], moderatorView: true },
  ks: { status: 'valid', partnerId: 1234567, type: 'USER' },
  problems: [],
  diagnostics: { profileId: 'kep-2026', matched: [] },
};

const message = (i: number): ChatMessage => ({ id: `m${i}`, author: { id: `u${i % 7}`, name: `Person ${i % 7}` }, text: `hello ${i}`, at: 1_700_000_000_000 + i * 1000, pinned: false, deleted: false, byModerator: false, reactions: {} });

/** The session's counts over `n` messages (as the worker keeps them). */
function tallyOver(n: number): ChatTally {
  const delta = { ...emptyTally(), senders: Object.create(null), minutes: Object.create(null) };
  for (let i = 0; i < n; i++) countMessage(delta, undefined, message(i));
  return addTally(emptyTally(), delta);
}

function renderReport(chat: ChatRecordInput[], tally: ChatTally) {
  const root = document.body.appendChild(document.createElement('div'));
  const onDownload = vi.fn();
  act(() => render(<SessionReport context={context} qna={null} polls={null} chat={chat} chatTally={tally} onDownload={onDownload} />, root));
  return { root, onDownload };
}

const records = (from: number, to: number): ChatRecordInput[] =>
  Array.from({ length: to - from }, (_, k) => {
    const m = message(from + k);
    return { at: m.at, senderId: m.author.id!, senderName: m.author.name, text: m.text };
  });

describe('the report: chat CSV after older messages were let go', () => {
  it('says how many messages the CSV lacks, and the CSV has the held ones', () => {
    const { root, onDownload } = renderReport(records(1_500, 1_600), tallyOver(1_600));
    const note = root.querySelector('[data-testid=report-csv-chat-note]');
    expect(note?.textContent).toBe('The chat CSV holds the latest 100 messages: 1,500 older ones are no longer held (the figures above include them).');
    const button = root.querySelector<HTMLButtonElement>('[data-testid=report-csv-chat]')!;
    expect(button.getAttribute('aria-describedby')).toBe(note!.id);
    act(() => button.click());
    const [, text] = onDownload.mock.calls[0]!;
    expect((text as string).trim().split(/\r?\n/)).toHaveLength(101); // header and the 100 held
    root.remove();
  });

  it('says nothing when the log holds the whole session', () => {
    const { root } = renderReport(records(0, 40), tallyOver(40));
    expect(root.querySelector('[data-testid=report-csv-chat-note]')).toBeNull();
    expect(root.querySelector('[data-testid=report-csv-chat]')!.hasAttribute('aria-describedby')).toBe(false);
    root.remove();
  });
});

/** An archive holding messages from..to of the session (as the worker wrote them), read in chunks of 300. */
function archiveOf(from: number, to: number, over: Partial<ChatArchiveReader> = {}) {
  const rows: ArchivedChatRow[] = records(from, to).map((r, k) => ({ ...r, s: '1234567:1_sessiona1', id: `m${from + k}` }));
  const reader: ChatArchiveReader = {
    status: vi.fn(async () => ({ count: rows.length, newestAt: rows.at(-1)?.at ?? null })),
    async *read() {
      for (let i = 0; i < rows.length; i += 300) yield rows.slice(i, i + 300);
    },
    deleteSession: vi.fn(async () => {
      rows.length = 0;
    }),
    ...over,
  };
  return reader;
}

function renderWithArchive(chat: ChatRecordInput[], tally: ChatTally, archive: ChatArchiveReader) {
  const root = document.body.appendChild(document.createElement('div'));
  const onDownload = vi.fn();
  act(() => render(<SessionReport context={context} qna={null} polls={null} chat={chat} chatTally={tally} chatArchive={archive} chatArchiveKey="1234567:1_sessiona1" onDownload={onDownload} />, root));
  return { root, onDownload };
}

const held = (from: number, to: number) => records(from, to).map((r, k) => ({ ...r, id: `m${from + k}` }));
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));
const q = (root: Element, id: string) => root.querySelector<HTMLElement>(`[data-testid=${id}]`);

describe('the report: chat CSV from the chat log on this computer', () => {
  it('writes the whole session from the log (the messages let go too, in time order) and says nothing is missing', async () => {
    // The log has 0..1,590 (the last save is a second behind); the panel holds 1,500..1,600.
    const { root, onDownload } = renderWithArchive(held(1_500, 1_600), tallyOver(1_600), archiveOf(0, 1_590));
    await settle();
    expect(q(root, 'report-csv-chat-note')).toBeNull();
    expect(q(root, 'report-chat-log-kept')?.textContent).toMatch(/^Chat log kept on this computer for 30 days\./);
    act(() => q(root, 'report-csv-chat')!.click());
    await vi.waitFor(() => expect(onDownload).toHaveBeenCalled());
    const lines = (onDownload.mock.calls[0]![1] as string).trim().split(/\r\n/);
    expect(lines).toHaveLength(1_601);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(Array.from({ length: 1_600 }, (_, i) => `hello ${i}`));
    root.remove();
  });

  it('says so when the log cannot be read, and writes what the panel holds with the held-only note', async () => {
    const { root, onDownload } = renderWithArchive(held(1_500, 1_600), tallyOver(1_600), archiveOf(0, 0, { status: async () => Promise.reject(new Error('UnknownError: blocked')) }));
    await settle();
    const note = q(root, 'report-csv-chat-note')!;
    expect(note.textContent).toBe(
      'The chat log on this computer could not be read (UnknownError: blocked): the chat CSV holds the messages the panel holds. The chat CSV holds the latest 100 messages: 1,500 older ones are no longer held (the figures above include them).',
    );
    expect(q(root, 'report-csv-chat')!.getAttribute('aria-describedby')).toBe(note.id);
    act(() => q(root, 'report-csv-chat')!.click());
    await vi.waitFor(() => expect(onDownload).toHaveBeenCalled());
    expect((onDownload.mock.calls[0]![1] as string).trim().split(/\r\n/)).toHaveLength(101);
    root.remove();
  });

  it('says how many the log lacks (it began late), and a read that fails while writing still gives the held file and says why', async () => {
    const archive = archiveOf(1_000, 1_600);
    const { root, onDownload } = renderWithArchive(held(1_500, 1_600), tallyOver(1_600), archive);
    await settle();
    expect(q(root, 'report-csv-chat-note')?.textContent).toMatch(/^The chat log on this computer lacks 1,000 of this session's 1,600 messages .*: the chat CSV holds 600\.$/);
    archive.read = async function* () {
      throw new Error('the database connection is closing');
    };
    act(() => q(root, 'report-csv-chat')!.click());
    await vi.waitFor(() => expect(onDownload).toHaveBeenCalled());
    expect((onDownload.mock.calls[0]![1] as string).trim().split(/\r\n/)).toHaveLength(101);
    expect(q(root, 'report-csv-chat-note')?.textContent).toMatch(/could not be read \(the database connection is closing\)/);
    root.remove();
  });

  it('a second click while the CSV is written starts no second file, and a failed read is still said after the figures are read again', async () => {
    const archive = archiveOf(0, 1_600);
    let reads = 0;
    let go: (() => void) | null = null;
    archive.read = async function* () {
      reads++;
      await new Promise<void>((r) => (go = r));
      throw new Error('the database connection is closing');
    };
    const { root, onDownload } = renderWithArchive(held(1_500, 1_600), tallyOver(1_600), archive);
    await settle();
    act(() => q(root, 'report-csv-chat')!.click());
    act(() => q(root, 'report-csv-chat')!.click());
    await vi.waitFor(() => expect(go).not.toBeNull());
    go!();
    await vi.waitFor(() => expect(onDownload).toHaveBeenCalled());
    await settle();
    expect(reads).toBe(1);
    expect(onDownload).toHaveBeenCalledTimes(1);
    expect(q(root, 'report-chat-log-said')?.textContent).toMatch(/Could not read the chat log on this computer \(the database connection is closing\)/);
    root.remove();
  });

  it('says exactly how many the file lacked once written, when the log counted messages twice (written again with a deletion)', async () => {
    // 1,700 rows written (the last 100 twice), 0..1,499 and 1,550..1,599 of them distinct: 50 are missing.
    const archive = archiveOf(0, 1_600);
    const rows = [...records(0, 1_500), ...records(1_550, 1_600)].map((r, k) => ({ ...r, id: `m${k < 1_500 ? k : k + 50}` }));
    archive.status = async () => ({ count: 1_700, newestAt: rows.at(-1)!.at });
    archive.read = async function* () {
      yield rows;
    };
    const { root, onDownload } = renderWithArchive(held(1_550, 1_600), tallyOver(1_600), archive);
    await settle();
    expect(q(root, 'report-csv-chat-note')).toBeNull(); // the estimate: 1,700 rows cover 1,600
    act(() => q(root, 'report-csv-chat')!.click());
    await vi.waitFor(() => expect(onDownload).toHaveBeenCalled());
    expect((onDownload.mock.calls[0]![1] as string).trim().split(/\r\n/)).toHaveLength(1_551);
    await vi.waitFor(() => expect(q(root, 'report-csv-chat-note')?.textContent).toMatch(/^The chat CSV just saved holds 1,550 of this session's 1,600 messages/));
    root.remove();
  });

  it("deletes this session's log only once confirmed: focus goes to Cancel, Escape cancels, and the note then says what the log lacks", async () => {
    const archive = archiveOf(0, 1_600);
    const { root } = renderWithArchive(held(1_500, 1_600), tallyOver(1_600), archive);
    await settle();
    act(() => q(root, 'report-chat-log-delete')!.click());
    await settle();
    expect(document.activeElement).toBe(q(root, 'report-chat-log-cancel'));
    act(() => void q(root, 'report-chat-log-cancel')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(q(root, 'report-chat-log-confirm')).toBeNull();
    expect(archive.deleteSession).not.toHaveBeenCalled();
    act(() => q(root, 'report-chat-log-delete')!.click());
    act(() => q(root, 'report-chat-log-confirm')!.click());
    await settle();
    expect(archive.deleteSession).toHaveBeenCalledWith('1234567:1_sessiona1');
    expect(q(root, 'report-chat-log-said')?.textContent).toMatch(/was deleted from this computer/);
    await vi.waitFor(() => expect(q(root, 'report-csv-chat-note')?.textContent).toMatch(/lacks 1,500 of this session's 1,600 messages/));
    root.remove();
  });
});
