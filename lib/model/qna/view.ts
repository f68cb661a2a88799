// Pure helpers for the panel's Q&A view: what the inbox shows (effective state and votes), the "N new"
// buffer that keeps the list from jumping under the moderator, a stable order while they read, the
// keyboard map, and time formats. No DOM, no I/O.
import type { MirrorChanges, PendingCommand, QnaMeta } from './session';
import { effectiveState, effectiveVotes, QuestionsView } from './session';
import { foldText } from './text';
import { addName } from '../people';
import type { QnaCapabilities, Question, QuestionState } from './types';

/**
 * The questions as the inbox shows them: a banned-word hold sits in Pending and a merged primary carries
 * its members' votes. Questions that need no change are passed through as the same objects.
 */
export function effectiveQuestions(
  questions: ReadonlyMap<string, Question>,
  meta: Pick<QnaMeta, 'holds' | 'merged'>,
): Question[] {
  const out: Question[] = [];
  for (const q of questions.values()) {
    const state = effectiveState(q, meta);
    const votes = effectiveVotes(q, meta, questions);
    out.push(state === q.state && votes === q.votes ? q : { ...q, state, votes });
  }
  return out;
}

/** Folded (search) text per question id, re-folded only when a question's text changes. */
export function createFoldCache(): (q: Question) => string {
  const cache = new Map<string, { text: string; folded: string }>();
  return (q) => {
    const hit = cache.get(q.id);
    if (hit && hit.text === q.text) return hit.folded;
    const folded = foldText(q.text);
    cache.set(q.id, { text: q.text, folded });
    return folded;
  };
}

// ---------------------------------------------------------------------------------------------------------
// The "N new" buffer.

/**
 * Which questions the moderator has been shown in which state (`known`), and which arrived since while they
 * were not at the top of the list (`held`: not shown yet, announced as "N new").
 */
export interface ArrivalBuffer {
  known: ReadonlyMap<string, QuestionState>;
  held: ReadonlySet<string>;
}

export const EMPTY_ARRIVALS: ArrivalBuffer = { known: new Map(), held: new Set() };

/**
 * Folds a new set of questions into the buffer. A question is an arrival when it is new, or has moved to
 * another state (another moderator approved it, say) since the moderator last saw it. At the top of the
 * list, arrivals (and everything held) come in at once; elsewhere they are held. The first call (`prev`
 * null) shows everything: there is nothing on screen yet to jump.
 */
export function trackArrivals(
  prev: ArrivalBuffer | null,
  questions: Iterable<Pick<Question, 'id' | 'state'>>,
  atTop: boolean,
): ArrivalBuffer {
  const known = new Map<string, QuestionState>();
  const held = new Set<string>();
  for (const q of questions) {
    if (!prev || atTop || prev.known.get(q.id) === q.state) known.set(q.id, q.state);
    else held.add(q.id);
  }
  return { known, held };
}

/** The moderator asked for the held questions ("12 new"), or moved somewhere they can't jump anything. */
export function releaseArrivals(questions: Iterable<Pick<Question, 'id' | 'state'>>): ArrivalBuffer {
  return trackArrivals(null, questions, true);
}

/** Splits the list the inbox would show into what is shown and how many are held back. */
export function withoutHeld<T extends { id: string }>(list: readonly T[], held: ReadonlySet<string>): { shown: T[]; heldCount: number } {
  if (!held.size) return { shown: list as T[], heldCount: 0 };
  const shown = list.filter((q) => !held.has(q.id));
  return { shown, heldCount: list.length - shown.length };
}

/**
 * Like withoutHeld, but an arrival that lands below everything shown comes in at once: it moves nothing the
 * moderator is looking at (with oldest first, a new question lands at the end of the list). Into an empty
 * list nothing comes unasked.
 */
export function withoutHeldAbove<T extends { id: string }>(list: readonly T[], held: ReadonlySet<string>): { shown: T[]; heldCount: number } {
  if (!held.size) return { shown: list as T[], heldCount: 0 };
  let lastShown = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (!held.has(list[i]!.id)) {
      lastShown = i;
      break;
    }
  }
  // Nothing shown: an arrival would take row 1, under a pointer that may be about to click there.
  if (lastShown < 0) return { shown: [], heldCount: list.length };
  const shown: T[] = [];
  for (let i = 0; i < list.length; i++) if (i > lastShown || !held.has(list[i]!.id)) shown.push(list[i]!);
  return { shown, heldCount: list.length - shown.length };
}

/**
 * Keeps the order the moderator is looking at: questions already on screen stay in their previous order
 * (votes changing elsewhere do not reshuffle them); any others follow, in their own order.
 */
export function keepOrder<T extends { id: string }>(list: readonly T[], previous: readonly string[]): T[] {
  if (!previous.length) return list as T[];
  const position = new Map<string, number>();
  previous.forEach((id, i) => position.set(id, i));
  const known: T[] = [];
  const rest: T[] = [];
  for (const q of list) (position.has(q.id) ? known : rest).push(q);
  known.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  return rest.length ? known.concat(rest) : known;
}

/**
 * Where focus goes when the list changes: the same question if it is still there, otherwise the one that
 * took its place (the next), or the last when it was at the end. Null for an empty list.
 */
export function nextActive(ids: readonly string[], activeId: string | null, previousIndex: number): string | null {
  if (!ids.length) return null;
  if (activeId !== null && ids.includes(activeId)) return activeId;
  if (activeId === null) return null;
  return ids[Math.min(Math.max(previousIndex, 0), ids.length - 1)]!;
}

// ---------------------------------------------------------------------------------------------------------
// Commands in flight, per question.

export type CommandView =
  | { state: 'sending'; label: string }
  /** Waiting in the outbox; `reason` says why when it is held ("held while Kaltura is offline…"). */
  | { state: 'queued'; label: string; reason?: string }
  | { state: 'failed'; label: string; message: string };

const COMMAND_LABELS: Record<PendingCommand['action']['kind'], string> = {
  approve: 'Approve',
  dismiss: 'Dismiss',
  restore: 'Restore',
  answer: 'Answer',
  'answered-live': 'Answered live',
  claim: 'Claim',
  release: 'Release',
  merge: 'Merge',
};

/** The latest unfinished or failed command for each question it touches. */
export function commandsByQuestion(commands: readonly PendingCommand[]): Map<string, CommandView> {
  const out = new Map<string, CommandView>();
  const ordered = [...commands].sort((a, b) => a.at - b.at);
  for (const c of ordered) {
    const ids = c.action.kind === 'merge' ? [c.action.primaryId, ...c.action.memberIds] : [c.action.questionId];
    const label = c.action.kind === 'answer' ? (c.action.visibility === 'public' ? 'Public answer' : 'Private answer') : COMMAND_LABELS[c.action.kind];
    for (const id of ids) {
      if (c.status.state === 'done') out.delete(id);
      else if (c.status.state === 'failed') out.set(id, { state: 'failed', label, message: c.status.message });
      else if (c.status.state === 'queued') {
        // Defensive: not every producer of a queued status gives a reason.
        const reason = 'reason' in c.status && typeof c.status.reason === 'string' && c.status.reason ? c.status.reason : undefined;
        out.set(id, reason ? { state: 'queued', label, reason } : { state: 'queued', label });
      } else out.set(id, { state: 'sending', label });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Keyboard.

export type KeyCommand =
  | 'next'
  | 'previous'
  | 'first'
  | 'last'
  | 'approve'
  | 'edit-approve'
  | 'dismiss'
  | 'restore'
  | 'answer-public'
  | 'answer-private'
  | 'answered-live'
  | 'star'
  | 'select'
  | 'expand'
  | 'show-new'
  | 'search'
  | 'help';

export const KEYS: ReadonlyArray<{ keys: string[]; command: KeyCommand; label: string }> = [
  { keys: ['j', 'ArrowDown'], command: 'next', label: 'Next question' },
  { keys: ['k', 'ArrowUp'], command: 'previous', label: 'Previous question' },
  { keys: ['Home'], command: 'first', label: 'First question' },
  { keys: ['End'], command: 'last', label: 'Last question' },
  { keys: ['a'], command: 'approve', label: 'Approve' },
  { keys: ['e'], command: 'edit-approve', label: 'Edit, then approve' },
  { keys: ['d'], command: 'dismiss', label: 'Dismiss (undo for 10 s)' },
  { keys: ['u'], command: 'restore', label: 'Restore a dismissed question (to Pending)' },
  { keys: ['r'], command: 'answer-public', label: 'Answer publicly' },
  { keys: ['p'], command: 'answer-private', label: 'Answer privately to the asker' },
  { keys: ['l'], command: 'answered-live', label: 'Mark answered live' },
  { keys: ['s'], command: 'star', label: 'Star for the speaker (up next)' },
  { keys: ['x', ' '], command: 'select', label: 'Select for a bulk action' },
  { keys: ['Enter'], command: 'expand', label: 'Show more / less of a long question' },
  { keys: ['n'], command: 'show-new', label: 'Show the new questions ("N new"); with none, clear handled ones from the list' },
  { keys: ['/'], command: 'search', label: 'Search' },
  { keys: ['?'], command: 'help', label: 'This list of keys' },
];

const KEY_CAPABILITY: Partial<Record<KeyCommand, RowAction>> = {
  approve: 'approve',
  'edit-approve': 'edit-approve',
  dismiss: 'dismiss',
  restore: 'restore',
  'answer-public': 'answer-public',
  'answer-private': 'answer-private',
  'answered-live': 'answered-live',
};

/** The keys that do something on this surface (the key list shows only these). */
export function keysFor(caps: QnaCapabilities): typeof KEYS {
  return KEYS.filter((k) => {
    const action = KEY_CAPABILITY[k.command];
    if (action) return caps[ROW_ACTION_CAPABILITY[action]] && (action !== 'edit-approve' || caps.approve);
    // Selecting is for bulk approve or dismiss.
    if (k.command === 'select') return caps.approve || caps.dismiss;
    return true;
  });
}

const BY_KEY = new Map<string, KeyCommand>(KEYS.flatMap((k) => k.keys.map((key) => [key, k.command] as const)));

/** The command for a key press, ignoring presses with Ctrl, Alt or Meta (the browser's and the OS's). */
export function keyCommand(event: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): KeyCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  return BY_KEY.get(event.key) ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Time.

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time with seconds: "12:03:44". */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local date and time, for a title attribute: "2026-05-04 12:03:44". */
export function absoluteTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(at)}`;
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", "3 d ago". */
export function relativeTime(at: number, now: number): string {
  const s = Math.round((now - at) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Parses the banned-words editor: one entry per line or comma, trimmed, without empties or repeats. */
export function parseWordList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((w) => w.trim()).filter(Boolean))];
}

/** Moves an id one place up (-1) or down (+1) in an ordered list; a no-op at the ends. */
export function moveItem(ids: readonly string[], id: string, delta: -1 | 1): string[] {
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return [...ids];
  const out = [...ids];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Which actions a question offers, and why some are absent.

export type RowAction = 'approve' | 'edit-approve' | 'dismiss' | 'restore' | 'answer-public' | 'answer-private' | 'answered-live';
export type CapabilityName = Exclude<keyof QnaCapabilities, 'absent'>;

export const ROW_ACTION_CAPABILITY: Record<RowAction, CapabilityName> = {
  approve: 'approve',
  'edit-approve': 'editBeforeApprove',
  dismiss: 'dismiss',
  restore: 'restore',
  'answer-public': 'answerPublic',
  'answer-private': 'answerPrivate',
  'answered-live': 'answeredLive',
};

export const CAPABILITY_LABELS: Record<CapabilityName, string> = {
  approve: 'Approve',
  editBeforeApprove: 'Edit before approving',
  dismiss: 'Dismiss',
  restore: 'Restore',
  answerPublic: 'Answer publicly',
  answerPrivate: 'Answer privately',
  answeredLive: 'Mark answered live',
  claim: 'Claiming a question',
};

const STATE_ACTIONS: Record<QuestionState, RowAction[]> = {
  pending: ['approve', 'edit-approve', 'dismiss', 'answer-public', 'answer-private'],
  approved: ['answer-public', 'answer-private', 'answered-live', 'dismiss'],
  answered: ['answer-public', 'answer-private', 'dismiss'],
  dismissed: ['restore'],
};

/** The actions that make sense for a question in this state, and that the surface can do. */
export function offeredActions(state: QuestionState, caps: QnaCapabilities): RowAction[] {
  return STATE_ACTIONS[state].filter((a) => caps[ROW_ACTION_CAPABILITY[a]] && (a !== 'edit-approve' || caps.approve));
}

/** Why the actions that make sense in this state are missing on this surface (one note each). */
export function absentNotes(state: QuestionState, caps: QnaCapabilities): Array<{ capability: CapabilityName; text: string }> {
  const out: Array<{ capability: CapabilityName; text: string }> = [];
  for (const action of STATE_ACTIONS[state]) {
    const capability = ROW_ACTION_CAPABILITY[action];
    if (caps[capability]) continue;
    // Editing before approval is moot where there is no approval at all.
    if (capability === 'editBeforeApprove' && !caps.approve) continue;
    out.push({ capability, text: absentText(capability, caps) });
  }
  return out;
}

export function absentText(capability: CapabilityName, caps: QnaCapabilities): string {
  return `${CAPABILITY_LABELS[capability]} isn't available: ${caps.absent[capability] ?? 'this surface cannot do it.'}`;
}

// ---------------------------------------------------------------------------------------------------------
// The inbox index: counts per tab and the sorted lists, maintained on upsert and remove.

/** How a tab is sorted: most votes, newest first, or oldest first (Pending's default: nothing has votes yet). */
export type InboxSort = 'votes' | 'time' | 'oldest';

const byTimeDesc = (a: Question, b: Question) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** The inbox's orders, each total (ties broken by id); lib/session/qna/head.ts picks a head by them too. */
export const INBOX_ORDERS: Record<InboxSort, (a: Question, b: Question) => number> = {
  votes: (a, b) => b.votes - a.votes || byTimeDesc(a, b),
  time: byTimeDesc,
  oldest: (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
};

/** How many recent entries the index remembers for enteredAfter (far more than "N new" ever holds). */
const ENTER_LOG_MAX = 20_000;

/** Where `q` goes in `list` (sorted by `cmp`, a total order: ties are broken by id). */
export function lowerBound(list: readonly Question[], q: Question, cmp: (a: Question, b: Question) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid]!, q) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The map a source's questions live in: patches change a mirror's store in place, under new views. */
function storeOf(questions: ReadonlyMap<string, Question>): ReadonlyMap<string, Question> {
  return questions instanceof QuestionsView ? questions.mutable() : questions;
}

export interface InboxSource {
  meta: Pick<QnaMeta, 'holds' | 'merged'>;
  questions: ReadonlyMap<string, Question>;
  version?: number;
  changes?: MirrorChanges;
}

/**
 * The questions as the inbox shows them (effective state and votes), their counts per state, and each
 * state's list in each sort order, kept up to date one question at a time: a patch that touches one question
 * costs a few binary searches, not a pass over 10,000. Each question also records the sync at which it entered
 * its current state (`enteredAt`), which is what the "N new" buffer compares against.
 *
 * The index keeps no copy of the questions: it reads the source (the panel's mirror) and keeps only the
 * effective copies that differ from it (held and merged questions). A copy of every question was most of
 * the first render of 20,000. What a question was before a patch comes with the patch (`changes.before`).
 *
 * `sync(source)` takes the next mirror: with its `changes` (the ids patches touched since the version this
 * index saw last, with their previous objects) only those are looked at; a source with another store (a new
 * snapshot, a plain Map) is compared in full with the previous one, which is left as it was, and still finds
 * exactly what changed. Only the same store changed by patches the index cannot trace back (further than the
 * mirror remembers: lib/model/qna/session.ts CHANGE_CHAIN) is taken as new, with nothing held as an arrival.
 */
export class InboxIndex {
  /** The effective copies that differ from the source's object (held and merged questions). */
  private readonly eff = new Map<string, Question>();
  private readonly entered = new Map<string, number>();
  /** Entries in sync order (tick, id), for "what entered after tick N" without a pass over everything. */
  private readonly enterLog: Array<[number, string]> = [];
  private readonly lists = new Map<string, Question[]>();
  private readonly counts: Record<QuestionState, number> = { pending: 0, approved: 0, answered: 0, dismissed: 0 };
  private memberOf = new Map<string, string>();
  private holds: Record<string, string> | null = null;
  private merged: Record<string, string[]> | null = null;
  /** The source as of the last sync (its store may have been patched in place since: see `changes`). */
  private questions: ReadonlyMap<string, Question> | null = null;
  private sourceVersion: number | undefined;
  /**
   * Authors' display names by user id: claims and answers carry only an id. Gathered on the first lookup
   * (a pass over every question; most panels look up nobody before the first claim), kept on sync after.
   */
  private names: Map<string, string> | null = null;
  /** Counts syncs; 0 is the first (nothing on it is an arrival). */
  tick = 0;
  /**
   * What the last sync changed, question by question (before and after, as the inbox shows them), or null
   * when it replaced everything (the first sync): the panel re-renders only the rows a patch touched when
   * no list it shows changed membership or order.
   */
  lastChanges: Array<{ id: string; before: Question | undefined; after: Question | undefined }> | null = null;

  /** A user id's display name where a question of theirs named them (co-moderators by name, not id). */
  nameOf(id: string | null): string | undefined {
    if (id === null) return undefined;
    if (!this.names) {
      this.names = new Map();
      if (this.questions) for (const q of this.questions.values()) addName(this.names, q.author);
    }
    return this.names.get(id);
  }

  /** Brings the index up to `source`; returns whether anything the inbox shows changed. */
  sync(source: InboxSource): boolean {
    const { meta, questions } = source;
    const prev = this.questions;
    if (prev === null) {
      this.lastChanges = null;
      return this.fill(source);
    }
    const sameStore = prev === questions || storeOf(prev) === storeOf(questions);
    // The previous objects of what patches changed in the store since the last sync (oldest wins).
    let before: Map<string, Question | undefined> | null = null;
    if (sameStore) {
      before = new Map();
      // The same version: the store has not changed since (a meta-only re-render, say). Without versions
      // (a plain Map changed in place: not the panel's mirror) nothing says what changed: taken as new.
      if (source.version === undefined || source.version !== this.sourceVersion) {
        const chain: MirrorChanges[] = [];
        let link = source.changes;
        while (link && link.since !== this.sourceVersion && link.before) {
          chain.push(link);
          link = link.prev;
        }
        if (!link || !link.before || this.sourceVersion === undefined) {
          // Patched in place further back than the mirror remembers (or by hand): what the questions were
          // is gone. Taken as new, like a first sync.
          this.reset();
          this.lastChanges = null;
          return this.fill(source);
        }
        chain.push(link);
        for (let i = 0; i < chain.length; i++) {
          for (const [id, q] of chain[i]!.before!) before.set(id, q);
        }
      }
    }
    this.lastChanges = [];
    const touched = new Set<string>();
    if (before) for (const id of before.keys()) touched.add(id);
    if (meta.merged !== this.merged) {
      const was = this.merged ?? {};
      for (const id of Object.keys(was)) touched.add(id);
      for (const id of Object.keys(meta.merged)) touched.add(id);
      this.merged = meta.merged;
      this.memberOf = new Map();
      for (const [primary, members] of Object.entries(meta.merged)) for (const m of members) this.memberOf.set(m, primary);
    }
    if (meta.holds !== this.holds) {
      const was = this.holds ?? {};
      for (const id of Object.keys(was)) if (was[id] !== meta.holds[id]) touched.add(id);
      for (const id of Object.keys(meta.holds)) if (was[id] !== meta.holds[id]) touched.add(id);
      this.holds = meta.holds;
    }
    if (!sameStore) {
      // Another store: compare everything with the previous one (nobody changes it any more).
      for (const id of prev.keys()) if (!questions.has(id)) touched.add(id);
      for (const [id, q] of questions) if (prev.get(id) !== q) touched.add(id);
    }
    this.questions = questions;
    this.sourceVersion = source.version;
    // A member's votes count towards its primary.
    for (const id of [...touched]) {
      const primary = this.memberOf.get(id);
      if (primary) touched.add(primary);
    }
    if (!touched.size) return false;
    this.tick++;
    let changed = false;
    for (const id of touched) {
      const old = this.eff.get(id) ?? (before?.has(id) ? before.get(id) : prev.get(id));
      changed = this.refresh(id, old) || changed;
    }
    return changed;
  }

  /** Forgets everything the index derived (the next fill starts again). */
  private reset(): void {
    this.eff.clear();
    this.lists.clear();
    for (const s of Object.keys(this.counts) as QuestionState[]) this.counts[s] = 0;
  }

  /**
   * The first sync: counts, and effective copies where a hold or a merge changes a question (no lists to
   * keep in order yet, no arrivals, no copy of the questions).
   */
  private fill(source: InboxSource): boolean {
    const { meta, questions } = source;
    this.questions = questions;
    this.sourceVersion = source.version;
    this.merged = meta.merged;
    this.holds = meta.holds;
    this.memberOf = new Map();
    for (const [primary, members] of Object.entries(meta.merged)) for (const m of members) this.memberOf.set(m, primary);
    const plain = Object.keys(meta.holds).length === 0 && Object.keys(meta.merged).length === 0;
    // Lists asked for before the first sync were built empty: they are built again on first use.
    this.lists.clear();
    const counts = this.counts;
    if (plain) {
      for (const q of questions.values()) counts[q.state]++;
    } else {
      for (const raw of questions.values()) {
        let q = raw;
        const state = effectiveState(raw, meta);
        const votes = effectiveVotes(raw, meta, questions);
        if (state !== raw.state || votes !== raw.votes) this.eff.set(raw.id, (q = { ...raw, state, votes }));
        counts[q.state]++;
      }
    }
    if (!questions.size) return false;
    this.tick++;
    return true;
  }

  /** Brings one question up to the source; `old` is what the inbox showed of it. */
  private refresh(id: string, old: Question | undefined): boolean {
    const raw = this.questions!.get(id);
    if (raw && this.names) addName(this.names, raw.author);
    let next: Question | undefined;
    if (raw) {
      const state = effectiveState(raw, { holds: this.holds ?? {} });
      const votes = effectiveVotes(raw, { merged: this.merged ?? {} }, this.questions!);
      next = state === raw.state && votes === raw.votes ? raw : { ...raw, state, votes };
    }
    if (next && next !== raw) this.eff.set(id, next);
    else this.eff.delete(id);
    if (old === next) return false;
    this.lastChanges?.push({ id, before: old, after: next });
    if (old && next && old.votes === next.votes && old.state === next.state && old.createdAt === next.createdAt) {
      // Same place in every list: swap the object in place.
      for (const order of Object.keys(INBOX_ORDERS) as InboxSort[]) {
        const list = this.lists.get(`${next.state}|${order}`);
        if (!list) continue;
        const i = lowerBound(list, old, INBOX_ORDERS[order]);
        if (list[i] === old) list[i] = next;
      }
      return true;
    }
    if (old) {
      this.counts[old.state]--;
      for (const order of Object.keys(INBOX_ORDERS) as InboxSort[]) {
        const list = this.lists.get(`${old.state}|${order}`);
        if (!list) continue;
        const i = lowerBound(list, old, INBOX_ORDERS[order]);
        if (list[i]?.id === id) list.splice(i, 1);
      }
    }
    if (next) {
      this.counts[next.state]++;
      if (!old || old.state !== next.state) {
        this.entered.set(id, this.tick);
        this.enterLog.push([this.tick, id]);
        if (this.enterLog.length > ENTER_LOG_MAX) this.enterLog.splice(0, this.enterLog.length - ENTER_LOG_MAX / 2);
      }
      for (const order of Object.keys(INBOX_ORDERS) as InboxSort[]) {
        const list = this.lists.get(`${next.state}|${order}`);
        if (list) list.splice(lowerBound(list, next, INBOX_ORDERS[order]), 0, next);
      }
    } else this.entered.delete(id);
    return true;
  }

  count(state: QuestionState): number {
    return this.counts[state];
  }

  allCounts(): Record<QuestionState, number> {
    return { ...this.counts };
  }

  get(id: string): Question | undefined {
    return this.eff.get(id) ?? this.questions?.get(id);
  }

  /** Every question as the inbox shows it, in the source's order. */
  private *effective(): Iterable<Question> {
    if (!this.questions) return;
    if (!this.eff.size) {
      yield* this.questions.values();
      return;
    }
    for (const q of this.questions.values()) yield this.eff.get(q.id) ?? q;
  }

  /** Every question as the inbox shows it (for grouping similar questions). */
  all(): Question[] {
    return [...this.effective()];
  }

  /** The sync at which the question entered its current state (0: it was there from the start). */
  enteredAt(id: string): number {
    return this.entered.get(id) ?? 0;
  }

  /**
   * The ids that entered their current state after sync `tick` (the "N new" candidates): a walk back over the
   * recent entries, not over every question. Past the log's reach, everything after it counts.
   */
  enteredAfter(tick: number): Set<string> {
    const out = new Set<string>();
    for (let i = this.enterLog.length - 1; i >= 0; i--) {
      const [t, id] = this.enterLog[i]!;
      if (t <= tick) break;
      if (this.entered.get(id) === t) out.add(id);
    }
    return out;
  }

  /** One tab in one order: the live list (do not mutate); built on first use, then maintained. */
  sorted(state: QuestionState, order: InboxSort): readonly Question[] {
    const key = `${state}|${order}`;
    let list = this.lists.get(key);
    if (!list) {
      list = [];
      for (const q of this.effective()) if (q.state === state) list.push(q);
      list.sort(INBOX_ORDERS[order]);
      this.lists.set(key, list);
    }
    return list;
  }
}

/** One tab's list after the filters and search, in the index's order (a new array: the list re-renders). */
export function filterSorted(
  list: readonly Question[],
  filter: Omit<InboxFilterLike, 'state'>,
  context: { me: string; starred: ReadonlySet<string> },
  folded: (q: Question) => string,
): Question[] {
  const needle = filter.search ? foldText(filter.search) : '';
  if (!needle && !filter.starredOnly && !filter.mineOnly && !filter.unansweredOnly) return list.slice();
  const out: Question[] = [];
  for (const q of list) {
    if (filter.starredOnly && !context.starred.has(q.id)) continue;
    if (filter.mineOnly && q.handledBy !== context.me) continue;
    if (filter.unansweredOnly && (q.answers.length > 0 || q.answeredLive)) continue;
    if (needle && !folded(q).includes(needle)) continue;
    out.push(q);
  }
  return out;
}

interface InboxFilterLike {
  state: QuestionState;
  starredOnly?: boolean;
  mineOnly?: boolean;
  unansweredOnly?: boolean;
  search?: string;
}

/**
 * Whether a sync (InboxIndex.lastChanges) left the list of `tab` in `sort` as it was: no question came into
 * it or left it, and none moved in its order. Then the panel refreshes only the rows it names (returned),
 * and the counts; null means the list must be derived again. A filtered list (search, starred, mine,
 * unanswered) may gain or lose a question whose text or claim changed: always null. `watched` names
 * questions the inbox shows outside their row (the reply box, the selection, up next): null as well.
 */
export function rowsOnlyChange(
  changes: ReadonlyArray<{ id: string; before: Question | undefined; after: Question | undefined }> | null,
  view: { tab: QuestionState; sort: InboxSort; filtered: boolean; watched(id: string): boolean },
): string[] | null {
  if (changes === null || view.filtered) return null;
  const rows: string[] = [];
  for (const { id, before, after } of changes) {
    if (view.watched(id)) return null;
    const was = before?.state === view.tab;
    const is = after?.state === view.tab;
    if (!was && !is) continue;
    if (!was || !is || INBOX_ORDERS[view.sort](before!, after!) !== 0) return null;
    rows.push(id);
  }
  return rows;
}
