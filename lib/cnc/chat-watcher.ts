// Watches the widget's chat rows in the content script and reports what changed, only inside the widget
// root it was given and only until its signal aborts. Chat runs ten times faster than Q&A (200 messages a
// second in a busy session): only the rows a mutation touched are read, a row that did not change is not
// sent again, and a change goes out at once when nothing is in flight, a burst coalesced through the same
// leading-edge flush as Q&A (lib/content/flush.ts).
import type { ChatBatch } from '../contracts/chat';
import { LeadingEdgeFlusher } from '../content/flush';
import type { ObserveWidget } from '../content/widget-observer';
import type { ChatMessage } from '../model/chat/types';
import type { ChatProfile } from './chat-profile';
import { readBlocked, readMessage } from './chat-reader';
import { readScoped } from './qna-watcher';
import { chatHops, markChatHop } from './chat-hops';

export interface ChatWatcherDeps {
  root: ParentNode;
  profile: ChatProfile;
  /** Resolves false when the batch did not reach the background (its rows are sent again). */
  send(batch: Omit<ChatBatch, 'entryId' | 'profileId'>): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
  now(): number;
  signal?: AbortSignal;
  /**
   * Other features' content in the widget: their rows (the Q&A's questions) and areas (the floating
   * reactions). Neither a message nor the blocked list, the connection or who is signed in: changes there
   * (a vote, a floating emoji: tens a second in a busy session) are skipped, not each a look at the rest of
   * the widget. A list such rows are added to is skipped from then on.
   */
  foreign?: { rows?: string; areas?: string };
  /** The mount's shared observer of the root (lib/content/widget-observer.ts); else the watcher makes its own. */
  observeWidget?: ObserveWidget;
  /**
   * Whether a panel shows this chat now (the background says: lib/session/chat/pace.ts). Absent or true:
   * a message's way to the panel is what counts. False: nobody is looking, posts are saved (CHAT_UNSEEN_MAX).
   */
  shown?(): boolean;
}

/**
 * A change goes out at once when the pipe is idle (no send in the last CHAT_MIN_GAP_MS); only a burst is
 * coalesced, for one gap (a send is not held behind the previous one's ack: see flush). Each send costs
 * the page's main thread a fixed price whatever its size: over runtime.sendMessage it was 0.55-0.67 ms a
 * call, which made a 50 ms gap (20 sends a second at most) the price of 200 messages a second; over the
 * report port (lib/content/report-port.ts) a post is a fraction of that, so a burst goes out every 25 ms:
 * at most 40 posts a second, and 12 ms less on a message's way to the panel on average.
 */
export const CHAT_MIN_GAP_MS = 25;
/**
 * A change after this long with no change before it goes at once, inside the gap too (flush.ts quietMs):
 * the widget lists its messages in steps (the sandbox's every 30 ms), and when a step took a few ms the next
 * came less than a gap after our post and waited out the rest of it, on a loaded machine for a timer tens of
 * ms late (the p95 of the content script's part of a message's way). Still one post per step at most.
 */
export const CHAT_QUIET_MS = 12;
/** Kept for the flusher's contract; with no send held in flight, the gap decides. */
export const CHAT_MAX_WAIT_MS = 100;
/**
 * A chat flowing at a few dozen messages a second (60 audience actions a second: 24) is listed by the
 * widget a message or two per step, and each step was a post of its own: at a fixed price on the event
 * page's main thread (0.2-0.5 ms, most of it the wake-up of the browser's threads), the posts were over
 * half of what we cost that page. In such a chat a batch of fewer than CHAT_AT_ONCE messages is held for
 * the next step's, CHAT_HOLD_MS at most, and they go as one. Such a chat: it has flowed for CHAT_FLOW_MS
 * (no pause of CHAT_FLOW_PAUSE_MS), the last batch went less than CHAT_ISOLATED_MS ago, and fewer than
 * CHAT_HOLD_BELOW messages went in the last second. A message after a quiet spell goes at once, and so does
 * a batch of CHAT_AT_ONCE or more. A faster chat is never held, nor one just starting or back from a stall
 * (a loaded page's): at 200 messages a second the widget's steps come every 30 ms anyway (a post each), its
 * small steps are many on a loaded machine (holding them, and the first second's, made the p95 of the
 * content script's part of a message's way 82 ms, not 17), and that way's p95 is a goal (< 100 ms).
 * Anything else about the chat (blocked list, connection, a full read) goes at once with what is held.
 * The hold was 50 ms for 3 messages: at 24 messages a second that still made ~13 chat posts a second (in
 * the page: 0.4 ms each under load). 150 ms for 8 makes ~6, and the Q&A's and the reactions' reports join
 * the open hold (lib/content/company.ts) instead of each making a post of its own: posts at 60 audience
 * actions a second went from 179 to ~70 in 10 s. A message in such a chat reaches the panel up to 150 ms
 * later; in a fast chat (200 a second, the ingest goal's) nothing is held.
 */
export const CHAT_HOLD_MS = 150;
/**
 * A hold ended by a timer was a timer task on the page's main thread as well as the post (~6 a second at
 * 60 audience actions a second: eight messages take a third of a second to gather at 24 a second). A
 * flowing chat has its next step within a few dozen ms; that step's flush ends the hold. The timer, this
 * much after CHAT_HOLD_MS, only ends the hold of a chat that stopped.
 */
export const CHAT_HOLD_BACKSTOP_MS = 100;
export const CHAT_AT_ONCE = 8;
export const CHAT_ISOLATED_MS = 150;
export const CHAT_HOLD_BELOW = 60;
export const CHAT_FLOW_MS = 1_000;
export const CHAT_FLOW_PAUSE_MS = 500;
/**
 * While no panel shows the chat (the moderator is on the Q&A view, or has no panel open), a message's way
 * to the panel is seen by nobody: it feeds the chat's record, the flagged list and the badge, for which a
 * fraction of a second is nothing. Then every chat flowing at all (a batch in the last CHAT_ISOLATED_MS) is
 * held as a moderate one is, at any rate, up to CHAT_UNSEEN_MAX messages: at 200 messages a second a post
 * every ~150 ms (6-7 a second) where it was every widget step (33 a second), at the fixed price of each on
 * the page's main thread, the browser's and the worker's. This hold is not one the Q&A's and reactions'
 * reports wait for (holdUntil): they go at once as always, and what is held rides along (ride). When a panel
 * starts showing the chat, what is held goes at once, and every step after it.
 */
export const CHAT_UNSEEN_MAX = 200;
/**
 * How many rows' last-sent forms are remembered. The widget keeps a few hundred rows and re-renders them
 * all at times (a block re-renders the list): those must not all go out again. Older ones are forgotten
 * (a row re-read after that is sent once more; the background drops it as unchanged).
 */
const SENT_MEMORY = 3_000;

/** The same message as last sent: compared field by field (a JSON string per row read was a fifth of a flush). */
export function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  if (
    a.id !== b.id ||
    a.text !== b.text ||
    a.at !== b.at ||
    a.pinned !== b.pinned ||
    a.deleted !== b.deleted ||
    a.byModerator !== b.byModerator ||
    a.author.id !== b.author.id ||
    a.author.name !== b.author.name
  ) {
    return false;
  }
  // Reactions in the order the row shows them, as the JSON form compared before: a reordering is a change.
  const ka = Object.keys(a.reactions);
  const kb = Object.keys(b.reactions);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || a.reactions[k] !== b.reactions[k]) return false;
  }
  return true;
}

export class ChatWatcher {
  /** The form each row was last sent in (kept as sent: the objects are not changed after sending). */
  private sent = new Map<string, ChatMessage>();
  /**
   * The last-sent forms a rescan sends again although their rows left the widget: the widget keeps only its
   * newest few hundred rows, and a message the stopped worker heard but had not saved yet may be trimmed
   * from the page before the new worker asks for everything (two worker stops during a burst lost five).
   */
  private resend: ChatMessage[] = [];
  private dirty = new Set<Element>();
  /** Messages read and recorded as sent, held for company (CHAT_HOLD_MS), oldest first. */
  private held = new Map<string, ChatMessage>();
  private heldSince = 0;
  private holdTimer: unknown = null;
  /** The hold is one other reports may wait for (a moderate chat's, not one only because nobody looks). */
  private holdOpen = false;
  /** When the last batch was read, sent or held (CHAT_ISOLATED_MS). */
  private lastBatchAt = Number.NEGATIVE_INFINITY;
  /** When the chat's current flow began (CHAT_FLOW_MS). */
  private flowSince = 0;
  /** The batches of the last second: [when, how many messages] (CHAT_HOLD_BELOW); 40 at most. */
  private recent: Array<[number, number]> = [];
  private recentCount = 0;
  /** Parents rows were added to (the widget's message list): what leaves them is rows leaving. */
  private readonly rowLists = new WeakSet<Node>();
  private full = true;
  private announced = false;
  private live = true;
  private me: string | null = null;
  private blockedJson = '';
  private blocked: ReturnType<typeof readBlocked> = [];
  /** Something outside the rows changed: the next flush reads the blocked list, connection and me again. */
  private otherDirty = true;
  private readonly flusher: LeadingEdgeFlusher;

  constructor(private readonly deps: ChatWatcherDeps) {
    this.flusher = new LeadingEdgeFlusher({
      flush: () => this.flush(),
      setTimeout: deps.setTimeout,
      clearTimeout: deps.clearTimeout ?? (() => {}),
      now: deps.now,
      signal: deps.signal,
      minGapMs: CHAT_MIN_GAP_MS,
      maxWaitMs: CHAT_MAX_WAIT_MS,
      quietMs: CHAT_QUIET_MS,
    });
    // Messages held for company are recorded as sent: lost if the mount ended inside the hold (a session
    // switch, the widget re-rendered), the next mount's watcher knowing nothing of them. They go now,
    // under the entry they were read for.
    deps.signal?.addEventListener('abort', () => this.sendHeld(), { once: true });
  }

  /** When the messages held now go at the latest (CHAT_HOLD_MS), or null when none is held. */
  holdUntil(): number | null {
    return this.held.size && this.holdTimer !== null && this.holdOpen ? this.heldSince + CHAT_HOLD_MS + CHAT_HOLD_BACKSTOP_MS : null;
  }

  /**
   * Another report is being posted now (lib/content/report-port.ts, addRider): the messages held to save a
   * post go with it, at no cost to the page and sooner than the hold would have let them.
   */
  ride(): void {
    if (!this.deps.signal?.aborted) this.sendHeld();
  }

  /** Sends what is held now (only what is held: rows changed since wait for their flush). */
  private sendHeld(): void {
    if (this.holdTimer !== null) this.deps.clearTimeout?.(this.holdTimer);
    this.holdTimer = null;
    if (!this.held.size) return;
    const messages = [...this.held.values()];
    this.held.clear();
    const now = this.deps.now();
    this.recent.push([now, messages.length]);
    this.recentCount += messages.length;
    markChatHop('cs-sent', () => messages.map((m) => m.id));
    const delivered = this.deps.send({ messages, blocked: null, unreadable: 0, live: this.live, me: this.me, full: false });
    void Promise.resolve(delivered).then((ok) => {
      if (ok !== false || this.deps.signal?.aborted) return;
      // Not delivered (the worker was stopping): forget these rows so the next look sends them again.
      for (const m of messages) this.sent.delete(m.id);
      this.rescan();
    });
  }

  observe(attributeFilter: string[]): void {
    const { root, signal } = this.deps;
    if (signal?.aborted) return;
    if (this.deps.observeWidget) {
      this.deps.observeWidget({ attributes: attributeFilter, onRecords: (records) => this.onMutations(records) });
      return;
    }
    const observer = new MutationObserver((records) => this.onMutations(records));
    observer.observe(root as Node, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter });
    signal?.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  /**
   * Mutation records from the observer. At 200 messages a second this runs on every frame of the widget, so
   * it does as little as it can: the records of one frame share their target (the list), whose row is
   * looked up once; rows added are marked to read; rows leaving the widget's shown tail (it trims the
   * oldest) are no change to report. Only what is neither (the blocked list, the root's connection or
   * signed-in attributes, the composer) makes the next flush look at the rest of the widget again.
   */
  onMutations(records: readonly MutationRecord[]): void {
    const { item } = this.deps.profile;
    const { rows: foreignRows, areas } = this.deps.foreign ?? {};
    const foreign = [foreignRows, areas].filter(Boolean).join(', ');
    // The records of a frame come in runs with one target (the list): its row is looked up once a run.
    // Indexed loops, not Array.from: a NodeList copied per record was a third of this function.
    let lastTarget: Node | null = null;
    let lastRow: Element | null = null;
    let skip = false;
    let other = false;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const target = record.target;
      if (target !== lastTarget) {
        lastTarget = target;
        const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
        lastRow = el?.closest(item) ?? null;
        skip = !lastRow && (this.foreignLists.has(target) || (!!foreign && !!el && safeClosest(el, foreign)));
      }
      if (lastRow) {
        this.dirty.add(lastRow); // inside a row: whatever changed, the row is read again
        continue;
      }
      if (skip) continue; // another feature's content
      if (record.type !== 'childList') {
        other = true;
        continue;
      }
      const added = record.addedNodes;
      // Rows trimmed from a list of rows (the widget drops its oldest, a record per row): nothing to read,
      // and not the rest of the widget changing. Their nodes are not even looked at.
      if (!added.length && this.rowLists.has(target)) continue;
      let foreignOnly = !!foreignRows && added.length > 0 && target !== this.deps.root;
      for (let j = 0; j < added.length; j++) {
        const node = added[j]!;
        if (node.nodeType !== 1) {
          foreignOnly = false;
          if (node.textContent?.trim()) other = true;
          continue;
        }
        const el = node as Element;
        if (el.matches(item)) {
          foreignOnly = false;
          this.dirty.add(el);
          this.rowLists.add(target);
          continue;
        }
        if (foreignRows && safeMatches(el, foreignRows)) continue; // a question added: the Q&A's business
        if (areas && safeMatches(el, areas)) {
          foreignOnly = false; // an area (the reactions box) added to a part of the widget that is ours
          continue;
        }
        foreignOnly = false;
        other = true;
        const inner = el.querySelectorAll(item);
        for (let k = 0; k < inner.length; k++) this.dirty.add(inner[k]!);
      }
      if (foreignOnly) {
        // A list of questions: what comes and goes in it from now on is not ours.
        this.foreignLists.add(target);
        continue;
      }
      const removed = record.removedNodes;
      for (let j = 0; j < removed.length; j++) {
        const node = removed[j]!;
        if (node.nodeType === 1 ? !(node as Element).matches(item) : !!node.textContent?.trim()) other = true;
      }
    }
    if (other) this.otherDirty = true;
    if (this.mutatedAt === 0 && this.dirty.size && chatHops()) this.mutatedAt = Date.now();
    if (this.dirty.size || other) this.flusher.request();
  }

  /** Bench hop marks only (lib/cnc/chat-hops.ts): when the rows of the next flush first changed. */
  private mutatedAt = 0;

  /** Parents other features' rows were added to (see `foreign`). */
  private readonly foreignLists = new WeakSet<Node>();

  rescan(forgetSent = false): void {
    if (forgetSent) {
      this.resend = [...this.sent.values()];
      this.sent.clear();
      this.blockedJson = '';
      this.announced = false;
    }
    this.full = true;
    this.flusher.request();
  }

  flush(): void {
    if (this.deps.signal?.aborted) return;
    const { root, profile } = this.deps;
    const rows = this.full ? Array.from(root.querySelectorAll(profile.item)) : [...this.dirty].filter((r) => r.isConnected && root.contains(r));
    const full = this.full;
    this.full = false;
    this.dirty.clear();
    const now = this.deps.now();
    const changed: ChatMessage[] = [];
    let unreadable = 0;
    for (const row of rows) {
      const m = readMessage(row, profile, now);
      if (!m) {
        unreadable++;
        continue;
      }
      const last = this.sent.get(m.id);
      if (last && sameMessage(last, m)) continue;
      if (last) this.sent.delete(m.id); // to the end: the memory forgets the longest unchanged first
      this.sent.set(m.id, m);
      changed.push(m);
    }
    if (full && this.resend.length) {
      // Oldest first, before what the page shows, as the widget lists them.
      const gone: ChatMessage[] = [];
      for (const m of this.resend) {
        if (this.sent.has(m.id)) continue;
        this.sent.set(m.id, m);
        gone.push(m);
      }
      changed.unshift(...gone);
    }
    this.resend = [];
    while (this.sent.size > SENT_MEMORY) this.sent.delete(this.sent.keys().next().value!);
    // The rest of the widget only when something outside the rows changed (or on a full read).
    let { blocked, live, me } = this;
    let blockedJson = this.blockedJson;
    if (full || this.otherDirty || !this.announced) {
      this.otherDirty = false;
      blocked = readBlocked(root, profile);
      blockedJson = JSON.stringify(blocked);
      live = !profile.connection || readScoped(root, profile.connection) === profile.connection.equals;
      me = readScoped(root, profile.me)?.trim() || null;
    }
    this.blocked = blocked;
    const blockedChanged = blockedJson !== this.blockedJson;
    const liveChanged = live !== this.live;
    this.live = live;
    let delivered: Promise<boolean> | void = undefined;
    const other = !!unreadable || !this.announced || liveChanged || blockedChanged || me !== this.me;
    if (changed.length || this.held.size || other) {
      // What was held goes first (older), without the rows read again just now (their newer form follows).
      let messages = changed;
      if (this.held.size) {
        for (const m of changed) this.held.delete(m.id);
        messages = [...this.held.values(), ...changed];
      }
      while (this.recent.length && this.recent[0]![0] <= now - 1_000) this.recentCount -= this.recent.shift()![1];
      if (now - this.lastBatchAt >= CHAT_FLOW_PAUSE_MS) this.flowSince = now;
      const recentBatch = now - this.lastBatchAt < CHAT_ISOLATED_MS;
      const flowing = recentBatch && now - this.flowSince >= CHAT_FLOW_MS && this.recentCount < CHAT_HOLD_BELOW;
      if (changed.length) this.lastBatchAt = now;
      const firstHeld = this.held.size ? this.heldSince : now;
      const inHold = !full && !other && now - firstHeld < CHAT_HOLD_MS;
      // A small batch in a flowing chat: held for the next step's (see CHAT_HOLD_MS). Any flowing chat
      // nobody is shown: the same, at any rate (see CHAT_UNSEEN_MAX).
      const moderate = inHold && flowing && messages.length < CHAT_AT_ONCE;
      const unseen = inHold && recentBatch && this.deps.shown?.() === false && messages.length < CHAT_UNSEEN_MAX;
      if (moderate || unseen) {
        this.held = new Map(messages.map((m) => [m.id, m]));
        this.heldSince = firstHeld;
        this.holdOpen = moderate;
        // A flowing chat's hold ends at its next step after CHAT_HOLD_MS (that step's flush sends); the
        // timer is the backstop for a chat that stopped (a fired timer is a task on the page's thread).
        this.holdTimer ??= this.deps.setTimeout(() => {
          this.holdTimer = null;
          this.flusher.request();
        }, firstHeld + CHAT_HOLD_MS + CHAT_HOLD_BACKSTOP_MS - now);
        return;
      }
      this.held.clear();
      if (this.holdTimer !== null) this.deps.clearTimeout?.(this.holdTimer);
      this.holdTimer = null;
      this.recent.push([now, messages.length]);
      this.recentCount += messages.length;
      this.blockedJson = blockedJson;
      if (this.mutatedAt) markChatHop('cs-mutated', () => messages.map((m) => m.id), this.mutatedAt);
      markChatHop('cs-sent', () => messages.map((m) => m.id));
      delivered = this.deps.send({ messages, blocked: blockedChanged || !this.announced ? blocked : null, unreadable, live, me, full });
      void Promise.resolve(delivered).then((ok) => {
        if (ok !== false || this.deps.signal?.aborted) return;
        // Not delivered (the worker was stopping): forget these rows so the next look sends them again.
        for (const m of messages) this.sent.delete(m.id);
        this.blockedJson = '';
        this.announced = false;
        this.rescan();
      });
    }
    this.mutatedAt = 0;
    this.announced = true;
    this.me = me;
    // Not returned to the flusher as in flight: the report port (lib/content/report-port.ts) keeps every
    // batch until the background acknowledges it and sends them in order, so the next burst need not wait
    // for this one's ack (on a loaded machine the ack took tens of ms, each added to a message's way).
    // The gap alone paces the sends.
    void delivered;
  }
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false; // an invalid selector in a profile
  }
}

function safeClosest(el: Element, selector: string): boolean {
  try {
    return el.closest(selector) !== null;
  } catch {
    return false;
  }
}
