/**
 * The Q&A triage inbox of the side panel.
 *
 * Props: the session's Q&A state as a signal (null until the background has sent a snapshot), and two intent
 * callbacks — `onAction` for commands the background performs on the surface (through its outbox), `onLocal`
 * for the moderator's own state (stars, up-next order, banned words). Everything else is view state kept
 * here: tab, sort, filters, search, selection, the active question, reply drafts, the open reply box, the
 * "N new" buffer, the undo toast. Every question, author and answer is attendee data: rendered as text.
 *
 * Stable data-testids (for unit and e2e tests):
 * - `qna` the whole view; `qna-problem` (banner: the surface can't be read), `qna-stale` ("Stale since 12:03:44")
 * - `qna-tab-{pending|approved|answered|dismissed}` tabs, each with its count in `qna-count-{state}`;
 *   `qna-live-counts` the polite live summary of the counts
 * - keys work from the start (focus in the list when the view opens, no row active until j); `n` shows "N new"
 * - `qna-search`, `qna-sort` (select: oldest | time | votes; per tab, Pending oldest first by default), `qna-filter-{starred|mine|unanswered}` (aria-pressed),
 *   `qna-select-all`, `qna-keys-open`
 * - `qna-absent-{capability}` why an action is missing on this surface, for the actions of the current tab
 *   (capability names as in QnaCapabilities: approve, editBeforeApprove, dismiss, restore, answerPublic,
 *   answerPrivate, answeredLive; `qna-absent-claim` appears in the reply box)
 * - `qna-bulk` (bar, while a selection exists, over the list's foot: it never pushes the list down),
 *   `qna-bulk-approve`, `qna-bulk-dismiss`, `qna-bulk-clear`, `qna-bulk-skipped` (why some selected are left
 *   out: held for banned words, handled by another moderator); over 10 questions the bar asks once:
 *   `qna-bulk-confirm-text` ("Approve 109 questions? 3 held ones are left out."), `qna-bulk-confirm`,
 *   `qna-bulk-cancel` (rules: lib/model/qna/bulk.ts)
 * - `qna-new-items` the "N new" button (in a polite live region, over the list's top). While the pointer or
 *   focus is in the list nothing moves under it: arrivals wait behind "N new" even at the top, and a question
 *   that leaves the list (approved, dismissed, answered or deleted elsewhere, or by this inbox) keeps its place
 *   as a departed row (`data-departed` = approved | answered | dismissed | pending | deleted | elsewhere, the
 *   word in `qna-departed`; its controls aria-disabled: they and the keys on it do nothing and say why) until
 *   the list is calm or the moderator takes the "N new" in (lib/model/qna/departed.ts). The selection stays
 *   on its question; after this inbox's own act it goes on to the next question still in the list.
 * - `qna-list` the grid (data-count = questions in it); `qna-item` a row (`data-question-id`, `data-state` =
 *   effective state, `aria-selected` = selected for bulk, `aria-rowindex`); inside an item: `qna-select`
 *   (checkbox), `qna-votes`, `qna-author`, `qna-text`, `qna-more` (show more/less), `qna-held-reason`,
 *   `qna-replies` (when there are replies), `qna-handled-by` ("You" or the moderator id), `qna-answers`, `qna-command` (sending /
 *   queued with its reason / failed, `data-command-state`), `qna-star`, and the actions `qna-approve`, `qna-edit-approve`,
 *   `qna-dismiss`, `qna-restore`, `qna-answer-public`, `qna-answer-private`, `qna-answered-live`
 * - `qna-reply` the docked box (`data-question-id`, `data-mode` = public | private | edit | blocked):
 *   `qna-reply-text`, `qna-reply-send`, `qna-edit-text`, `qna-edit-send`, `qna-claim-note`, `qna-take-over`,
 *   `qna-release`, `qna-panel-action`, `qna-reply-close`
 * - `qna-undo-toast` one per undoable act (a dismissal, a bulk dismissal or approval), naming the question,
 *   with `qna-undo` (10 s; puts the questions back exactly where they were: lib/model/qna/undo.ts) or
 *   `qna-undo-absent` (why this surface cannot undo it)
 * - `qna-up-next` (ol of starred questions): `qna-up-next-item`, `qna-up-next-up`, `qna-up-next-down`,
 *   `qna-up-next-unstar`
 * - `qna-duplicates` section (`qna-duplicates-toggle` opens it; grouping runs only while open):
 *   `qna-duplicate-group` (`data-primary-id`), `qna-merge` ("Merge (N votes)"), `qna-duplicates-refresh`
 * - `qna-banned` section (`qna-banned-toggle`): `qna-banned-words` (textarea), `qna-banned-save`
 * - `qna-audit` section (`qna-audit-toggle`): `qna-audit-list`, `qna-audit-entry`
 * - `qna-keys` the key list dialog (`qna-keys-close`; `qna-keys-flagged` the flagged chat keys); `qna-announce` the polite live region for feedback
 * - `qna-flagged` flagged chat in Pending, above the questions (its testids: components/qna/FlaggedChat.tsx)
 */
import { signal, useComputed, type ReadonlySignal, type Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useId, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { bulkPlan, type BulkKind, type BulkPlan } from '@/lib/model/qna/bulk';
import type { QnaAction, QnaLocalAction } from '@/lib/model/qna/commands';
import { claimFailure, rowActionVerdict } from '@/lib/model/qna/moderation';
import type { QnaMeta } from '@/lib/model/qna/session';
import type { Question, QuestionState } from '@/lib/model/qna/types';
import {
  InboxIndex,
  type CommandView,
  absentNotes,
  absentText,
  clockTime,
  commandsByQuestion,
  createFoldCache,
  filterSorted,
  keepOrder,
  nextActive,
  withoutHeldAbove,
  offeredActions,
  rowsOnlyChange,
  type InboxSort,
  type RowAction,
} from '@/lib/model/qna/view';
import { departedLabel, departedSay, departureOf, keepDeparted, ownTarget, stepFromOwn, type InboxRow, type OwnTarget } from '@/lib/model/qna/departed';
import { partialNotice } from '@/lib/panel/qna-head';
import { AuditTrail } from './AuditTrail';
import { BannedWords } from './BannedWords';
import { Disclosure } from './Disclosure';
import { Duplicates } from './Duplicates';
import { KeysDialog } from './KeysDialog';
import { QuestionList, type QuestionListHandle, type RowSlot } from './QuestionList';
import { SearchBox } from '../SearchBox';
import { MemoQuestionRow, ROW_ACTION_LABELS } from './QuestionRow';
import { ReplyPanel } from './ReplyPanel';
import { UpNext } from './UpNext';
import { UndoToasts, useUndo } from './useUndo';
import { useArrivals } from './useArrivals';
import { useKeyboardTriage } from './useKeyboardTriage';
import { useReply } from './useReply';
import { FlaggedChat, type FlaggedChatHandle } from './FlaggedChat';
import type { FlaggedChatList } from '@/lib/model/chat/flagged-list';
import type { ChatAction, ChatLocalAction } from '@/lib/model/chat/commands';

export interface QnaViewData {
  meta: QnaMeta;
  questions: ReadonlyMap<string, Question>;
  /** The mirror's version and what its last patch touched: the inbox index then looks at those only. */
  version?: number;
  changes?: { since: number; ids: readonly string[] };
  /** Only a large snapshot's head has come (lib/panel/qna-head.ts): true counts, each tab's first rows. */
  partial?: { counts: Record<QuestionState, number>; total: number };
  /**
   * The head the panel read from storage itself before the worker answered (lib/panel/saved-head.ts): shown
   * read-only ("connecting"): the worker may hold newer changes, and only it acts. Its own head replaces it.
   */
  saved?: boolean;
}

/** Why nothing can be done yet on a saved head (see QnaViewData.saved). */
export const CONNECTING_NOTE = 'Connecting to the extension… These questions are as saved before it restarted; actions wait for it.';

type SortOrder = InboxSort;
const DEFAULT_SORTS: Record<QuestionState, SortOrder> = { pending: 'oldest', approved: 'votes', answered: 'votes', dismissed: 'time' };
const SORT_LABELS: Record<SortOrder, string> = { oldest: 'Oldest first', time: 'Newest first', votes: 'Most votes' };

export interface QnaViewProps {
  snapshot: ReadonlySignal<QnaViewData | null>;
  /** A command for the surface: the background validates it, queues it in the outbox and confirms it. */
  onAction(action: QnaAction): void;
  /** The moderator's own state: star, up-next order, banned words. */
  onLocal(action: QnaLocalAction): void;
  /**
   * The view is hidden (another view is shown; it stays mounted with its state): patches keep its index up
   * to date but render nothing. Shown again (a render with `hidden` false), it renders the latest at once.
   */
  hidden?: boolean;
  /** Flagged chat (components/qna/FlaggedChat.tsx): shown in the Pending tab, above the questions. */
  flaggedChat?: FlaggedChatInbox;
}

/** The tab's flagged chat messages and the Chat view's two intents for them (delete through the widget, keep). */
export interface FlaggedChatInbox {
  list: ReadonlySignal<FlaggedChatList | null>;
  onAction(action: ChatAction): void;
  onLocal(action: ChatLocalAction): void;
}

export { UNDO_MS } from './useUndo';

const EMPTY_IDS: ReadonlySet<string> = new Set();

const STATES: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];
const STATE_LABELS: Record<QuestionState, string> = {
  pending: 'Pending',
  approved: 'Approved',
  answered: 'Answered',
  dismissed: 'Dismissed',
};

type Filters = { starred: boolean; mine: boolean; unanswered: boolean };
const FILTER_LABELS: Record<keyof Filters, string> = { starred: 'Starred', mine: 'Mine', unanswered: 'Unanswered' };

export function QnaView({ snapshot, onAction, onLocal, hidden = false, flaggedChat }: QnaViewProps) {
  // Only whether there is a snapshot: the inbox follows the patches itself (most re-render one row).
  const present = useComputed(() => snapshot.value !== null).value;
  if (!present) {
    return (
      <section class="qna" data-testid="qna" aria-busy="true" aria-label="Questions">
        <p class="hint">Waiting for the session's questions…</p>
      </section>
    );
  }
  return <QnaInbox snapshot={snapshot} onAction={onAction} onLocal={onLocal} hidden={hidden} flaggedChat={flaggedChat} />;
}

/** The count of one tab, or all of them for the live summary: they follow the patches without the inbox. */
function Counts({ counts, render }: { counts: ReadonlySignal<Record<QuestionState, number>>; render(c: Record<QuestionState, number>): JSX.Element }) {
  return render(counts.value);
}

/**
 * A row that follows its own question: a patch that changes it in place (a vote, an answer, a claim) bumps
 * its signal and only this row renders again, with the index's latest copy of the question. Until then the
 * list's copy is the latest (the list was derived since), and looking it up is not needed: the first
 * lookup would build the mirror's map of every question (lib/model/qna/session.ts QuestionsView).
 */
function LiveRow({ id, fallback, rows, get, render }: {
  id: string;
  fallback: Question;
  rows: Map<string, Signal<number>>;
  get(id: string): Question | undefined;
  render(q: Question): JSX.Element;
}) {
  let own = rows.get(id);
  if (!own) rows.set(id, (own = signal(0)));
  const bumped = own.value > 0;
  // A layout effect: an effect would cost two timer tasks for each row mounted (a new question).
  useLayoutEffect(() => () => void rows.delete(id), [id, rows]);
  return render(bumped ? (get(id) ?? fallback) : fallback);
}

/** Mounted while the "Similar questions" section is open: it compares against every question. */
function OpenFlag({ flag, children }: { flag: { current: boolean }; children: JSX.Element }) {
  useLayoutEffect(() => {
    flag.current = true;
    return () => void (flag.current = false);
  }, [flag]);
  return children;
}

function QnaInbox({ snapshot, onAction: sendAction, onLocal: sendLocal, hidden, flaggedChat }: { snapshot: ReadonlySignal<QnaViewData | null>; onAction(a: QnaAction): void; onLocal(a: QnaLocalAction): void; hidden: boolean; flaggedChat?: FlaggedChatInbox }) {
  // The latest snapshot, read without subscribing: the patches come through the subscription below, which
  // re-renders the inbox only when its list or what surrounds it changed.
  const data = snapshot.peek()!;
  const { meta, questions } = data;
  // The panel's own read of the saved head, before the worker answered: shown, not acted on (every intent
  // of this view goes through these two, checked when it is sent, not when its button was drawn).
  const connecting = data.saved === true;
  /** What this inbox last sent for a question (the state it moves it to): a departed row says "Already…". */
  const own = useRef(new Map<string, OwnTarget>());
  const onAction = (a: QnaAction) => {
    if (snapshot.peek()?.saved) return say(CONNECTING_NOTE);
    const target = ownTarget(a.kind);
    if (target && 'questionId' in a) own.current.set(a.questionId, target);
    sendAction(a);
  };
  const onLocal = (a: QnaLocalAction) => void (snapshot.peek()?.saved ? say(CONNECTING_NOTE) : sendLocal(a));
  // Only a head has come: what needs every question waits, and says so.
  const waiting = partialNotice(data);
  const caps = meta.capabilities;
  const uid = useId();
  const listId = `${uid}-list`;
  const optionId = (id: string) => `${uid}-q-${id}`;

  // Pending first where questions wait for approval (or banned-word holds wait); chosen once, never switched
  // under the moderator.
  const [tab, setTab] = useState<QuestionState>(() =>
    caps.approve || Object.keys(meta.holds).length > 0 ? 'pending' : 'approved',
  );
  // Each tab keeps its own order. Pending defaults to oldest first: nothing there has votes yet, and the
  // question that waited longest is the one to look at next.
  const [sorts, setSorts] = useState<Record<QuestionState, SortOrder>>(DEFAULT_SORTS);
  const sort = sorts[tab];
  const setSort = (order: SortOrder) => setSorts((s) => ({ ...s, [tab]: order }));
  const [filters, setFilters] = useState<Filters>({ starred: false, mine: false, unanswered: false });
  const [search, setSearch] = useState('');
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [confirming, setConfirming] = useState<BulkPlan | null>(null);
  const [keysOpen, setKeysOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [, bump] = useReducer((n: number) => n + 1, 0);

  const fold = useMemo(createFoldCache, []);
  const listEl = useRef<HTMLElement | null>(null);
  const listApi = useRef<QuestionListHandle | null>(null);
  const searchEl = useRef<HTMLInputElement>(null);
  /** Flagged chat (Pending tab): the element around the list (its hold) and its key handle (j/k across). */
  const wrapEl = useRef<HTMLDivElement | null>(null);
  const flaggedApi = useRef<FlaggedChatHandle | null>(null);
  const showFlagged = !!flaggedChat && tab === 'pending';
  /** The active row's index at the last render (where the next question takes its place when it leaves). */
  const lastIndex = useRef(-1);
  /** The order shown at the last render, kept while the moderator reads (votes do not reshuffle it). */
  const shownOrder = useRef<{ key: string; ids: readonly string[] }>({ key: '', ids: [] });
  /** The rows shown at the last render of this view (departed ones included): they keep their places. */
  const shownRows = useRef<{ key: string; rows: readonly InboxRow[] }>({ key: '', rows: [] });
  /** The departed rows' ids at the last render: a question that comes back takes its own row, not "N new". */
  const departedIds = useRef<ReadonlySet<string>>(new Set());
  /** The selected row's id while it is live: its departure by our own act moves the selection on. */
  const activeLive = useRef<string | null>(null);
  /** What each row showed at its last render (a patch may have re-rendered only the row): a departed row keeps it. */
  const seen = useRef(new Map<string, { q: Question; command: CommandView | undefined; heldReason: string | undefined }>());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  // --- What the inbox shows ------------------------------------------------------------------------------
  // The index keeps counts and sorted lists up to date one changed question at a time (the mirror says which
  // ones a patch touched); syncing it is idempotent per snapshot object, so it is a cache, not view state.
  const [index] = useState(() => new InboxIndex());
  const synced = useRef<QnaViewData | null>(null);
  if (synced.current !== data) {
    index.sync(data);
    synced.current = data;
  }
  // A head's counts are the whole session's (its rows are a few of them).
  const countsNow = () => snapshot.peek()?.partial?.counts ?? index.allCounts();
  const [counts] = useState(() => signal(countsNow()));
  const publishCounts = () => {
    const next = countsNow();
    const c = counts.peek();
    if (STATES.some((s) => c[s] !== next[s])) counts.value = next;
  };
  // Written after render (never during it); the tabs' counts render again in the same frame.
  useLayoutEffect(publishCounts);
  /** The signal of each rendered row (LiveRow). */
  const [rowSignals] = useState(() => new Map<string, Signal<number>>());
  /** What the last full render showed, for deciding whether a patch needs another. */
  const shownView = useRef<{ tab: QuestionState; sort: InboxSort; filtered: boolean; watched(id: string): boolean } | null>(null);
  const duplicatesOpen = useRef(false);
  const starred = useMemo(() => new Set(meta.starred), [meta.starred]);
  const commands = useMemo(() => commandsByQuestion(meta.commands), [meta.commands]);
  // Co-moderators by name, not id: claims carry only an id; the same person may have asked a question (the
  // index keeps authors' names as questions arrive: no pass over every question per patch).
  const nameOf = (id: string | null) => index.nameOf(id);

  const say = (text: string) => setMessage(text);
  // Focus comes back to the list without scrolling anything: the header stays where it was.
  const focusList = () => listEl.current?.focus({ preventScroll: true });
  /** Focus into the list that makes no row active (j then goes to the first question). */
  const autoFocus = useRef(false);
  const focusListQuietly = () => {
    autoFocus.current = true;
    focusList();
    autoFocus.current = false;
  };

  const filtered = filters.starred || filters.mine || filters.unanswered || search.trim() !== '';
  const visible = filterSorted(
    index.sorted(tab, sort),
    { starredOnly: filters.starred, mineOnly: filters.mine, unansweredOnly: filters.unanswered, search },
    { me: meta.me, starred },
    fold,
  );

  // The active question: the same one while it is here; when it leaves the tab, the one that took its place.
  const viewKey = `${tab}|${sort}|${filters.starred}|${filters.mine}|${filters.unanswered}|${search}`;
  const provisional = activeId === null ? -1 : visible.findIndex((q) => q.id === activeId);

  // New questions while the moderator is further down are held back and announced ("N new").
  // Nothing moves under the moderator's pointer or focus: arrivals wait behind "N new" (useArrivals).
  const arrivals = useArrivals({
    index,
    listEl,
    activeIndex: provisional < 0 ? lastIndex.current : provisional,
    onRelease: () => release(false),
    // Departed rows go once the pointer and focus have left the list (the next render closes it up).
    onAway: () => bump(0),
  });
  // A question that comes back while its departed row is shown (an undo, a restore) is not an arrival: it
  // takes its own row.
  const held = departedIds.current.size && arrivals.held.size ? new Set([...arrivals.held].filter((id) => !departedIds.current.has(id))) : arrivals.held;
  const { shown, heldCount } = withoutHeldAbove(visible, held);
  // While the moderator reads further down (or points at the list), votes changing elsewhere do not
  // reshuffle what they see.
  const keep = sort === 'votes' && shownOrder.current.key === viewKey && !arrivals.calm();
  const live = keep ? keepOrder(shown, shownOrder.current.ids) : shown;
  // A question that left the list keeps its place while the moderator is in it (lib/model/qna/departed.ts).
  const { rows: list, departed: departedCount } = keepDeparted(
    live,
    shownRows.current.key === viewKey ? shownRows.current.rows : [],
    arrivals.away,
    (row) => {
      const last = seen.current.get(row.id);
      const d = departureOf(row, index.get(row.id), own.current.get(row.id));
      return { ...d, command: last?.command, heldReason: last?.heldReason };
    },
    (id) => seen.current.get(id)?.q,
  );
  const ids = list.map((q) => q.id);
  const departedHere = new Map<string, InboxRow>();
  if (departedCount) for (const r of list) if (r.departed) departedHere.set(r.id, r);
  /** Live rows only: what bulk, "All" and the reply box may touch. */
  const liveList: readonly Question[] = departedCount ? live : list;
  let active = nextActive(ids, activeId, lastIndex.current);
  // Our own act moved the selected question away: the selection goes on to the next question still here.
  const stepped = active === null ? null : stepFromOwn(list, ids.indexOf(active), activeLive.current === active);
  if (stepped !== null) active = stepped;
  const activeIndex = active === null ? -1 : ids.indexOf(active);
  // A departed row keeps what it showed; a live row's latest is noted when it renders (rowOf).
  if (seen.current.size > 200) seen.current.clear();
  // Our acts that have landed and show no departed row: forgotten after this render. Read now, not in the
  // effect: by then a patch may have moved the question and its departed row (ours) is yet to render.
  const ownDone: string[] = [];
  if (own.current.size && !departedCount) {
    for (const [id, target] of own.current) {
      const now = index.get(id)?.state ?? 'deleted';
      if (now === target || (target === 'moved' && now !== tab)) ownDone.push(id);
    }
  }
  useLayoutEffect(() => {
    const panelId = reply.panel?.id;
    shownView.current = {
      tab,
      sort,
      // "Most votes" while the order is kept (keepOrder) is not the index's order: derived again.
      filtered: filtered || keep,
      watched: (id) => id === panelId || selection.has(id) || starred.has(id) || duplicatesOpen.current,
    };
  });
  const hiddenNow = useRef(hidden);
  hiddenNow.current = hidden;
  useEffect(
    () =>
      snapshot.subscribe((next) => {
        if (!next || next === synced.current) return;
        const before = synced.current;
        index.sync(next);
        synced.current = next;
        // Hidden: the index follows every patch (it needs each one), the view renders when shown again.
        // A hidden inbox rendered every Q&A patch, and measured its list (arrivals) in a display:none pane.
        if (hiddenNow.current) return;
        const view = shownView.current;
        const rows = view && before && next.meta === before.meta ? rowsOnlyChange(index.lastChanges, view) : null;
        if (rows === null) {
          bump(0);
          return;
        }
        publishCounts();
        for (const id of rows) {
          const own = rowSignals.get(id);
          if (own) own.value++;
        }
      }),
    [snapshot],
  );
  // Layout effects for what each render leaves for the next (here and below): an effect costs two timer tasks
  // per render (Preact runs effects after the next frame, with a 35 ms timeout when frames are few), and the
  // inbox renders per Q&A patch.
  useLayoutEffect(() => {
    lastIndex.current = activeIndex;
    shownOrder.current = { key: viewKey, ids };
    shownRows.current = { key: viewKey, rows: list };
    departedIds.current = departedCount ? new Set(departedHere.keys()) : EMPTY_IDS;
    activeLive.current = active !== null && !departedHere.has(active) ? active : null;
    arrivals.setHeldCount(heldCount);
    arrivals.setDepartedCount(departedCount);
    for (const id of ownDone) own.current.delete(id);
    if (active !== activeId) setActiveId(active);
  });

  // --- Intents ---------------------------------------------------------------------------------------------
  /** Brings the held questions in; from the "N new" button also scrolls to the top, where they are. */
  function release(reveal: boolean) {
    // Where the first of them lands (the top for newest first or most votes; further down for oldest first).
    const first = visible.findIndex((q) => arrivals.held.has(q.id));
    arrivals.releaseAll();
    shownOrder.current = { key: '', ids: [] };
    // Departed rows go with the held ones coming in.
    shownRows.current = { key: '', rows: [] };
    if (reveal) {
      if (first <= 0) {
        lastIndex.current = -1;
        setActiveId(null);
        listApi.current?.scrollToTop();
      } else {
        const target = visible[first]!;
        setActiveId(target.id);
        lastIndex.current = first;
        requestAnimationFrame(() => listApi.current?.scrollToIndex(first));
      }
    }
    bump(0);
    if (heldCount > 0) say(`${heldCount} new ${heldCount === 1 ? 'question' : 'questions'} shown${first <= 0 ? ' at the top' : ''}.`);
  }

  /** Lets the departed rows go (n with nothing new): the list closes up. */
  function closeUp() {
    const n = departedCount;
    shownRows.current = { key: '', rows: [] };
    bump(0);
    say(`${n} handled ${n === 1 ? 'question' : 'questions'} cleared from the list.`);
  }

  const switchTab = (state: QuestionState) => {
    if (state === tab) return;
    setTab(state);
    setSelection(new Set());
    setConfirming(null);
    setActiveId(null);
    lastIndex.current = -1;
    arrivals.releaseAll();
    shownOrder.current = { key: '', ids: [] };
    listApi.current?.scrollToTop();
  };

  // The state the surface had before the act (not a banned-word hold): undo returns the question there.
  const undo = useUndo({ caps, stateOf: (t) => questions.get(t.id)?.state ?? t.state, onAction, say });
  const reply = useReply({ caps, me: meta.me, onAction, say, nameOf, onClosed: focusList });

  /** A saved head is shown, not acted on: says so (true) instead of acting. */
  const stillConnecting = () => (snapshot.peek()?.saved ? (say(CONNECTING_NOTE), true) : false);

  /** A departed row's actions do nothing and say why (true). */
  const departedNote = (id: string) => {
    const gone = departedHere.get(id)?.departed;
    if (gone) say(departedSay(gone));
    return !!gone;
  };

  const perform = (action: RowAction, stale: Question) => {
    if (departedNote(stale.id)) return;
    if (stillConnecting()) return;
    // The list's copy may predate patches that re-rendered only its row: act on the latest.
    const q = index.get(stale.id) ?? stale;
    const verdict = rowActionVerdict(action, q, caps, meta.me, ROW_ACTION_LABELS[action]);
    if (!verdict.ok) {
      if (verdict.why === 'held-by-other') reply.openBlocked(q, action);
      say(verdict.text);
      return;
    }
    switch (action) {
      case 'approve':
        onAction({ kind: 'approve', questionId: q.id });
        say('Approved.');
        break;
      case 'edit-approve':
        reply.openEdit(q);
        break;
      case 'dismiss':
        onAction({ kind: 'dismiss', questionId: q.id });
        undo.start([q], 'dismissed');
        break;
      case 'restore':
        // Back to Pending where the surface has an approval step: restoring never publishes.
        onAction({ kind: 'restore', questionId: q.id });
        say(caps.approve ? 'Restored to Pending.' : 'Restored.');
        break;
      case 'answer-public':
      case 'answer-private':
        reply.openAnswer(q, action === 'answer-public' ? 'public' : 'private');
        break;
      case 'answered-live':
        onAction({ kind: 'answered-live', questionId: q.id });
        say('Marked answered live.');
        break;
    }
  };

  const toggleStar = (q: Question) => {
    if (departedNote(q.id)) return;
    if (stillConnecting()) return;
    const on = !starred.has(q.id);
    onLocal({ kind: 'star', questionId: q.id, starred: on });
    say(on ? 'Starred: added to up next.' : 'Unstarred.');
  };
  const toggleIn = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  const toggleSelect = (id: string) => {
    if (departedNote(id)) return;
    setSelection((s) => toggleIn(s, id));
  };
  // A confirmation is for the selection it was asked about: any change to the selection withdraws it.
  useEffect(() => setConfirming(null), [selection]);
  const toggleExpand = (id: string) => setExpanded((s) => toggleIn(s, id));

  // Never a departed row: what bulk may touch is what is in the list now (lib/model/qna/bulk.ts).
  const selected = selection.size ? liveList.filter((q) => selection.has(q.id)) : [];
  const bulkContext = { me: meta.me, claims: caps.claim, holds: meta.holds };
  const plans: Record<BulkKind, BulkPlan> = {
    approve: bulkPlan('approve', selected, bulkContext),
    dismiss: bulkPlan('dismiss', selected, bulkContext),
  };
  /** A bulk action: at once for a few; over BULK_CONFIRM_OVER it asks first (`confirmed` is the answer). */
  const bulk = (kind: BulkKind, confirmed = false) => {
    if (waiting) return say(waiting);
    const plan = plans[kind];
    if (!plan.ids.length) {
      say(plan.skippedText ? `Nothing to ${kind}: ${plan.skippedText}` : `Nothing to ${kind}.`);
      return;
    }
    if (plan.confirm && !confirmed) {
      setConfirming(plan);
      return;
    }
    const byId = new Map(selected.map((q) => [q.id, q]));
    const targets = plan.ids.map((id) => byId.get(id)!).filter(Boolean);
    for (const q of targets) onAction({ kind, questionId: q.id });
    setSelection(new Set());
    setConfirming(null);
    undo.start(targets, kind === 'dismiss' ? 'dismissed' : 'approved');
    if (plan.skippedText) say(`${targets.length} ${kind === 'approve' ? 'approved' : 'dismissed'}. Skipped: ${plan.skippedText}`);
  };
  const allShownSelected = liveList.length > 0 && selected.length === liveList.length;

  const panel = reply.panel;
  const panelQ = panel ? index.get(panel.id) : undefined;

  // --- Keyboard --------------------------------------------------------------------------------------------
  const move = (i: number) => {
    const q = list[i];
    if (!q) return;
    setActiveId(q.id);
    lastIndex.current = i;
    listApi.current?.scrollToIndex(i);
  };
  const onKeyDown = useKeyboardTriage({
    list,
    activeIndex,
    keysOpen,
    panelOpen: panel !== null,
    listEl,
    searchEl,
    move,
    perform,
    toggleStar,
    toggleSelect,
    toggleExpand,
    openKeys: () => setKeysOpen(true),
    closePanel: reply.close,
    focusList,
    say,
    // n also lets departed rows go when nothing waits (a keyboard moderator's focus never leaves the list).
    heldCount: heldCount + departedCount,
    showNew: () => (heldCount > 0 ? release(true) : closeUp()),
    above: showFlagged ? { enter: (where) => flaggedApi.current?.enter(where) ?? false } : null,
  });

  // Keys work as soon as the panel opens: focus starts in the list (unless the moderator is already elsewhere).
  // It does not make a row active: j goes to the first question, as it would after a click on the list.
  useEffect(() => {
    const current = document.activeElement;
    if (current && current !== document.body) return;
    focusListQuietly();
  }, []);

  // The reply box opens inside the question's row (Send in view, nothing else on the page moves); when the
  // question is not in the list shown (filtered out, or it left the tab) it docks under the list instead.
  const claimError = panelQ ? claimFailure(meta.commands, panelQ.id) : null;
  const replyBox =
    panel && panelQ ? (
      <ReplyPanel
        q={panelQ}
        mode={panel.mode}
        me={meta.me}
        canClaim={caps.claim}
        claimAbsent={caps.claim ? null : absentText('claim', caps)}
        draft={reply.drafts[reply.draftKey] ?? ''}
        takingOver={reply.takingOver === panelQ.id && panelQ.handledBy !== meta.me && !claimError?.takeOver}
        // A failed take-over shows by the holder's name; a failed first claim only while nobody holds it.
        handledByName={nameOf(panelQ.handledBy)}
        claimError={claimError && (claimError.takeOver ? panelQ.handledBy !== meta.me : panelQ.handledBy === null) ? claimError.message : null}
        onDraft={reply.setDraft}
        onSend={(text) => reply.send(panelQ, text)}
        onTakeOver={() => reply.takeOver(panelQ)}
        onRelease={() => reply.release(panelQ)}
        onRetryClaim={() => reply.retryClaim(panelQ)}
        onRetry={(action) => {
          reply.close();
          perform(action, panelQ);
        }}
        onClose={reply.close}
      />
    ) : null;
  // A departed row keeps its open reply box (what the moderator is typing stays where it is, and so does the
  // row's height); the box acts on the question as it is now.
  const replyInList = panel !== null && ids.includes(panel.id);

  // Rows re-render only when what they show changed (MemoQuestionRow); their callbacks call the handlers of
  // the latest render, which an effect keeps here.
  const releaseHold = (id: string) => {
    if (departedNote(id)) return;
    onLocal({ kind: 'release-hold', questionId: id });
  };
  const handlers = { perform, toggleStar, toggleSelect, toggleExpand, setActiveId, releaseHold };
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  const actionsByState = useMemo(
    () => Object.fromEntries(STATES.map((s) => [s, offeredActions(s, caps)])) as Record<QuestionState, RowAction[]>,
    [caps],
  );
  // A departed row shows what it showed when it left (its own copy, not the index's latest).
  const renderRow = (item: InboxRow, slot: RowSlot) => (
    <LiveRow id={item.id} fallback={item} rows={rowSignals} get={(id) => (item.departed ? undefined : index.get(id))} render={(q) => rowOf(q, slot)} />
  );
  const rowOf = (q: InboxRow, slot: RowSlot) => {
    const gone = q.departed;
    const heldReason = gone ? gone.heldReason : q.state === 'pending' ? meta.holds[q.id] : undefined;
    const command = gone ? gone.command : commands.get(q.id);
    if (!gone) seen.current.set(q.id, { q, command, heldReason });
    return (
    <MemoQuestionRow
      q={q}
      slot={slot}
      optionId={optionId(q.id)}
      me={meta.me}
      now={now}
      active={q.id === active}
      selected={!gone && selection.has(q.id)}
      starred={starred.has(q.id)}
      expanded={expanded.has(q.id)}
      heldReason={heldReason}
      mergedCount={meta.merged[q.id]?.length ?? 0}
      command={command}
      handledByName={nameOf(q.handledBy)}
      actions={actionsByState[q.state]}
      canStar={q.state !== 'dismissed'}
      disabled={connecting}
      departed={gone ? departedLabel(gone) : undefined}
      departedWhy={gone?.why}
      extra={panel?.id === q.id ? replyBox : null}
      onActivate={() => {
        latest.current.setActiveId(q.id);
        lastIndex.current = slot.index;
      }}
      onAction={(action) => latest.current.perform(action, q)}
      onStar={() => latest.current.toggleStar(q)}
      onSelect={() => latest.current.toggleSelect(q.id)}
      onExpand={() => latest.current.toggleExpand(q.id)}
      onReleaseHold={() => latest.current.releaseHold(q.id)}
    />
    );
  };

  const notes = useMemo(() => absentNotes(tab, caps), [tab, caps]);
  const toggleFilter = (f: keyof Filters) => (waiting ? say(waiting) : setFilters({ ...filters, [f]: !filters[f] }));
  const toggleAll = () => (waiting ? say(waiting) : setSelection(allShownSelected ? new Set() : new Set(liveList.map((q) => q.id))));
  const openKeys = () => setKeysOpen(true);


  // The parts above the list change with the counts, the tab and the toolbar's own state, not with every
  // patch: kept as the same elements between renders (Preact skips an element it saw before), so a change
  // with 10,000 questions diffs the list and the counts only. Their handlers call the latest render's.
  const ui = useRef({ switchTab, setSort, toggleFilter, toggleAll, openKeys });
  useLayoutEffect(() => {
    ui.current = { switchTab, setSort, toggleFilter, toggleAll, openKeys };
  });
  const head = useMemo(
    () => (
      <>
          <div
            class="qna-tabs"
            role="tablist"
            aria-label="Question states"
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const next = STATES[(STATES.indexOf(tab) + step + STATES.length) % STATES.length]!;
              ui.current.switchTab(next);
              (e.currentTarget.querySelector(`[data-testid="qna-tab-${next}"]`) as HTMLElement | null)?.focus();
            }}
          >
            {STATES.map((state) => (
              <button
                key={state}
                type="button"
                role="tab"
                aria-selected={state === tab}
                aria-controls={listId}
                tabIndex={state === tab ? 0 : -1}
                class={`qna-tab${state === tab ? ' current' : ''}`}
                data-testid={`qna-tab-${state}`}
                onClick={() => ui.current.switchTab(state)}
              >
                {STATE_LABELS[state]}{' '}
                <Counts
                  counts={counts}
                  render={(c) => (
                    <span class="qna-count" data-testid={`qna-count-${state}`}>
                      {c[state]}
                    </span>
                  )}
                />
              </button>
            ))}
          </div>
          <Counts
            counts={counts}
            render={(c) => (
              <p class="sr-only" aria-live="polite" data-testid="qna-live-counts">
                {STATES.map((s) => `${c[s]} ${STATE_LABELS[s].toLowerCase()}`).join(', ')}.
              </p>
            )}
          />

          <div class="qna-toolbar">
            <SearchBox inputRef={searchEl} label="Search questions" placeholder="Search (/)" testId="qna-search" value={search} onSearch={setSearch} disabled={!!waiting} />
            <select aria-label="Sort" data-testid="qna-sort" value={sort} onChange={(e) => ui.current.setSort(e.currentTarget.value as SortOrder)}>
              {(['oldest', 'time', 'votes'] as const).map((o) => (
                <option key={o} value={o}>
                  {SORT_LABELS[o]}
                </option>
              ))}
            </select>
            <div class="qna-filters" role="group" aria-label="Filters">
              {(Object.keys(FILTER_LABELS) as Array<keyof Filters>).map((f) => (
                <button
                  key={f}
                  type="button"
                  class={`chip${filters[f] ? ' on' : ''}`}
                  aria-pressed={filters[f]}
                  disabled={!!waiting}
                  data-testid={`qna-filter-${f}`}
                  onClick={() => ui.current.toggleFilter(f)}
                >
                  {FILTER_LABELS[f]}
                </button>
              ))}
            </div>
            <label class="qna-select-all">
              <input
                type="checkbox"
                data-testid="qna-select-all"
                checked={allShownSelected}
                disabled={liveList.length === 0 || !!waiting}
                onChange={() => ui.current.toggleAll()}
              />{' '}
              All
            </label>
            <button type="button" class="small" data-testid="qna-keys-open" aria-label="Keyboard shortcuts" onClick={() => ui.current.openKeys()}>
              ?
            </button>
          </div>

          {notes.map((n) => (
            <p key={n.capability} class="qna-absent" data-testid={`qna-absent-${n.capability}`}>
              {n.text}
            </p>
          ))}
      </>
    ),
    // The handlers are not deps: they go through `ui`, which holds the latest render's.
    [tab, counts, search, sort, filters, allShownSelected, liveList.length === 0, notes, listId, waiting],
  );

  return (
    <section class="qna" data-testid="qna" aria-label="Questions" onKeyDown={onKeyDown}>
      {meta.problem && (
        <p class="qna-banner bad" role="alert" data-testid="qna-problem">
          {meta.problem}
        </p>
      )}
      {meta.staleSince !== null && (
        <p class="qna-banner warn" role="status" data-testid="qna-stale">
          Stale since {clockTime(meta.staleSince)} — the surface has not answered since; what you see may be out of date.
        </p>
      )}

      {head}

      <div class="qna-list-wrap" ref={wrapEl} {...arrivals.wrapProps}>
        {selection.size > 0 && (
          <div class="qna-bulk" data-testid="qna-bulk" role="group" aria-label="Selected questions">
            {confirming ? (
              <>
                <span data-testid="qna-bulk-confirm-text">{confirming.question}</span>
                <button type="button" class="small primary-ish" data-testid="qna-bulk-confirm" onClick={() => bulk(confirming.kind, true)}>
                  {confirming.kind === 'approve' ? 'Approve' : 'Dismiss'} {confirming.ids.length}
                </button>
                <button type="button" class="link" data-testid="qna-bulk-cancel" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
              </>
            ) : (
              <>
                <span>{selected.length} selected</span>
                {tab === 'pending' && caps.approve && (
                  <button type="button" class="small primary-ish" data-testid="qna-bulk-approve" disabled={!plans.approve.ids.length} onClick={() => bulk('approve')}>
                    Approve {plans.approve.ids.length}
                  </button>
                )}
                {tab !== 'dismissed' && caps.dismiss && (
                  <button type="button" class="small" data-testid="qna-bulk-dismiss" disabled={!plans.dismiss.ids.length} onClick={() => bulk('dismiss')}>
                    Dismiss {plans.dismiss.ids.length}
                  </button>
                )}
                <button type="button" class="link" data-testid="qna-bulk-clear" onClick={() => setSelection(new Set())}>
                  Clear
                </button>
                {tab === 'pending' && caps.approve && plans.approve.skippedText && (
                  <span class="qna-bulk-skipped" data-testid="qna-bulk-skipped">
                    Not approved: {plans.approve.skippedText}
                  </span>
                )}
              </>
            )}
          </div>
        )}

        {/* Over the foot of the list, not above it: when the rest comes the notice goes and no row moves. */}
        {waiting && (
          <p class="qna-rest-note" role="status" data-testid={connecting ? 'qna-connecting' : 'qna-loading-rest'}>
            {connecting ? CONNECTING_NOTE : waiting}
          </p>
        )}
        <UndoToasts undo={undo} />

        <div class="qna-new" aria-live="polite">
          {heldCount > 0 && (
            <button
              type="button"
              class="qna-new-button"
              data-testid="qna-new-items"
              onClick={() => {
                release(true);
                // The button goes away with the click: focus goes to the list, so the keys keep working.
                focusListQuietly();
              }}
            >
              {heldCount} new
            </button>
          )}
        </div>

        {showFlagged && (
          <FlaggedChat
            list={flaggedChat!.list}
            zone={wrapEl}
            handleRef={flaggedApi}
            onDelete={(messageId, reason) => flaggedChat!.onAction({ kind: 'delete', messageId, reason })}
            onKeep={(messageId) => flaggedChat!.onLocal({ kind: 'keep', messageId })}
            onPastEnd={() => {
              focusList();
              if (list.length) move(0);
              else say('No questions here.');
            }}
            say={say}
            blocked={stillConnecting}
          />
        )}

        <QuestionList
          items={list}
          count={liveList.length}
          activeIndex={activeIndex}
          id={listId}
          label={`${STATE_LABELS[tab]} questions${filtered ? ' (filtered)' : ''}: ${liveList.length}`}
          activeDescendant={active !== null ? optionId(active) : undefined}
          renderRow={renderRow}
          scrollRef={listEl}
          handleRef={listApi}
          padBottom={selection.size > 0}
          onFocus={() => {
            // Tabbing in activates the first question; a click on a row has already chosen its own.
            if (autoFocus.current) return;
            const first = list[0]?.id ?? null;
            setActiveId((current) => current ?? first);
          }}
          onScroll={arrivals.settle}
        />
      </div>

      {replyBox && !replyInList && replyBox}

      <div class="qna-more">
      <UpNext
        starred={meta.starred}
        questions={questions}
        onReorder={(ids) => onLocal({ kind: 'reorder-starred', questionIds: ids })}
        onUnstar={(id) => onLocal({ kind: 'star', questionId: id, starred: false })}
      />

      <Disclosure testId="qna-duplicates" title="Similar questions">
        {() => (
          <OpenFlag flag={duplicatesOpen}>
          <Duplicates
            questions={index.all()}
            byId={questions}
            canMerge={caps.dismiss}
            mergeAbsent={caps.dismiss ? null : `Merge isn't available: ${caps.absent.dismiss ?? 'this surface cannot dismiss questions.'}`}
            onMerge={(primaryId, memberIds) => {
              onAction({ kind: 'merge', primaryId, memberIds });
              say(`Merged ${memberIds.length + 1} questions.`);
            }}
          />
          </OpenFlag>
        )}
      </Disclosure>

      <Disclosure testId="qna-banned" title="Banned words" badge={meta.bannedWords.length ? String(meta.bannedWords.length) : undefined}>
        {() => <BannedWords words={meta.bannedWords} onSave={(words) => onLocal({ kind: 'set-banned-words', words })} />}
      </Disclosure>

      <Disclosure testId="qna-audit" title="Audit trail" badge={meta.audit.length ? String(meta.audit.length) : undefined}>
        {() => <AuditTrail audit={meta.audit} me={meta.me} questions={questions} />}
      </Disclosure>
      </div>

      {keysOpen && (
        <KeysDialog
          caps={caps}
          flaggedChat={showFlagged}
          onClose={() => {
            setKeysOpen(false);
          }}
        />
      )}
      <p class="sr-only" aria-live="polite" data-testid="qna-announce">
        {message}
      </p>
    </section>
  );
}
