// Questions that leave the inbox's list while the moderator is in it (another moderator approved, dismissed or
// answered one, the widget deleted one, or this inbox acted on it): each keeps its place as a departed row,
// marked with why, until neither pointer nor focus is in the list (components/qna/useArrivals.ts tracks both),
// or the moderator takes the "N new" in (or presses n with nothing new). Then they go and the list closes up.
// Without this, rows [A, B, C] became [B, C] under the pointer and the next click or key acted on B.
// The same design as flagged chat's departed rows (lib/model/chat/flagged-list.ts joinFlagged). Pure.
import type { CommandView } from './view';
import type { Question, QuestionState } from './types';

/**
 * Why a row left, from what the panel knows now: the question's new state (it moved to that tab), `deleted`
 * (no longer in the session: deleted in the widget), or `elsewhere` (same state, but it no longer matches the
 * view: a search, a filter).
 */
export type LeftWhy = QuestionState | 'deleted' | 'elsewhere';

export interface Departure {
  why: LeftWhy;
  /** This inbox sent what moved it (the keyboard selection goes on to the next row, as it always did). */
  ours: boolean;
  /** What the row showed besides the question when it left (kept, hidden, so its height does not change). */
  command?: CommandView | undefined;
  heldReason?: string | undefined;
}

/** A row of the inbox: a question of the list, or one that left it and keeps its place until calm. */
export type InboxRow = Question & { departed?: Departure };

/**
 * What this inbox's own command does to a question's state (for a departure's `ours`): `moved` when the state
 * it lands in depends on the surface (a public answer to a pending CnC question approves it).
 */
export type OwnTarget = QuestionState | 'deleted' | 'moved';

export function ownTarget(kind: string): OwnTarget | null {
  switch (kind) {
    case 'approve':
      return 'approved';
    case 'dismiss':
      return 'dismissed';
    case 'restore':
      return 'pending';
    case 'answered-live':
      return 'answered';
    case 'answer':
      return 'moved';
    default:
      return null;
  }
}

/**
 * Why `row` (as last shown) has left the list: `now` is the question as the inbox has it now (undefined: gone
 * from the session), `own` what this inbox last sent for it (its target state).
 */
export function departureOf(row: Question, now: Question | undefined, own: OwnTarget | undefined): Departure {
  if (!now) return { why: 'deleted', ours: own === 'deleted' };
  if (now.state === row.state) return { why: 'elsewhere', ours: false };
  return { why: now.state, ours: own === now.state || own === 'moved' };
}

const LABELS: Record<LeftWhy, string> = {
  approved: 'Approved',
  answered: 'Answered',
  dismissed: 'Dismissed',
  pending: 'Back in Pending',
  deleted: 'Deleted',
  elsewhere: 'Handled elsewhere',
};

const TABS: Record<QuestionState, string> = { pending: 'Pending', approved: 'Approved', answered: 'Answered', dismissed: 'Dismissed' };

/** The word a departed row shows. */
export function departedLabel(d: Departure): string {
  return LABELS[d.why];
}

/** What the inbox says when a key or button acts on a departed row: nothing is done. */
export function departedSay(d: Departure): string {
  switch (d.why) {
    case 'deleted':
      return d.ours ? 'Already deleted: nothing to do.' : 'Deleted (in the widget or by another moderator): nothing to do.';
    case 'elsewhere':
      return 'Handled elsewhere (it no longer matches this view): nothing to do.';
    default: {
      const tab = TABS[d.why];
      if (d.ours) return d.why === 'pending' ? 'Already back in Pending: nothing to do.' : `Already ${d.why}: nothing to do.`;
      return `${d.why === 'pending' ? 'Restored' : tab} elsewhere: it is in the ${tab} tab now. Nothing to do here.`;
    }
  }
}

/**
 * The rows the inbox shows. `live` is the list as it is now (held arrivals already left out), `previous` the
 * rows shown at the last render of this same view (tab, order, filters, search). A row of `previous` that is
 * not in `live` stays in its place, after the row it followed, as a departed row (`departure` says why; one
 * already departed stays as it was), unless `calm()` (the moderator is not in the list): then it is `live`. A question that comes back
 * while its departed row is shown takes the row's place as itself. `calm` is asked only when a row left.
 * Returns the same `live` array when nothing departed.
 */
export function keepDeparted(
  live: readonly Question[],
  previous: readonly InboxRow[],
  calm: () => boolean,
  departure: (row: InboxRow) => Departure,
  /** What a row showed last (a patch may have re-rendered one row since the list was derived). */
  lastShown?: (id: string) => Question | undefined,
): { rows: readonly InboxRow[]; departed: number } {
  const none = { rows: live, departed: 0 };
  if (!previous.length || keptAll(previous, live)) return none;
  const here = new Set<string>();
  for (const q of live) here.add(q.id);
  let gone = 0;
  for (const r of previous) if (!here.has(r.id)) gone++;
  if (!gone || calm()) return none;
  // Each departed row goes after the row it followed that is still in the list (or first, before them all).
  const after = new Map<string | null, InboxRow[]>();
  let anchor: string | null = null;
  for (const r of previous) {
    if (here.has(r.id)) {
      anchor = r.id;
      continue;
    }
    const row: InboxRow = r.departed ? r : { ...(lastShown?.(r.id) ?? r), departed: departure(r) };
    const at = after.get(anchor);
    if (at) at.push(row);
    else after.set(anchor, [row]);
  }
  const rows: InboxRow[] = after.get(null)?.slice() ?? [];
  for (const q of live) {
    rows.push(q);
    const at = after.get(q.id);
    if (at) for (const r of at) rows.push(r);
  }
  return { rows, departed: gone };
}

/**
 * Where the keyboard selection goes when the selected row was live at the last render and is now a departed
 * row of this inbox's own action: the next live row after it, else the last live one before it (the next
 * question took its place before departed rows kept theirs: `a a a` still approves one after the other).
 * Null when the selection stays (on a live row, or on a row another moderator moved: keys on it say why).
 */
export function stepFromOwn(rows: readonly InboxRow[], activeIndex: number, wasLive: boolean): string | null {
  const row = rows[activeIndex];
  if (!row?.departed?.ours || !wasLive) return null;
  for (let i = activeIndex + 1; i < rows.length; i++) if (!rows[i]!.departed) return rows[i]!.id;
  for (let i = activeIndex - 1; i >= 0; i--) if (!rows[i]!.departed) return rows[i]!.id;
  return null;
}

/**
 * Whether every row of `previous` is in `live` in the same order (rows only came in: an arrival at the end, the
 * "N new"): one walk, no set of 10,000 ids on every render. False does not mean a row left (a re-sort).
 */
function keptAll(previous: readonly { id: string }[], live: readonly { id: string }[]): boolean {
  if (previous.length > live.length) return false;
  let j = 0;
  for (const r of previous) {
    while (j < live.length && live[j]!.id !== r.id) j++;
    if (j === live.length) return false;
    j++;
  }
  return true;
}
