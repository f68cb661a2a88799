// A person's card: everything they wrote in this session (chat, and Q&A when the panel has it), whether they
// are blocked (and why), and the actions on them in one place: block or unblock, delete all their messages
// (asks first, saying how many). A modal dialog; Esc closes it and focus goes back where it was.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatAction } from '@/lib/model/chat/commands';
import type { BlockedPerson, ChatCapabilities, ChatMessage } from '@/lib/model/chat/types';
import type { Question } from '@/lib/model/qna/types';
import { clockOf } from '@/lib/model/chat/view';

export interface PersonCardProps {
  name: string;
  userId: string | null;
  messages: ChatMessage[];
  questions: Question[];
  blocked: BlockedPerson | null;
  caps: ChatCapabilities;
  onAction(action: ChatAction): void;
  onClose(): void;
}

export function PersonCard(p: PersonCardProps) {
  const close = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const live = p.messages.filter((m) => !m.deleted);
  useEffect(() => {
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
        <p data-testid="chat-card-state" data-blocked={p.blocked ? 'true' : 'false'}>
          {p.blocked ? `Blocked${p.blocked.reason ? `: ${p.blocked.reason}` : ''}` : 'Not blocked'}
        </p>
        <p class="muted" data-testid="chat-card-counts">
          {p.messages.length} chat {p.messages.length === 1 ? 'message' : 'messages'}
          {p.messages.length - live.length > 0 ? ` (${p.messages.length - live.length} deleted)` : ''}, {p.questions.length}{' '}
          {p.questions.length === 1 ? 'question' : 'questions'}
        </p>
        <div class="chat-card-actions">
          {p.userId && p.blocked && p.caps.unblock && (
            <button type="button" class="small" data-testid="chat-card-unblock" onClick={() => p.onAction({ kind: 'unblock', userId: p.userId! })}>
              Unblock
            </button>
          )}
          {p.userId && !p.blocked && p.caps.block && !blocking && (
            <button type="button" class="small" data-testid="chat-card-block" onClick={() => setBlocking(true)}>
              Block…
            </button>
          )}
          {p.userId && !p.blocked && !p.caps.block && <p class="muted">{p.caps.absent.block}</p>}
          {live.length > 0 && p.caps.delete && !confirming && (
            <button type="button" class="small" data-testid="chat-card-delete-all" onClick={() => setConfirming(true)}>
              Delete all their messages…
            </button>
          )}
        </div>
        {blocking && (
          <form
            class="chat-dock"
            onSubmit={(e) => {
              e.preventDefault();
              p.onAction({ kind: 'block', userId: p.userId!, reason });
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
            <p data-testid="chat-card-confirm-text">
              Delete {live.length} {live.length === 1 ? 'message' : 'messages'} by {p.name}? Our record keeps them.
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
        <ul class="chat-card-list" data-testid="chat-card-messages">
          {p.messages.slice(-200).map((m) => (
            <li key={m.id} class={m.deleted ? 'deleted' : ''}>
              <time class="muted">{clockOf(m.at)}</time>{' '}
              <span dir="auto">{m.text}</span>
              {m.deleted && <span class="muted"> (deleted)</span>}
            </li>
          ))}
        </ul>
        {p.questions.length > 0 && (
          <>
            <h3>Questions</h3>
            <ul class="chat-card-list" data-testid="chat-card-questions">
              {p.questions.map((q) => (
                <li key={q.id}>
                  <span dir="auto">{q.text}</span> <span class="muted">({q.state})</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <button ref={close} type="button" class="primary" data-testid="chat-card-close" onClick={p.onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
