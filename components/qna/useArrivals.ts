// The "N new" buffer of the Q&A inbox: questions that arrive (or move into this tab) while the moderator
// is reading further down, or has the pointer or focus in the list, wait behind "N new" instead of being
// inserted above what they aim at (a row inserted above row 1 would take the click meant for it). At the top,
// with neither pointer nor focus in the list, they come in where they belong.
// The index records the sync at which each question entered its state (InboxIndex.enteredAt); the buffer is
// one number, the sync up to which the moderator has been shown everything. Nothing is written during
// render: the number moves in a layout effect (after a calm render) or in an event handler.
// Layout effects, not effects: Preact runs effects after the next frame, through two timer tasks (a 35 ms
// fallback and a timeout) when frames are few, for every render that has one; the inbox renders per patch.
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { InboxIndex } from '@/lib/model/qna/view';

const EMPTY: ReadonlySet<string> = new Set();

/** Within this many pixels of the top the list counts as "at the top". */
const TOP_PX = 8;

export interface Arrivals {
  /** The questions that wait behind "N new" (in any tab; the view counts those in its list). */
  held: ReadonlySet<string>;
  /** At the top with neither the pointer nor focus in the list: the list may change under nobody. */
  calm(): boolean;
  /** Neither the pointer nor focus in the list: rows that left it may go (lib/model/qna/departed.ts). */
  away(): boolean;
  /** Lets everything in (the moderator asked for it, or moved where nothing can jump). */
  releaseAll(): void;
  /** For the element around the list (and what lies over it): tracks the pointer and focus. */
  wrapProps: { onPointerEnter(): void; onPointerLeave(): void; onFocusIn(): void; onFocusOut(e: FocusEvent): void };
  /** The list scrolled, or the pointer or focus left it: brings what is held in when calm. */
  settle(): void;
  /** After render: how many the list holds back now (settle() only calls onRelease when some are). */
  setHeldCount(n: number): void;
  /** After render: how many departed rows the list shows (settle() calls onAway when some are). */
  setDepartedCount(n: number): void;
}

export function useArrivals(opts: {
  index: InboxIndex;
  listEl: { current: HTMLElement | null };
  /** The active row's index (-1 for none): reading further down is not "at the top". */
  activeIndex: number;
  /** Called to bring the held questions in (the view re-renders and announces it). */
  onRelease(): void;
  /** Called when the pointer and focus have left the list while it shows departed rows (the view re-renders). */
  onAway(): void;
}): Arrivals {
  const { index, listEl } = opts;
  const pointerIn = useRef(false);
  const focusIn = useRef(false);
  const shownUpTo = useRef(0);
  const heldCount = useRef(0);
  const departedCount = useRef(0);
  const activeIndex = useRef(opts.activeIndex);
  const onRelease = useRef(opts.onRelease);
  const onAway = useRef(opts.onAway);
  useLayoutEffect(() => {
    activeIndex.current = opts.activeIndex;
    onRelease.current = opts.onRelease;
    onAway.current = opts.onAway;
  });

  // The list's scroll position as last read, until it scrolls again (onScroll: settle): reading scrollTop in
  // a render forced a layout of what the renders before it changed (the counts), once per Q&A patch.
  // A scroll by the moderator, by code, or by the browser clamping a shorter list all fire a scroll event.
  const scrolled = useRef<{ el: HTMLElement; top: number } | null>(null);
  const scrollTop = (el: HTMLElement) => {
    if (scrolled.current?.el !== el) scrolled.current = { el, top: el.scrollTop };
    return scrolled.current.top;
  };
  const atTop = (active: number) => active <= 0 && (!listEl.current || scrollTop(listEl.current) <= TOP_PX);
  // A list hidden (another view shown) or resized may have another position without a scroll event.
  // (The element, once committed: a view may mount its list later.)
  const sized = useRef<{ el: HTMLElement; observer: ResizeObserver } | null>(null);
  useLayoutEffect(() => {
    const el = listEl.current;
    if (sized.current?.el === el || typeof ResizeObserver !== 'function') return;
    sized.current?.observer.disconnect();
    sized.current = null;
    if (!el) return;
    const observer = new ResizeObserver(() => void (scrolled.current = null));
    observer.observe(el);
    sized.current = { el, observer };
  });
  useLayoutEffect(() => () => sized.current?.observer.disconnect(), []);
  // Pointer and focus first: reading scrollTop during a render forces a layout of whatever the event just
  // changed (a search keystroke), and while the moderator is in the list the answer is known without it.
  const calmAt = (active: number) => !pointerIn.current && !focusIn.current && atTop(active);
  const calm = () => calmAt(activeIndex.current);

  // Calm now: everything up to this sync is shown, and stays shown once the pointer comes in.
  const calmNow = calmAt(opts.activeIndex);
  const upTo = calmNow ? index.tick : shownUpTo.current;
  const tick = index.tick;
  useLayoutEffect(() => {
    if (calmNow && shownUpTo.current < tick) shownUpTo.current = tick;
  });

  const away = () => !pointerIn.current && !focusIn.current;
  /** The list scrolled (or the pointer or focus left it): its position is read again. */
  const settle = () => {
    scrolled.current = null;
    if (heldCount.current > 0 && calm()) onRelease.current();
    else if (departedCount.current > 0 && away()) onAway.current();
  };

  return {
    held: upTo >= index.tick ? EMPTY : index.enteredAfter(upTo),
    calm,
    away,
    releaseAll: () => {
      shownUpTo.current = index.tick;
    },
    settle,
    setHeldCount: (n) => {
      heldCount.current = n;
    },
    setDepartedCount: (n) => {
      departedCount.current = n;
    },
    wrapProps: {
      onPointerEnter: () => {
        pointerIn.current = true;
      },
      onPointerLeave: () => {
        pointerIn.current = false;
        settle();
      },
      onFocusIn: () => {
        focusIn.current = true;
      },
      onFocusOut: (e) => {
        const next = e.relatedTarget as Node | null;
        if (next && (e.currentTarget as HTMLElement).contains(next)) return;
        focusIn.current = false;
        settle();
      },
    },
  };
}
