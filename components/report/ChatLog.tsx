// The report's chat log: the Chat CSV button, the note beside it, where the log is kept and for how long, and
// deleting this session's log (with a confirmation). The CSV is written from the chat archive on this computer
// (lib/model/chat/archive.ts) merged with what the panel holds, so it has messages the worker's memory cap
// let go. The panel reads the archive itself (IndexedDB, the extension's own origin, as the worker that
// writes it): asking the worker would send 200,000 rows through the browser's messaging and hold them in
// the worker's memory, which the cap is there to spare; the panel reads them in chunks and writes text.
import { useEffect, useRef, useState } from 'preact/hooks';
import { archiveCoverage, archiveNote, CHAT_ARCHIVE_RETENTION_DAYS, mergedChatLog, type ChatArchiveStatus } from '@/lib/model/chat/archive';
import { csvNotHeldNote, type ChatTally } from '@/lib/model/chat/tally';
import { chatCsv, chatCsvRows } from '@/lib/model/report/csv';
import type { ChatRecordInput } from '@/lib/model/report/session-report';
import type { ChatArchiveReader } from '@/lib/platform/chat-archive';

/** How often the note's figures are read again while the report is open (two small reads). */
const STATUS_EVERY_MS = 10_000;

const reasonOf = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

export interface ChatLogProps {
  /** The messages the panel holds (null: no chat record). */
  chat: readonly (ChatRecordInput & { id?: string })[] | null;
  chatTally: ChatTally | null;
  /** The archive and this session's key in it, as the worker keeps it (absent: none, the CSV holds what the panel holds). */
  archive?: ChatArchiveReader | null;
  archiveKey?: string | null;
  save(name: string, text: string): void;
}

/** The Chat CSV button and its notes, for the report's actions row (`note` goes above it). */
export function useChatLog({ chat, chatTally, archive, archiveKey, save }: ChatLogProps) {
  const [status, setStatus] = useState<ChatArchiveStatus>({ state: 'reading' });
  const [busy, setBusy] = useState(false);
  // One export at a time, decided at the click (the state's `busy` is seen a render later): a second click
  // during a long read started a second read and saved two files.
  const running = useRef(false);
  const [said, setSaid] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  // The last file written from the log: its rows and the session's count then (the figures before it are an
  // estimate: a message written to the log again counts again there).
  const [written, setWritten] = useState<{ rows: number; total: number } | null>(null);
  useEffect(() => {
    if (!archive || !archiveKey) return;
    let live = true;
    setStatus({ state: 'reading' });
    const read = () =>
      archive.status(archiveKey).then(
        (s) => live && setStatus({ state: 'ready', ...s }),
        (e: unknown) => live && setStatus({ state: 'unavailable', reason: reasonOf(e) }),
      );
    void read();
    const timer = setInterval(() => void read(), STATUS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [archive, archiveKey, reads]);

  const held = chat?.length ?? 0;
  const heldOnly = chat ? csvNotHeldNote(chatTally?.messages, held) : null;
  const hasArchive = !!archive && !!archiveKey;
  let note: string | null;
  if (!chat) note = null;
  else if (!hasArchive) note = heldOnly;
  else if (status.state === 'ready') note = archiveNote(status, chatTally?.messages, held, heldOnly, archiveCoverage(status, chat));
  else note = archiveNote(status, chatTally?.messages, held, heldOnly, 0);
  if (chat && hasArchive && status.state !== 'unavailable' && written && written.rows < written.total) {
    note = `The chat CSV just saved holds ${written.rows.toLocaleString('en')} of this session's ${written.total.toLocaleString('en')} messages: the chat log on this computer lacks the others (saving it failed, it was deleted, or it began after them).`;
  }

  const exportChat = async () => {
    if (!chat || running.current) return;
    if (!archive || !archiveKey || status.state === 'unavailable') {
      save('chat', chatCsv(chat));
      return;
    }
    running.current = true;
    setBusy(true);
    try {
      // Chunk by chunk into text: no array of every row at once.
      let text = chatCsv([]); // the header line
      let rows = 0;
      const total = chatTally?.messages ?? 0;
      for await (const chunk of mergedChatLog(archive.read(archiveKey), chat)) {
        text += chatCsvRows(chunk);
        rows += chunk.length;
      }
      save('chat', text);
      setWritten({ rows, total });
    } catch (e) {
      // Said beside the button, and the file still comes: what the panel holds. Said below too, where it
      // stays (the note's figures are read again every few seconds and may find the log readable again).
      setStatus({ state: 'unavailable', reason: reasonOf(e) });
      setSaid(`Could not read the chat log on this computer (${reasonOf(e)}): the chat CSV just saved holds only the messages the panel holds.`);
      save('chat', chatCsv(chat));
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  const deleteLog = async () => {
    if (!archive || !archiveKey) return;
    if (running.current) {
      setSaid('The chat CSV is being written from the log: delete the log once it is saved.');
      return;
    }
    try {
      await archive.deleteSession(archiveKey);
      setSaid('This session’s chat log was deleted from this computer (new messages are kept from now on).');
      setWritten(null);
    } catch (e) {
      setSaid(`Could not delete this session’s chat log: ${reasonOf(e)}.`);
    }
    setReads((n) => n + 1);
  };

  return { note, busy, hasArchive, said, exportChat, deleteLog };
}

/** Where the log is kept, for how long, and deleting it (confirmed first; keyboard: focus goes to Cancel). */
export function ChatLogKept({ onDelete, said }: { onDelete(): void; said: string | null }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  const close = () => {
    setConfirming(false);
    // Back where the moderator was (the opener is rendered again on the next frame).
    requestAnimationFrame(() => opener.current?.focus());
  };
  return (
    <div class="report-chat-log no-print" data-testid="report-chat-log">
      <p class="hint" data-testid="report-chat-log-kept">
        Chat log kept on this computer for {CHAT_ARCHIVE_RETENTION_DAYS} days.{' '}
        {!confirming && (
          <button type="button" class="link" ref={opener} data-testid="report-chat-log-delete" onClick={() => setConfirming(true)}>
            Delete this session’s chat log…
          </button>
        )}
      </p>
      {confirming && (
        <div class="report-confirm" role="group" aria-label="Confirm deleting the chat log" onKeyDown={(e) => e.key === 'Escape' && close()}>
          <p data-testid="report-chat-log-confirm-text">
            Delete this session’s chat log from this computer? The chat CSV then holds only the messages the panel still holds. This cannot be
            undone.
          </p>
          <button
            type="button"
            class="small primary-ish"
            data-testid="report-chat-log-confirm"
            onClick={() => {
              onDelete();
              close();
            }}
          >
            Delete the log
          </button>
          <button type="button" class="small" ref={cancel} data-testid="report-chat-log-cancel" onClick={close}>
            Cancel
          </button>
        </div>
      )}
      {said && (
        <p class="hint" role="status" data-testid="report-chat-log-said">
          {said}
        </p>
      )}
    </div>
  );
}
