/**
 * Scroll positions of a view that is about to be hidden (App keeps views mounted but hidden; a hidden
 * element loses its scroll offset in Chromium). Saves the page's scroll and every scrolled element inside the
 * view, so showing it again puts the moderator back where they were.
 */
export interface SavedScroll {
  page: number;
  inner: Array<[HTMLElement, number]>;
}

export function saveScroll(pane: HTMLElement): SavedScroll {
  const inner: Array<[HTMLElement, number]> = [];
  for (const el of pane.querySelectorAll<HTMLElement>('*')) if (el.scrollTop > 0) inner.push([el, el.scrollTop]);
  return { page: document.scrollingElement?.scrollTop ?? 0, inner };
}

export function restoreScroll(saved: SavedScroll): void {
  for (const [el, top] of saved.inner) {
    if (!el.isConnected) continue;
    el.scrollTop = top;
    // Virtual lists render the rows for their scroll offset on the scroll event: give them one now.
    el.dispatchEvent(new Event('scroll'));
  }
  if (document.scrollingElement) document.scrollingElement.scrollTop = saved.page;
}
