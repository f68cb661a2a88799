// A person's card: everything they wrote in this session (chat, and their Q&A questions), whether they are
// blocked (and why), and the actions on them in one place: block or unblock, delete all their messages (asks
// first, saying how many and that it cannot be undone: no widget we know restores a deleted chat message).
// Whatever cannot be done here is not offered, and the card says why. A modal dialog; Esc closes it and focus
// goes back where it was. Every name and text is attendee data: text only, dir="auto".
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatAction, ChatCommand } from '@/lib/model/chat/commands';
import type { BlockedPerson, ChatCapabilities, ChatMessage } from '@/lib/model/chat/types';
import type { Question, QuestionState } from '@/lib/model/qna/types';
import { clockOf } from '@/lib/model/chat/view';

export interface PersonCardProps {
  name: string;
  userId: string | null;
  messages: ChatMessage[];
  /** How many of their messages are no longer held (lib/model/chat/tally.ts notHeldNote); null: none. */
  notHeld?: string | null;
  questions: Question[];
  blocked: BlockedPerson | null;
  /** What the session's chat can do; null when the session has no chat attached (blocking is a chat control). */
  caps: ChatCapabilities | null;
  /** The outbox's commands about this person (block, unblock), to show while they go and when they fail. */
  commands?: ChatCommand[];
  onAction(action: ChatAction): void;
  onClose(): void;
}

const STATE_LABELS: Record<QuestionState, string> = {
  pending: 'pending',
  approved: 'approved',
  answered: 'answered',
  dismissed: 'dismissed',
};

/** Why the card offers no Block for this person, or null when it does. */
export function blockAbsentReason(p: Pick<PersonCardProps, 'name' | 'userId' | 'caps'>): string | null {
  if (!p.caps) return "Blocking is done through the widget's chat, and no chat is attached for this session.";
  if (!p.userId) return `The widget shows no user id for ${p.name}, so it cannot block them.`;
  if (!p.caps.block) return p.caps.absent.block ?? 'The widget offers no block here.';
  return null;
}

export function PersonCard(p: PersonCardProps) {
  const close = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const live = p.messages.filter((m) => !m.deleted);
  const noBlock = blockAbsentReason(p);
  const commands = (p.commands ?? []).filter((c) => c.status.state !== 'done');
  // Focus moves in the commit that opens the card (keys typed next are the card's, not the list's behind it).
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div class="qna-backdrop" onClick={(e) => e.target === e.currentTarget && p.onClose()}>
      <div
        class="qna-dialog card chat-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="chat-card-title"
        data-testid="chat-card"
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            p.onClose();
          }
        }}
      >
        <h2 id="chat-card-title" dir="auto">
          {p.name}
        </h2>
        {p.userId && (
          <p class="muted">
            User id: <bdi dir="auto">{p.userId}</bdi>
          </p>
        )}
        <p data-testid="chat-card-state" data-blocked={p.blocked ? 'true' : 'false'} role="status">
          {p.blocked ? `Blocked${p.blocked.reason ? `: ${p.blocked.reason}` : ''}` : 'Not blocked'}
        </p>
        <p class="muted" data-testid="chat-card-counts">
          {p.messages.length} chat {p.messages.length === 1 ? 'message' : 'messages'}
          {p.messages.length - live.length > 0 ? ` (${p.messages.length - live.length} deleted)` : ''}, {p.questions.length}{' '}
          {p.questions.length === 1 ? 'question' : 'questions'}
        </p>
        <div class="chat-card-actions">
          {p.userId && p.blocked && p.caps?.unblock && (
            <button type="button" class="small" data-testid="chat-card-unblock" onClick={() => p.onAction({ kind: 'unblock', userId: p.userId! })}>
              Unblock
            </button>
          )}
          {!p.blocked && !noBlock && !blocking && (
            <button type="button" class="small" data-testid="chat-card-block" onClick={() => setBlocking(true)}>
              Block…
            </button>
          )}
          {live.length > 0 && p.caps?.delete && !confirming && (
            <button type="button" class="small" data-testid="chat-card-delete-all" onClick={() => setConfirming(true)}>
              Delete all ({live.length})…
            </button>
          )}
        </div>
        {!p.blocked && noBlock && (
          <p class="muted" data-testid="chat-card-no-block">
            {noBlock}
          </p>
        )}
        {commands.length > 0 && (
          <ul class="chat-commands" data-testid="chat-card-commands">
            {commands.map((c) => (
              <li key={c.id} class={c.status.state} data-command-state={c.status.state} role={c.status.state === 'failed' ? 'alert' : undefined}>
                {c.action.kind === 'block' ? 'Block' : c.action.kind === 'unblock' ? 'Unblock' : c.action.kind}:{' '}
                {c.status.state === 'failed' ? `failed: ${c.status.message}` : c.status.state === 'queued' && c.status.reason ? c.status.reason : 'sending…'}
              </li>
            ))}
          </ul>
        )}
        {blocking && (
          <form
            class="chat-dock"
            onSubmit={(e) => {
              e.preventDefault();
              p.onAction({ kind: 'block', userId: p.userId!, reason: reason.trim() });
              setBlocking(false);
            }}
          >
            <label>
              Reason for blocking
              <input type="text" dir="auto" data-testid="chat-card-block-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="small primary-ish" data-testid="chat-card-block-confirm">
              Block
            </button>
            <button type="button" class="small" onClick={() => setBlocking(false)}>
              Cancel
            </button>
          </form>
        )}
        {confirming && (
          <div class="chat-dock" role="group" aria-label="Confirm">
            <p data-testid="chat-card-confirm-text" dir="auto">
              Delete {live.length} {live.length === 1 ? 'message' : 'messages'} by {p.name}? This cannot be undone: the widget has no way to
              restore a deleted message. Our record keeps what they wrote.
            </p>
            <button
              type="button"
              class="small primary-ish"
              data-testid="chat-card-confirm"
              onClick={() => {
                for (const m of live) p.onAction({ kind: 'delete', messageId: m.id, reason: `All messages of ${p.name}` });
                setConfirming(false);
              }}
            >
              Delete {live.length}
            </button>
            <button type="button" class="small" data-testid="chat-card-cancel" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
        <h3>Chat</h3>
        {p.messages.length === 0 ? (
          <p class="muted">No chat messages.</p>
        ) : (
          <ul class="chat-card-list" data-testid="chat-card-messages">
            {p.messages.slice(-200).map((m) => (
              <li key={m.id} class={m.deleted ? 'deleted' : ''}>
                <time class="muted">{clockOf(m.at)}</time> <span dir="auto">{m.text}</span>
                {m.deleted && <span class="muted"> (deleted)</span>}
              </li>
            ))}
          </ul>
        )}
        {/* Under their messages, not over the card's buttons: it can appear while the card is open (the memory
            cap lets their older messages go), and above Block or Delete all it would move them under the pointer. */}
        {p.notHeld && (
          <p class="muted" data-testid="chat-card-not-held">
            {p.notHeld}
          </p>
        )}
        <h3>Questions</h3>
        {p.questions.length === 0 ? (
          <p class="muted">No questions (anonymous ones are never counted as anyone's).</p>
        ) : (
          <ul class="chat-card-list" data-testid="chat-card-questions">
            {p.questions.map((q) => (
              <li key={q.id} data-question-id={q.id} data-state={q.state}>
                <span dir="auto">{q.text}</span> <span class="muted">({STATE_LABELS[q.state]})</span>
              </li>
            ))}
          </ul>
        )}
        <button ref={close} type="button" class="primary" data-testid="chat-card-close" onClick={p.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
