// The rows of a profile's list: those rendered now, how much of the list that is, and (for a virtualised
// list, which renders only its visible rows) scrolling each list to reveal the rest, for an action on a row
// not rendered or a full read. Content script; waits on the DOM changing, never on fixed sleeps.
import { findControls, isHidden, listScope, readField, safeAll } from './profile-dom';
import type { ListSpec } from './profile-schema';

export function renderedRows(root: ParentNode, list: ListSpec): Element[] {
  const scope = listScope(root, list);
  return scope ? safeAll(scope, list.row) : [];
}

export interface Coverage {
  /** Rows read. */
  seen: number;
  /** How many rows the widget says its lists hold; null when it does not say. */
  total: number | null;
}

/** Rows rendered against the lists' own totals (one `total` read per list container). */
export function coverageOf(root: ParentNode, list: ListSpec, seen = renderedRows(root, list).length): Coverage {
  const total = list.virtual?.total;
  if (!total || !list.container) return { seen, total: list.virtual ? null : seen };
  const scope = listScope(root, list);
  if (!scope) return { seen, total: null };
  let sum = 0;
  for (const container of safeAll(scope, list.container)) {
    const first = container.querySelector(list.row);
    const n = first ? Number.parseInt(readField(first, total) ?? '', 10) : 0;
    sum += Number.isFinite(n) ? n : 0;
  }
  return { seen, total: Math.max(sum, seen) };
}

export interface RevealDeps {
  setTimeout(fn: () => void, ms: number): unknown;
  now(): number;
}

/** Resolves once `changed()` holds or `ms` passed: the widget renders after a scroll event, a frame later. */
async function settle(deps: RevealDeps, changed: () => boolean, ms = 300): Promise<void> {
  const until = deps.now() + ms;
  while (!changed() && deps.now() < until) await new Promise<void>((r) => deps.setTimeout(r, 16));
}

/** Enough to see that a scroll re-rendered the window: its size and its first and last rows. */
const signature = (rows: Element[]) => `${rows.length}\u241f${rows[0]?.textContent ?? ''}\u241f${rows[rows.length - 1]?.textContent ?? ''}`;

/**
 * Scrolls every list of the profile top to bottom, calling `visit` with the rows rendered at each stop; stops
 * early when `visit` returns true (the row an action needs is rendered), else puts every list (and the tab
 * that was shown) back as it was. Returns whether `visit` was satisfied.
 */
export async function reveal(root: ParentNode, list: ListSpec, deps: RevealDeps, visit: (rows: Element[]) => boolean): Promise<boolean> {
  const scope = listScope(root, list);
  if (!scope) return false;
  if (visit(safeAll(scope, list.row))) return true;
  if (!list.container || !list.virtual) return false;
  const containers = safeAll(scope, list.container) as HTMLElement[];
  const restore: Array<() => void> = [];
  const shownTab = (list.tabs ?? []).find((t) => containers.some((c) => c.matches(t.list) && !isHidden(c)));
  let found = false;
  try {
    for (const container of containers) {
      if (isHidden(container)) {
        const tab = (list.tabs ?? []).find((t) => container.matches(t.list));
        const control = tab ? findControls(scope, tab.tab)[0] : undefined;
        if (!control) continue;
        (control as HTMLElement).click();
        await settle(deps, () => !isHidden(container));
        if (isHidden(container)) continue;
      }
      const top = container.scrollTop;
      restore.push(() => {
        container.scrollTop = top;
      });
      const step = Math.max(1, container.clientHeight - 8);
      for (let y = 0; ; y += step) {
        const before = signature(safeAll(scope, list.row));
        if (container.scrollTop !== y) {
          container.scrollTop = y;
          container.dispatchEvent(new Event('scroll'));
          await settle(deps, () => signature(safeAll(scope, list.row)) !== before);
        }
        if (visit(safeAll(scope, list.row))) return (found = true);
        if (y + container.clientHeight >= container.scrollHeight || container.scrollTop < y) break;
      }
    }
    return false;
  } finally {
    // Not when an action found its row: the action needs it rendered where it is.
    if (!found) {
      for (const r of restore.reverse()) r();
      if (shownTab) (findControls(scope, shownTab.tab)[0] as HTMLElement | undefined)?.click();
    }
  }
}
