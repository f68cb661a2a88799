// The virtualised question list: a grid (one row per question, one cell per row) whose rows are rendered
// only around the viewport (@tanstack/virtual-core), so 10,000 questions cost a dozen rows. A grid rather
// than a listbox: rows hold buttons (an option may not). The grid keeps focus and points at the active row
// with aria-activedescendant (j/k move it); Tab reaches the active row's buttons. Rows measure themselves (long questions,
// "show more"); with no layout at all (happy-dom, a hidden panel) it falls back to a fixed viewport and the
// estimated row height, so the number of rows stays bounded.
import type { JSX } from 'preact';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import {
  Virtualizer,
  defaultRangeExtractor,
  elementScroll,
  measureElement,
  observeElementOffset,
  observeElementRect,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';

export const FALLBACK_VIEWPORT_PX = 640;
export const ESTIMATED_ROW_PX = 72;

export interface RowSlot {
  index: number;
}

export interface QuestionListHandle {
  scrollToIndex(index: number): void;
  scrollToTop(): void;
}

export interface QuestionListProps<T extends { id: string }> {
  items: readonly T[];
  /** The questions in the list (data-count), when some rows are not questions any more (departed rows). */
  count?: number;
  activeIndex: number;
  id: string;
  label: string;
  activeDescendant: string | undefined;
  renderRow(item: T, slot: RowSlot): JSX.Element;
  onScroll?(el: HTMLElement): void;
  onFocus?(): void;
  /** Room at the foot for a bar laid over the list (the last row can still scroll above it). */
  padBottom?: boolean;
  scrollRef?: { current: HTMLElement | null };
  handleRef?: { current: QuestionListHandle | null };
}

export function QuestionList<T extends { id: string }>(props: QuestionListProps<T>) {
  const { items, activeIndex } = props;
  const el = useRef<HTMLDivElement | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  // A new key function only when the order of ids changed (a re-sort, an arrival, a removal): the
  // virtualiser recomputes every position when it changes, and a patch that replaces a question in place (a
  // vote, an answer) changes no position. A cache derived from the props, the same for the same props.
  const [keys] = useState(() => ({ items: [] as readonly T[], fn: null as ((index: number) => string | number) | null }));
  if (keys.fn === null || !sameOrder(keys.items, items)) keys.fn = (index: number) => keys.items[index]?.id ?? index;
  keys.items = items;
  const getItemKey = keys.fn;

  // The first render has no viewport and no row sizes yet (FALLBACK_VIEWPORT_PX and the estimate stand in
  // for them): overscan rows then were built only to be dropped once the rows were measured (two of eleven
  // on a first screen of 20,000). Overscan starts with the render that follows the first, still before the
  // first paint (a layout effect asks for it), so the first frame shows the same rows as before.
  const [measuredOnce, setMeasuredOnce] = useState(false);
  useLayoutEffect(() => setMeasuredOnce(true), []);

  const options = (): VirtualizerOptions<HTMLDivElement, HTMLElement> => ({
    count: items.length,
    getScrollElement: () => el.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    scrollToFn: elementScroll,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT_PX })),
    observeElementOffset,
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ESTIMATED_ROW_PX,
    initialRect: { width: 0, height: FALLBACK_VIEWPORT_PX },
    // Two rows beyond each edge: j/k and the wheel reach them before they are needed; every row more is a
    // row to build and lay out on the first render.
    overscan: measuredOnce ? 2 : 0,
    getItemKey,
    // The active row is always rendered, so aria-activedescendant always points at an element.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      // The options are rebuilt on every render (setOptions below), so this is the current active row.
      const a = activeIndex;
      if (a < 0 || a >= range.count || indexes.includes(a)) return indexes;
      return [...indexes, a].sort((x, y) => x - y);
    },
    onChange: () => rerender(0),
  });

  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, HTMLElement>(options()));
  virtualizer.setOptions(options());

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });

  // The handle is set after render (a ref is never written while rendering).
  useLayoutEffect(() => {
    if (!props.handleRef) return;
    props.handleRef.current = {
      scrollToIndex: (index) => {
        if (index >= 0 && index < items.length) virtualizer.scrollToIndex(index, { align: 'auto' });
      },
      scrollToTop: () => {
        virtualizer.scrollToOffset(0);
        const node = el.current;
        if (!node) return;
        node.scrollTop = 0;
        // Without layout (or before the browser's own scroll event) the virtualiser would wait for one.
        if (virtualizer.scrollOffset !== 0) node.dispatchEvent(new Event('scroll'));
      },
    };
  });

  const setEl = (node: HTMLDivElement | null) => {
    el.current = node;
    if (props.scrollRef) props.scrollRef.current = node;
  };

  return (
    <div
      ref={setEl}
      id={props.id}
      class={props.padBottom ? 'qna-list pad-bottom' : 'qna-list'}
      role="grid"
      tabIndex={0}
      aria-label={props.label}
      aria-multiselectable="true"
      aria-rowcount={items.length}
      aria-activedescendant={props.activeDescendant}
      data-testid="qna-list"
      data-count={props.count ?? items.length}
      onScroll={(e) => props.onScroll?.(e.currentTarget)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) props.onFocus?.();
      }}
    >
      <div class="qna-sizer" role="none" style={`height:${virtualizer.getTotalSize()}px`}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <QuestionSlot key={row.key} item={item} index={row.index} start={row.start} measure={virtualizer.measureElement} render={props.renderRow} />
          );
        })}
      </div>
      {items.length === 0 && (
        <p class="hint qna-empty" role="none">
          Nothing here.
        </p>
      )}
    </div>
  );
}

function QuestionSlot<T extends { id: string }>(props: {
  item: T;
  index: number;
  start: number;
  measure: (el: HTMLElement | null) => void;
  render: (item: T, slot: RowSlot) => JSX.Element;
}) {
  // The slot is positioned and measured; the row inside it does not change when rows above it come or go
  // (only this wrapper's transform does), so a patch re-renders only the row it touched.
  return (
    <div ref={props.measure} data-index={props.index} role="none" class="qna-slot" style={`transform:translateY(${props.start}px)`}>
      {props.render(props.item, { index: props.index })}
    </div>
  );
}

function sameOrder<T extends { id: string }>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id) return false;
  return true;
}
