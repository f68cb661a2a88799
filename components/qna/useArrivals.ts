// The "N new" buffer of the Q&A inbox: questions that arrive (or move into this tab) while the moderator
// is reading further down, or has the pointer or focus in the list, wait behind "N new" instead of being
// inserted above what they aim at (a row inserted above row 1 would take the click meant for it). At the top,
// with neither pointer nor focus in the list, they come in where they belong. Pure rules: lib/model/qna/view.ts.
import { useRef } from 'preact/hooks';
import type { Question } from '@/lib/model/qna/types';
import { EMPTY_ARRIVALS, releaseArrivals, trackArrivals, type ArrivalBuffer } from '@/lib/model/qna/view';

/** Within this many pixels of the top the list counts as "at the top". */
const TOP_PX = 8;

export interface Arrivals {
  /** Ids held back, not shown yet. */
  held: ReadonlySet<string>;
  /** At the top with neither the pointer nor focus in the list: the list may change under nobody. */
  calm(): boolean;
  /** Lets everything in (the moderator asked for it, or moved where nothing can jump). */
  releaseAll(): void;
  /** For the element around the list (and what lies over it): tracks the pointer and focus. */
  wrapProps: { onPointerEnter(): void; onPointerLeave(): void; onFocusIn(): void; onFocusOut(e: FocusEvent): void };
  /** The list scrolled, or the pointer or focus left it: brings what is held in when calm. */
  settle(): void;
}

export function useArrivals(opts: {
  effective: Question[];
  listEl: { current: HTMLElement | null };
  /** The active row's index (-1 for none): reading further down is not "at the top". */
  lastIndex: { current: number };
  /** Called to bring the held questions in (the view also resets its kept order and announces it). */
  onRelease(): void;
}): Arrivals {
  const { effective, listEl, lastIndex } = opts;
  const pointerIn = useRef(false);
  const focusIn = useRef(false);
  const onRelease = useRef(opts.onRelease);
  onRelease.current = opts.onRelease;

  const atTop = () => (!listEl.current || listEl.current.scrollTop <= TOP_PX) && lastIndex.current <= 0;
  const calm = () => atTop() && !pointerIn.current && !focusIn.current;

  const state = useRef<{ source: Question[] | null; buffer: ArrivalBuffer }>({ source: null, buffer: EMPTY_ARRIVALS });
  if (state.current.source !== effective) {
    const prev = state.current.source ? state.current.buffer : null;
    state.current = { source: effective, buffer: trackArrivals(prev, effective, calm()) };
  }

  const settle = () => {
    if (state.current.buffer.held.size && calm()) onRelease.current();
  };

  return {
    held: state.current.buffer.held,
    calm,
    releaseAll: () => {
      state.current = { source: effective, buffer: releaseArrivals(effective) };
    },
    settle,
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
