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
