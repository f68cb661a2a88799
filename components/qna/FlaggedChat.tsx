/**
 * Flagged chat in the Q&A inbox's Pending tab ("Flagged chat · N"): the chat messages the moderator's flag
 * rules raised, not deleted, not kept (the worker's list: lib/model/chat/flagged-list.ts, oldest first),
 * each with sender, time, text, the rule that flagged it, Delete (the Chat view's path: through the widget's
 * own control, confirmed by what the widget shows, the flag as the reason in our record) and Keep (it leaves
 * the list, as in the Chat view).
 *
 * Above the questions: a flagged chat message is already on every attendee's screen, a pending question is
 * seen by nobody until approved, so the flagged message is the one to look at first.
 *
 * Keys (on a row): j/k move (j past the last goes on to the questions; k on the first question comes back
 * here: useKeyboardTriage's `above`), d deletes, o keeps. Nothing moves under the moderator: while the
 * pointer or focus is in the inbox, new flagged messages wait behind "N new flagged" (joinFlagged), as
 * questions wait behind "N new"; they come in when the moderator leaves the inbox, or on the button. A row
 * that leaves the list meanwhile (deleted or kept by another moderator or panel, deleted in the widget, or by
 * this inbox) keeps its place and its height as a departed row, marked with why, its Delete and Keep inert
 * (they say why); departed rows go at the same moment new ones come in. The keyboard selection stays on its
 * message, or on the departed row when it was the one that left; after this inbox's own delete or keep of
 * the selected row it goes on to the next row, as it did when the next row took its place.
 *
 * Stable data-testids: `qna-flagged` (section, data-total), `qna-flagged-count`, `qna-flagged-new`,
 * `qna-flagged-absent-delete`, `qna-flagged-item` (data-message-id, aria-current) with `qna-flagged-sender`,
 * `qna-flagged-text`, `qna-flagged-rule`, `qna-flagged-command`, `qna-flagged-delete`, `qna-flagged-keep`;
 * a departed row has data-departed (deleted, kept, past-cap, elsewhere) and `qna-flagged-departed`.
 * Every sender and text is attendee data: rendered as text, dir="auto".
 */
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useId, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { FLAG_RULE_LABELS } from '@/lib/model/chat/flags';
import {
  departedLabel,
  departedSay,
  flaggedDeleteReason,
  flaggedLetGoNote,
  joinFlagged,
  type FlaggedChatList,
  type FlaggedChatRow,
  type OwnAction,
} from '@/lib/model/chat/flagged-list';
import { clockOf } from '@/lib/model/chat/view';
import './flagged-chat.css';

export interface FlaggedChatHandle {
  /** Makes the first or last flagged row active and focuses it; false when there is none. */
  enter(where: 'first' | 'last'): boolean;
}

export interface FlaggedChatProps {
  list: ReadonlySignal<FlaggedChatList | null>;
  /** The element around the inbox's list: pointer or focus in it holds new flagged messages back. */
  zone: { current: HTMLElement | null };
  handleRef: { current: FlaggedChatHandle | null };
  onDelete(messageId: string, reason: string): void;
  onKeep(messageId: string): void;
  /** j past the last flagged message: on to the questions. */
  onPastEnd(): void;
  say(text: string): void;
  /** Nothing can be done yet (the panel shows a saved head): says why instead. */
  blocked(): boolean;
}

export function FlaggedChat(p: FlaggedChatProps) {
  const list = p.list.value;
  const uid = useId();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const inside = useRef(false);
  /** The rows shown at the last render: these keep their places while the moderator is in the inbox. */
  const shown = useRef<readonly FlaggedChatRow[]>([]);
  /** What this inbox did to its rows (for a departed row's reason, and the selection going on after it). */
  const own = useRef(new Map<string, OwnAction>());
  const released = useRef(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const lastIndex = useRef(0);
  /** The row the selection goes to when the selected row goes: the next one still in the list (else the one before). */
  const nextId = useRef<string | null>(null);
  /** The selected row's id while it is in the list: its departure (not a j/k onto a departed row) moves the selection on. */
  const activeLive = useRef<string | null>(null);
  const listEl = useRef<HTMLUListElement>(null);

  const { rows, held } = joinFlagged(list, shown.current, released.current || !inside.current, own.current);
  useLayoutEffect(() => {
    shown.current = rows;
    released.current = false;
    if (own.current.size) {
      const here = new Set(rows.map((r) => r.id));
      for (const id of own.current.keys()) if (!here.has(id)) own.current.delete(id);
    }
  });

  // Pointer and focus in the inbox (the zone): tracked here, so the inbox's own code stays as it was.
  useEffect(() => {
    const zone = p.zone.current;
    if (!zone) return;
    const enter = () => void (inside.current = true);
    const leave = () => {
      inside.current = zone.matches(':hover') || zone.contains(document.activeElement);
      if (!inside.current) bump(0);
    };
    const focusOut = (e: FocusEvent) => {
      if (e.relatedTarget instanceof Node && zone.contains(e.relatedTarget)) return;
      inside.current = zone.matches(':hover');
      if (!inside.current) bump(0);
    };
    zone.addEventListener('pointerenter', enter);
    zone.addEventListener('pointerleave', leave);
    zone.addEventListener('focusin', enter);
    zone.addEventListener('focusout', focusOut);
    return () => {
      zone.removeEventListener('pointerenter', enter);
      zone.removeEventListener('pointerleave', leave);
      zone.removeEventListener('focusin', enter);
      zone.removeEventListener('focusout', focusOut);
    };
  }, [p.zone.current]);

  const focusRow = (id: string) => {
    setActiveId(id);
    // After the render that gives it tabindex 0.
    requestAnimationFrame(() => listEl.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`)?.focus());
  };
  p.handleRef.current = {
    enter(where) {
      const row = where === 'first' ? rows[0] : rows.at(-1);
      if (!row) return false;
      lastIndex.current = where === 'first' ? 0 : rows.length - 1;
      focusRow(row.id);
      return true;
    },
  };

  // The active row left (deleted, kept): while the moderator is in the inbox it stays as a departed row, and
  // so does the selection, unless this inbox deleted or kept it (the selection goes on to the next row, as it
  // did when the next row took its place); once gone, the next row is selected. Focus goes with the selection
  // if the row had it.
  const activeIndex = activeId === null ? -1 : rows.findIndex((r) => r.id === activeId);
  const rowsKey = rows.map((r) => (r.departed ? `${r.id}!` : r.id)).join('\n');
  useEffect(() => {
    // Focus fell to the body with the row (or is still in the list); never taken while the inbox is hidden.
    const hadFocus = () => {
      const shownNow = (p.zone.current?.getClientRects().length ?? 0) > 0;
      return shownNow && (!document.activeElement || document.activeElement === document.body || !!listEl.current?.contains(document.activeElement));
    };
    if (activeIndex >= 0) {
      const row = rows[activeIndex]!;
      const leftNow = activeLive.current === row.id && row.departed?.ours;
      activeLive.current = row.departed ? null : row.id;
      lastIndex.current = activeIndex;
      const live = (r: FlaggedChatRow) => !r.departed;
      nextId.current = (rows.slice(activeIndex + 1).find(live) ?? rows.slice(0, activeIndex).findLast(live))?.id ?? null;
      if (leftNow && nextId.current !== null) {
        if (hadFocus()) focusRow(nextId.current);
        else setActiveId(nextId.current);
      }
      return;
    }
    if (activeId === null) return;
    activeLive.current = null;
    const next = rows.find((r) => r.id === nextId.current) ?? rows[Math.min(lastIndex.current, rows.length - 1)];
    if (next) {
      if (hadFocus()) focusRow(next.id);
      else setActiveId(next.id);
    } else {
      setActiveId(null);
      if (hadFocus()) p.onPastEnd();
    }
    // Only when the active row, its place or the rows (which left, which are live) changed: an effect on
    // every render cost two timer tasks each (Preact runs effects after the next frame), and the inbox
    // renders with every Q&A patch.
  }, [activeIndex, activeId, rowsKey]);

  const release = () => {
    released.current = true;
    bump(0);
    p.say(`${held} new flagged chat ${held === 1 ? 'message' : 'messages'} shown.`);
  };

  if (!list || (rows.length === 0 && held === 0)) return null;

  const doDelete = (item: FlaggedChatRow) => {
    if (item.departed) return p.say(departedSay(item.departed.why));
    if (p.blocked()) return;
    if (!list.canDelete) return p.say(list.deleteAbsent ?? 'Delete is not available here.');
    if (item.command && item.command.state !== 'failed') return p.say('Already being deleted.');
    own.current.set(item.id, 'delete');
    p.onDelete(item.id, flaggedDeleteReason(item.flags));
    p.say(`Deleting ${item.author.name}'s flagged message`);
  };
  const doKeep = (item: FlaggedChatRow) => {
    if (item.departed) return p.say(departedSay(item.departed.why));
    if (p.blocked()) return;
    own.current.set(item.id, 'keep');
    p.onKeep(item.id);
    p.say(`Kept ${item.author.name}'s message`);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    // Enter and Space belong to a focused button.
    if (target.tagName === 'BUTTON') return;
    // The row the key was pressed on (focus is on it), else the active one.
    const on = target.closest<HTMLElement>('[data-message-id]')?.dataset.messageId;
    const at = on === undefined ? -1 : rows.findIndex((r) => r.id === on);
    const i = at >= 0 ? at : activeIndex < 0 ? 0 : activeIndex;
    const item = rows[i];
    let handled = true;
    switch (e.key) {
      case 'j':
      case 'ArrowDown':
        if (i + 1 < rows.length) focusRow(rows[i + 1]!.id);
        else p.onPastEnd();
        break;
      case 'k':
      case 'ArrowUp':
        if (i > 0) focusRow(rows[i - 1]!.id);
        break;
      case 'd':
        if (item) doDelete(item);
        break;
      case 'o':
        if (item) doKeep(item);
        break;
      case 'n':
        if (held > 0) release();
        else p.say('No new flagged chat messages.');
        break;
      default:
        handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    e.stopPropagation();
  };

  const newButton = held > 0 && (
    <button type="button" class="qna-new-button qna-flagged-new" data-testid="qna-flagged-new" onClick={release}>
      {held} new flagged
    </button>
  );
  // None shown yet: the button floats over the list (a section appearing would push the questions down).
  if (rows.length === 0) return <div class="qna-flagged-float" aria-live="polite">{newButton}</div>;

  const titleId = `${uid}-title`;
  return (
    <section class="qna-flagged" aria-labelledby={titleId} data-testid="qna-flagged" data-total={list.total}>
      <h2 id={titleId} class="qna-flagged-title">
        Flagged chat · <span data-testid="qna-flagged-count">{list.total}</span>
        {list.total > list.items.length && <span class="muted"> (oldest {list.items.length} shown)</span>}
        <span aria-live="polite"> {newButton}</span>
      </h2>
      {!!list.letGo && (
        <p class="qna-absent" data-testid="qna-flagged-let-go">
          {flaggedLetGoNote(list.letGo)}
        </p>
      )}
      {!list.canDelete && (
        <p class="qna-absent" data-testid="qna-flagged-absent-delete">
          {list.deleteAbsent}
        </p>
      )}
      <ul ref={listEl} class="qna-flagged-list" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        {rows.map((item, index) => {
          const active = index === (activeIndex < 0 ? 0 : activeIndex);
          const gone = item.departed;
          // A departed row keeps every line it had (the same height: nothing below moves); its buttons keep
          // their place, hidden under the reason and inert (aria-disabled, not disabled: a disabled button
          // would drop a focus on it out of the inbox, and the inbox would turn calm under the moderator).
          return (
            <li
              key={item.id}
              class={`qna-flagged-item${activeIndex === index ? ' active' : ''}${gone ? ' departed' : ''}`}
              data-testid="qna-flagged-item"
              data-message-id={item.id}
              data-departed={gone?.why}
              aria-current={activeIndex === index ? 'true' : undefined}
              tabIndex={active ? 0 : -1}
              onClick={() => setActiveId(item.id)}
              onFocus={() => setActiveId(item.id)}
            >
              <div class="qna-flagged-head">
                <strong dir="auto" data-testid="qna-flagged-sender">
                  {item.author.name || item.author.id || 'Unknown'}
                </strong>
                <time class="muted" dateTime={new Date(item.at).toISOString()}>
                  {clockOf(item.at)}
                </time>
                <span class="qna-flagged-rule" data-testid="qna-flagged-rule">
                  Flagged: {item.flags.map((f) => `${FLAG_RULE_LABELS[f.rule]} (${f.reason})`).join('; ')}
                </span>
                <span class="qna-flagged-actions">
                  {list.canDelete && (
                    <button type="button" class="small" data-testid="qna-flagged-delete" aria-disabled={gone ? 'true' : undefined} tabIndex={gone ? -1 : undefined} onClick={() => doDelete(item)}>
                      Delete
                    </button>
                  )}
                  <button type="button" class="small" data-testid="qna-flagged-keep" aria-disabled={gone ? 'true' : undefined} tabIndex={gone ? -1 : undefined} onClick={() => doKeep(item)}>
                    Keep
                  </button>
                  {gone && (
                    <span class="qna-flagged-departed" data-testid="qna-flagged-departed">
                      {departedLabel(gone.why)}
                    </span>
                  )}
                </span>
              </div>
              <p class="qna-flagged-text" dir="auto" data-testid="qna-flagged-text">
                {item.text}
              </p>
              {item.command && (
                <p
                  class={`qna-flagged-command ${item.command.state}`}
                  role={gone ? undefined : 'status'}
                  data-testid="qna-flagged-command"
                  data-command-state={item.command.state}
                >
                  {item.command.state === 'failed' ? `Delete failed: ${item.command.message}` : (item.command.message ?? 'Deleting…')}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
