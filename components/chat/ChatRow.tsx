// One chat message in the Chat view. Attendee text is data: rendered as text, dir="auto".
import { memo } from 'preact/compat';
import type { ChatCommand } from '@/lib/model/chat/commands';
import type { Flag } from '@/lib/model/chat/flags';
import type { DeletionRecord } from '@/lib/model/chat/session';
import type { ChatCapabilities, ChatMessage } from '@/lib/model/chat/types';
import { clockOf } from '@/lib/model/chat/view';

export interface ChatRowProps {
  m: ChatMessage;
  active: boolean;
  flags: Flag[] | undefined;
  deletion: DeletionRecord | undefined;
  command: ChatCommand | undefined;
  blocked: boolean;
  caps: ChatCapabilities;
  onActivate(id: string): void;
  onSender(m: ChatMessage): void;
  onDelete(m: ChatMessage): void;
  onPin(m: ChatMessage): void;
  onBlock(m: ChatMessage): void;
  onKeep(m: ChatMessage): void;
}

export const ChatRow = memo(function ChatRow(p: ChatRowProps) {
  const { m, caps } = p;
  const reactions = Object.entries(m.reactions);
  return (
    <li
      class={`chat-item${p.active ? ' active' : ''}${m.deleted ? ' deleted' : ''}${p.flags ? ' flagged' : ''}`}
      data-testid="chat-item"
      data-message-id={m.id}
      data-flagged={p.flags ? 'true' : 'false'}
      data-deleted={m.deleted ? 'true' : 'false'}
      data-pinned={m.pinned ? 'true' : 'false'}
      aria-current={p.active ? 'true' : undefined}
      tabIndex={p.active ? 0 : -1}
      onClick={() => p.onActivate(m.id)}
    >
      <div class="chat-head">
        <button type="button" class="link chat-sender" dir="auto" data-testid="chat-sender" onClick={() => p.onSender(m)}>
          {m.author.name || m.author.id || 'Unknown'}
        </button>
        {m.byModerator && <span class="pill">moderator</span>}
        {p.blocked && <span class="pill warn" data-testid="chat-blocked-mark">blocked</span>}
        <time class="muted chat-time" dateTime={new Date(m.at).toISOString()}>
          {clockOf(m.at)}
        </time>
        {m.pinned && <span class="pill" data-testid="chat-pinned-mark">pinned</span>}
      </div>
      <p class="chat-text" dir="auto" data-testid="chat-text">
        {m.text}
      </p>
      {reactions.length > 0 && (
        <p class="chat-reactions muted" data-testid="chat-reactions">
          {reactions.map(([emoji, n]) => (
            <span key={emoji} class="chat-reaction" data-emoji={emoji}>
              {emoji} {n}
            </span>
          ))}
        </p>
      )}
      {p.flags && (
        <p class="chat-flag" data-testid="chat-flag">
          Flagged: {p.flags.map((f) => f.reason).join('; ')}
        </p>
      )}
      {m.deleted && (
        <p class="chat-deleted muted" data-testid="chat-deleted">
          Deleted{p.deletion ? ` by ${p.deletion.how === 'auto' ? 'auto-delete' : p.deletion.by}${p.deletion.reason ? `: ${p.deletion.reason}` : ''}` : ''}
        </p>
      )}
      {p.command && (
        <p class={`chat-command ${p.command.status.state}`} data-testid="chat-command" data-command-state={p.command.status.state} role="status">
          {p.command.status.state === 'failed'
            ? `${p.command.action.kind} failed: ${p.command.status.message}`
            : p.command.status.state === 'queued' && p.command.status.reason
              ? p.command.status.reason
              : `${p.command.action.kind}: sending…`}
        </p>
      )}
      {!m.deleted && (
        <div class="chat-actions">
          {p.flags && (
            <button type="button" class="small" data-testid="chat-keep" onClick={() => p.onKeep(m)}>
              Keep
            </button>
          )}
          {caps.delete && (
            <button type="button" class="small" data-testid="chat-delete" onClick={() => p.onDelete(m)}>
              Delete
            </button>
          )}
          {(m.pinned ? caps.unpin : caps.pin) && (
            <button type="button" class="small" data-testid="chat-pin" onClick={() => p.onPin(m)}>
              {m.pinned ? 'Unpin' : 'Pin'}
            </button>
          )}
          {!m.byModerator && m.author.id && (p.blocked ? caps.unblock : caps.block) && (
            <button type="button" class="small" data-testid="chat-block" onClick={() => p.onBlock(m)}>
              {p.blocked ? 'Unblock' : 'Block'}
            </button>
          )}
        </div>
      )}
    </li>
  );
});
