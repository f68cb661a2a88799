/**
 * The group chat of the followed session, in the side panel (issue 11).
 *
 * Props: the chat mirror as a signal (null until the background sent a snapshot), the Q&A mirror (for the
 * person card), and two intent callbacks: `onAction` for what the widget performs (through the outbox,
 * confirmed by what it shows afterwards), `onLocal` for the moderator's own record (keep a flagged message,
 * the flag rules). Every name and text is attendee data: rendered as text, dir="auto".
 *
 * The stream reads top to bottom, newest last. It never moves under the moderator: while the pointer or
 * focus is in the list, or the list is not scrolled to its end, new messages wait behind "N new".
 *
 * Stable data-testids: `chat`, `chat-stale`, `chat-problem`, `chat-search`, `chat-person`, `chat-only-flagged`
 * (aria-pressed; `chat-flag-count`), `chat-absent-{capability}`, `chat-list` (data-count = rows rendered, data-total = messages listed),
 * `chat-new-items`, `chat-earlier`, `chat-item` (data-message-id, data-flagged, data-deleted, data-pinned) with
 * `chat-sender`, `chat-text`, `chat-reactions`, `chat-flag`, `chat-deleted`, `chat-command`, `chat-keep`,
 * `chat-delete`, `chat-pin`, `chat-block`; `chat-dock` (data-kind = delete | block) with `chat-dock-reason`,
 * `chat-dock-confirm`, `chat-dock-cancel`; `chat-commands` (failed or waiting posts and blocks);
 * `chat-post-text`, `chat-post-send`; `chat-card` (PersonCard.tsx); `chat-keys`; `chat-rules`; `chat-audit`;
 * `chat-announce` (polite live region).
 */
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatAction, ChatCommand, ChatLocalAction } from '@/lib/model/chat/commands';
import type { ChatMirror } from '@/lib/model/chat/session';
import type { ChatCapabilityName, ChatMessage } from '@/lib/model/chat/types';
import { CHAT_KEYS, chatKeyCommand, clockOf, filterMessages, senders } from '@/lib/model/chat/view';
import type { QnaMirror } from '@/lib/model/qna/session';
import { Disclosure } from '../qna/Disclosure';
import { ChatRow, type ChatRowProps } from './ChatRow';
import { FlagRulesEditor } from './FlagRulesEditor';
import { PersonCardHost } from './PersonCardHost';
import type { PersonRef } from './person-ref';
import { SearchBox } from '../SearchBox';
import { olderNotHeldNote } from '@/lib/model/chat/tally';
import './chat.css';

/**
 * Rows rendered at the live end (a few screens of the list), and how many more come in when the moderator
 * scrolls near either edge of what is rendered (or asks with "Show earlier"). The DOM never holds more than
 * CHAT_MAX_ROWS: rows far off the other edge go. A 50,000-message chat renders as fast as a 30-message one.
 */
export const CHAT_PAGE = 30;
export const CHAT_MAX_ROWS = 300;
/**
 * The most rows the live end renders: there the slice only grows at the bottom, and drops back to the newest
 * CHAT_PAGE in one go when it reaches this. Rows that keep their place are not laid out again, and the list
 * follows the newest by a scroll in the next frame instead of a layout in every render (see follow).
 */
export const LIVE_MAX = 4 * CHAT_PAGE;
const BOTTOM_PX = 8;
/**
 * How far up a scroll that neither pointer nor focus made must take a list that follows the newest before it
 * counts as the moderator's (find in page, assistive technology): the browser moves it up by itself when a
 * row above shrinks (a flag kept, reactions gone), and that must not stop it following.
 */
const FOLLOW_SLACK_PX = 24;
/** How close to an edge of the rendered rows a scroll brings in the next page. */
const EDGE_PX = 160;

export interface ChatViewProps {
  chat: ReadonlySignal<ChatMirror | null>;
  qna?: ReadonlySignal<QnaMirror | null>;
  onAction(action: ChatAction): void;
  onLocal(action: ChatLocalAction): void;
}

type Dock = { kind: 'delete' | 'block'; m: ChatMessage } | null;
type RowHandlers = Pick<ChatRowProps, 'onActivate' | 'onSender' | 'onDelete' | 'onPin' | 'onBlock' | 'onKeep'>;

export function ChatView(props: ChatViewProps) {
  const mirror = props.chat.value;
  const [search, setSearch] = useState('');
  const [person, setPerson] = useState<string | null>(null);
  const [people, setPeople] = useState<Array<{ key: string; name: string; count: number }>>([]);
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  // The rendered slice of the shown messages while the moderator reads back; null at the live end (the
  // newest CHAT_PAGE).
  const [range, setRange] = useState<{ start: number; end: number } | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [dock, setDock] = useState<Dock>(null);
  const [reason, setReason] = useState('');
  const [card, setCard] = useState<PersonRef | null>(null);
  const [help, setHelp] = useState(false);
  const [post, setPost] = useState('');
  const [said, setSaid] = useState('');
  const [, rerender] = useState(0);
  const listEl = useRef<HTMLUListElement>(null);
  const searchEl = useRef<HTMLInputElement>(null);
  const reasonEl = useRef<HTMLInputElement>(null);
  const pointerIn = useRef(false);
  const focusIn = useRef(false);
  const atBottom = useRef(true);
  /** While not calm: how many of the filtered messages were shown when the list froze. */
  const frozen = useRef<number | null>(null);
  const lastShown = useRef(0);
  /** At the live end: the first rendered message (see LIVE_MAX). */
  const liveFirst = useRef<string | null>(null);
  /** The first message the last render showed (when it changes, rows left the top: see follow). */
  const renderedFirst = useRef<string | null>(null);
  /** A row to keep where it is on screen across the next render (the rendered slice changed around it). */
  const anchor = useRef<{ id: string; top: number } | null>(null);
  /**
   * The frame that scrolls to the newest. Scrolling to the end needs the list laid out: done in each render
   * (reading scrollHeight) it laid the list out 33 times a second at 200 messages/s; done in the frame's
   * animation callback, the frame lays out once for every render before it. Renders that took rows off the
   * top still scroll at once, before the browser clamps the scroll and moves the rows on screen.
   */
  const follow = useRef(0);
  /** Where the last follow left the list (see FOLLOW_SLACK_PX). */
  const followedTo = useRef(0);
  const toEnd = () => {
    follow.current = 0;
    const el = listEl.current;
    // Still calm: the pointer or focus may have come into the list since the render (then nothing moves).
    if (!el || frozen.current !== null || !atBottom.current || pointerIn.current || focusIn.current) return;
    el.scrollTop = el.scrollHeight;
    followedTo.current = el.scrollTop;
  };
  // Stable row callbacks (they call the latest handlers): memoised rows re-render only when their message
  // or its marks change, not on every patch of a busy chat.
  const handlers = useRef<RowHandlers | null>(null);
  const rowHandlers = useMemo<RowHandlers>(
    () => ({
      onActivate: (id) => handlers.current?.onActivate(id),
      onSender: (m) => handlers.current?.onSender(m),
      onDelete: (m) => handlers.current?.onDelete(m),
      onPin: (m) => handlers.current?.onPin(m),
      onBlock: (m) => handlers.current?.onBlock(m),
      onKeep: (m) => handlers.current?.onKeep(m),
    }),
    [],
  );

  const version = mirror?.version ?? -1;
  const meta = mirror?.meta;
  const flags = meta?.flags ?? {};
  const visible = useMemo(
    () => (mirror ? filterMessages(mirror.store.list, { search, person, onlyFlagged }, flags) : []),
    // The store is updated in place: the version says when it changed.
    [version, search, person, onlyFlagged],
  );
  // Filter changes are the moderator's own doing: everything comes in.
  const filterKey = `${search}|${person}|${onlyFlagged}`;
  const lastFilter = useRef(filterKey);
  if (lastFilter.current !== filterKey) {
    lastFilter.current = filterKey;
    frozen.current = null;
    if (range) setRange(null);
  }
  const calm = () => atBottom.current && !pointerIn.current && !focusIn.current;
  if (calm()) frozen.current = null;
  else if (frozen.current === null) frozen.current = Math.min(lastShown.current, visible.length);
  const shownCount = frozen.current === null ? visible.length : Math.min(frozen.current, visible.length);
  const held = visible.length - shownCount;
  lastShown.current = shownCount;
  const end = range ? Math.min(range.end, shownCount) : shownCount;
  let start = range ? Math.max(0, Math.min(range.start, end)) : Math.max(0, end - CHAT_PAGE);
  if (!range && liveFirst.current !== null)
    for (let i = start - 1; i >= Math.max(0, end - LIVE_MAX); i--)
      if (visible[i]!.id === liveFirst.current) {
        start = i;
        break;
      }
  liveFirst.current = range ? null : (visible[start]?.id ?? null);
  const rows = visible.slice(start, end);

  const blocked = useMemo(() => new Map((meta?.blocked ?? []).map((b) => [b.userId, b])), [meta?.blocked]);
  const commandsByMessage = useMemo(() => {
    const out = new Map<string, ChatCommand>();
    for (const c of meta?.commands ?? []) if ('messageId' in c.action) out.set(c.action.messageId, c);
    return out;
  }, [meta?.commands]);
  const otherCommands = (meta?.commands ?? []).filter((c) => !('messageId' in c.action));
  const flagCount = mirror?.flagged ?? 0;
  const notHeld = mirror ? olderNotHeldNote(meta?.tally?.messages, mirror.store.list.length) : null;

  // Keep the end in view while calm (new messages come in at the bottom); when the rendered slice changed
  // around the rows on screen, put them back where they were (no jump).
  const firstId = rows[0]?.id ?? null;
  useLayoutEffect(() => {
    const before = renderedFirst.current;
    renderedFirst.current = firstId;
    const el = listEl.current;
    if (!el) return;
    const a = anchor.current;
    anchor.current = null;
    const row = a && el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(a.id)}"]`);
    if (row) el.scrollTop += row.getBoundingClientRect().top - el.getBoundingClientRect().top - a!.top;
    else if (frozen.current !== null || !atBottom.current) return;
    else if (firstId !== before) toEnd();
    else if (!follow.current) follow.current = requestAnimationFrame(toEnd);
  });
  useEffect(() => () => cancelAnimationFrame(follow.current), []);
  // In the commit that opens the dock (a layout effect): a reason typed right after d or b must not reach
  // the list, where letters are commands on the active message.
  useLayoutEffect(() => {
    if (dock) reasonEl.current?.focus();
  }, [dock]);

  if (!mirror || !meta) return <p class="hint" data-testid="chat-empty">Waiting for the chat of this session…</p>;
  const caps = meta.capabilities;

  const say = (text: string) => setSaid(text);
  const settle = () => {
    if (held > 0 && calm()) rerender((n) => n + 1);
  };
  const releaseAll = () => {
    // Everything now listed comes in; the list freezes again at that (the pointer is still on it).
    frozen.current = null;
    lastShown.current = Number.MAX_SAFE_INTEGER;
    atBottom.current = true;
    setRange(null);
    rerender((n) => n + 1);
  };
  const active = (activeId !== null && mirror.store.byId.get(activeId)) || null;
  /** Notes the first row on screen, to keep it in place while the rendered slice changes. */
  const holdPlace = () => {
    const el = listEl.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    for (const row of el.querySelectorAll<HTMLElement>('[data-message-id]')) {
      const r = row.getBoundingClientRect();
      if (r.bottom > top) {
        anchor.current = { id: row.dataset.messageId!, top: r.top - top };
        return;
      }
    }
  };
  const showEarlier = () => {
    if (start === 0) return;
    holdPlace();
    const s = Math.max(0, start - CHAT_PAGE);
    setRange({ start: s, end: Math.min(end, s + CHAT_MAX_ROWS) });
  };
  const showLater = () => {
    if (end >= shownCount) return;
    holdPlace();
    const e = Math.min(shownCount, end + CHAT_PAGE);
    setRange({ start: Math.max(start, e - CHAT_MAX_ROWS), end: e });
  };
  /** Brings a shown message into the rendered slice (keys move past its edges). */
  const reveal = (index: number) => {
    if (index >= start && index < end) return;
    if (index < start) setRange({ start: index, end: Math.min(end, index + CHAT_MAX_ROWS) });
    else setRange({ start: Math.max(start, index + 1 - CHAT_MAX_ROWS), end: index + 1 });
  };
  const focusRow = (id: string) => {
    setActiveId(id);
    requestAnimationFrame(() => listEl.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`)?.focus());
  };

  const doDelete = (m: ChatMessage, atOnce = false) => {
    if (!caps.delete) return say(caps.absent.delete ?? 'Delete is not available here.');
    const f = flags[m.id];
    if (atOnce && f) {
      props.onAction({ kind: 'delete', messageId: m.id, reason: f.map((x) => x.reason).join('; ') });
      say(`Deleting ${m.author.name}'s flagged message`);
      return;
    }
    setReason('');
    setDock({ kind: 'delete', m });
  };
  const doBlock = (m: ChatMessage) => {
    if (!m.author.id || m.byModerator) return;
    if (blocked.has(m.author.id)) {
      if (!caps.unblock) return say(caps.absent.unblock ?? '');
      props.onAction({ kind: 'unblock', userId: m.author.id });
      say(`Unblocking ${m.author.name}`);
      return;
    }
    if (!caps.block) return say(caps.absent.block ?? '');
    setReason('');
    setDock({ kind: 'block', m });
  };
  const doPin = (m: ChatMessage) => {
    const cap = m.pinned ? 'unpin' : 'pin';
    if (!caps[cap]) return say(caps.absent[cap] ?? '');
    props.onAction({ kind: cap, messageId: m.id });
    say(`${m.pinned ? 'Unpinning' : 'Pinning'} ${m.author.name}'s message`);
  };
  const doKeep = (m: ChatMessage) => {
    if (!flags[m.id]) return;
    props.onLocal({ kind: 'keep', messageId: m.id });
    say(`Kept ${m.author.name}'s message`);
  };
  const openCard = (m: ChatMessage) => setCard({ id: m.author.id, name: m.author.name });
  handlers.current = { onActivate: setActiveId, onSender: openCard, onDelete: (x) => doDelete(x), onPin: doPin, onBlock: doBlock, onKeep: doKeep };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (target.closest('input, textarea, select, [role="dialog"]')) return;
    const command = chatKeyCommand(e.key);
    if (!command) return;
    e.preventDefault();
    // Keys move through every shown message, not only the rendered ones (one search per key press).
    const index = active && (command === 'next' || command === 'prev') ? visible.indexOf(active) : -1;
    switch (command) {
      case 'next': {
        const i = index < 0 || index >= shownCount ? start : Math.min(shownCount - 1, index + 1);
        const next = visible[i];
        if (next) {
          reveal(i);
          focusRow(next.id);
        }
        return;
      }
      case 'prev': {
        const i = index < 0 || index >= shownCount ? end - 1 : Math.max(0, index - 1);
        const prev = visible[i];
        if (prev) {
          reveal(i);
          focusRow(prev.id);
        }
        return;
      }
      case 'search':
        searchEl.current?.focus();
        return;
      case 'help':
        setHelp(true);
        return;
    }
    if (!active) return say('Choose a message first (j or k).');
    if (command === 'delete' && !active.deleted) doDelete(active, true);
    else if (command === 'block') doBlock(active);
    else if (command === 'pin' && !active.deleted) doPin(active);
    else if (command === 'keep') doKeep(active);
    else if (command === 'card') openCard(active);
  };

  const absent = (Object.keys(caps.absent) as ChatCapabilityName[]).filter((c) => !caps[c] && caps.absent[c]);

  return (
    <section class="chat qna" data-testid="chat" aria-label="Chat" onKeyDown={onKeyDown}>
      {meta.staleSince !== null && (
        <p class="qna-banner warn" role="status" data-testid="chat-stale">
          Stale since {clockOf(meta.staleSince)}: the widget is not connected.
        </p>
      )}
      {meta.problem && (
        <p class="qna-banner bad" role="alert" data-testid="chat-problem">
          {meta.problem}
        </p>
      )}
      <div class="qna-toolbar">
        <SearchBox inputRef={searchEl} label="Search chat" testId="chat-search" value={search} onSearch={setSearch} onEscape={(input) => input.blur()} />
        <select
          aria-label="Filter by person"
          data-testid="chat-person"
          value={person ?? ''}
          onFocus={() => setPeople(senders(mirror.store.list))}
          onPointerDown={() => setPeople(senders(mirror.store.list))}
          onChange={(e) => setPerson((e.target as HTMLSelectElement).value || null)}
        >
          <option value="">Everyone</option>
          {person && !people.some((p) => p.key === person) && (
            <option value={person} dir="auto">
              {card?.name ?? person}
            </option>
          )}
          {people.map((p) => (
            <option key={p.key} value={p.key} dir="auto">
              {p.name} ({p.count})
            </option>
          ))}
        </select>
        <button type="button" class={`chip${onlyFlagged ? ' on' : ''}`} aria-pressed={onlyFlagged} data-testid="chat-only-flagged" onClick={() => setOnlyFlagged(!onlyFlagged)}>
          Flagged <span data-testid="chat-flag-count">{flagCount}</span>
        </button>
        <button type="button" class="small" aria-label="Keyboard keys" data-testid="chat-keys-open" onClick={() => setHelp(true)}>
          ?
        </button>
      </div>
      {absent.length > 0 && (
        <ul class="qna-absent">
          {absent.map((c) => (
            <li key={c} data-testid={`chat-absent-${c}`}>
              {caps.absent[c]}
            </li>
          ))}
        </ul>
      )}
      <div
        class="chat-list-wrap"
        onPointerEnter={() => (pointerIn.current = true)}
        onPointerLeave={() => {
          pointerIn.current = false;
          settle();
        }}
        onFocusIn={() => (focusIn.current = true)}
        onFocusOut={(e) => {
          const next = e.relatedTarget as Node | null;
          if (next && (e.currentTarget as HTMLElement).contains(next)) return;
          focusIn.current = false;
          settle();
        }}
      >
        <div class="chat-new" aria-live="polite">
          {held > 0 && (
            <button type="button" class="qna-new-button" data-testid="chat-new-items" onClick={releaseAll}>
              {held} new
            </button>
          )}
        </div>
        <ul
          ref={listEl}
          class="chat-list"
          data-testid="chat-list"
          data-count={rows.length}
          data-total={shownCount}
          aria-label="Chat messages"
          tabIndex={rows.length ? -1 : 0}
          onScroll={(e) => {
            const el = e.currentTarget as HTMLElement;
            // Following the newest, the list scrolls by itself (the follow's own scroll reaches here a frame
            // later, when renders may have added rows below): only the moderator's scroll stops it.
            const following = frozen.current === null && atBottom.current && !range;
            if (following && !pointerIn.current && !focusIn.current && el.scrollTop >= followedTo.current - FOLLOW_SLACK_PX) return;
            const below = el.scrollHeight - el.scrollTop - el.clientHeight;
            // At the live end only when the newest shown message is rendered and scrolled to.
            atBottom.current = below <= BOTTOM_PX && end >= shownCount;
            // Back at the end: only the newest page stays rendered (the list is bottom-aligned, nothing moves).
            if (atBottom.current) {
              if (range) setRange(null);
            } else if (el.scrollTop < EDGE_PX && start > 0) showEarlier();
            else if (below < EDGE_PX && end < shownCount) showLater();
            else if (!range) setRange({ start, end });
            settle();
          }}
        >
          {start > 0 && (
            <li class="chat-earlier">
              <button type="button" class="link" data-testid="chat-earlier" onClick={showEarlier}>
                Show {Math.min(start, CHAT_PAGE)} earlier of {start}
              </button>
            </li>
          )}
          {rows.length === 0 && <li class="qna-empty muted">{onlyFlagged ? 'No flagged messages.' : 'No messages.'}</li>}
          {rows.map((m) => (
            <ChatRow
              key={m.id}
              m={m}
              active={m.id === activeId}
              flags={flags[m.id]}
              deletion={meta.deletions[m.id]}
              command={commandsByMessage.get(m.id)}
              blocked={!!m.author.id && blocked.has(m.author.id)}
              caps={caps}
              {...rowHandlers}
            />
          ))}
        </ul>
      </div>
      {dock && (
        <form
          class="chat-dock card"
          data-testid="chat-dock"
          data-kind={dock.kind}
          onSubmit={(e) => {
            e.preventDefault();
            if (dock.kind === 'delete') props.onAction({ kind: 'delete', messageId: dock.m.id, ...(reason.trim() ? { reason: reason.trim() } : {}) });
            else props.onAction({ kind: 'block', userId: dock.m.author.id!, reason: reason.trim() });
            say(dock.kind === 'delete' ? `Deleting ${dock.m.author.name}'s message` : `Blocking ${dock.m.author.name}`);
            setDock(null);
            if (activeId) focusRow(activeId);
          }}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') setDock(null);
          }}
        >
          <p dir="auto">
            {dock.kind === 'delete' ? `Delete ${dock.m.author.name}'s message “${dock.m.text.slice(0, 80)}”?` : `Block ${dock.m.author.name}? Their messages stop.`}
          </p>
          <label>
            Reason {dock.kind === 'delete' ? '(kept in our record)' : '(shown to moderators)'}
            <input ref={reasonEl} type="text" dir="auto" data-testid="chat-dock-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="small primary-ish" data-testid="chat-dock-confirm">
            {dock.kind === 'delete' ? 'Delete' : 'Block'}
          </button>
          <button type="button" class="small" data-testid="chat-dock-cancel" onClick={() => setDock(null)}>
            Cancel
          </button>
        </form>
      )}
      {/* Under the list, not over it: appearing when the memory cap first lets messages go, it shortens the
          list from the bottom and moves no row on screen (above, it pushed every row down a line). */}
      {notHeld && (
        <p class="hint" data-testid="chat-not-held">
          {notHeld}
        </p>
      )}
      {otherCommands.length > 0 && (
        <ul class="chat-commands" data-testid="chat-commands">
          {otherCommands.map((c) => (
            <li key={c.id} data-command-state={c.status.state} class={c.status.state}>
              {c.action.kind === 'post' ? 'Post' : c.action.kind === 'block' ? 'Block' : 'Unblock'}
              {c.action.kind !== 'post' && 'userId' in c.action && (
                <>
                  {' '}
                  <bdi dir="auto">{c.action.userId}</bdi>
                </>
              )}
              :{' '}
              {c.status.state === 'failed' ? c.status.message : c.status.state === 'queued' && c.status.reason ? c.status.reason : 'sending…'}
            </li>
          ))}
        </ul>
      )}
      <form
        class="chat-post"
        onSubmit={(e) => {
          e.preventDefault();
          if (!post.trim() || !caps.post) return;
          props.onAction({ kind: 'post', text: post });
          setPost('');
          say('Posting as moderator');
        }}
      >
        <input
          type="text"
          dir="auto"
          aria-label="Message everyone as moderator"
          placeholder={caps.post ? 'Message everyone as moderator' : (caps.absent.post ?? 'Posting is not available')}
          data-testid="chat-post-text"
          disabled={!caps.post}
          value={post}
          onInput={(e) => setPost((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="small primary-ish" data-testid="chat-post-send" disabled={!caps.post}>
          Post
        </button>
      </form>
      <Disclosure testId="chat-rules-section" title="Flag rules">
        {() => <FlagRulesEditor rules={meta.rules} onSave={(rules) => props.onLocal({ kind: 'set-rules', rules })} />}
      </Disclosure>
      <Disclosure testId="chat-audit" title="Chat record" badge={meta.audit.length ? String(meta.audit.length) : undefined}>
        {() => (
          <ol class="chat-audit-list" data-testid="chat-audit-list">
            {meta.audit
              .slice(-100)
              .reverse()
              .map((a, i) => (
                <li key={`${a.at}-${i}`} data-testid="chat-audit-entry" data-action={a.action} data-outcome={a.outcome}>
                  <time class="muted">{clockOf(a.at)}</time> {a.moderator}: <span dir="auto">{a.detail}</span>
                  {a.message && (
                    <>
                      {' '}
                      — <span dir="auto">{a.message.author}</span>: “<span dir="auto">{a.message.text}</span>”
                    </>
                  )}
                </li>
              ))}
          </ol>
        )}
      </Disclosure>
      <p class="sr-only" role="status" aria-live="polite" data-testid="chat-announce">
        {said}
      </p>
      {card && (
        <PersonCardHost person={card} chat={props.chat} qna={props.qna} onChatAction={props.onAction} onClose={() => setCard(null)} />
      )}
      {help && <ChatKeys onClose={() => setHelp(false)} />}
    </section>
  );
}

function ChatKeys({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div class="qna-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        class="qna-dialog card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="chat-keys-title"
        data-testid="chat-keys"
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <h2 id="chat-keys-title">Chat keys</h2>
        <dl class="qna-keys">
          {CHAT_KEYS.map((k) => (
            <div key={k.command}>
              <dt>
                {k.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </dt>
              <dd>{k.label}</dd>
            </div>
          ))}
        </dl>
        <button ref={close} type="button" class="primary" data-testid="chat-keys-close" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
