// Watches the widget's Q&A rows in the content script and reports what changed. Only inside the widget
// root it was given, and only until its signal aborts (SPA navigation, widget re-rendered, extension
// reloaded). A change goes out at once when nothing is in flight; a burst (100 questions a second) is
// coalesced into a few messages (lib/content/flush.ts), and a row that did not change is not sent again.
import { LeadingEdgeFlusher } from '../content/flush';
import type { ObserveWidget } from '../content/widget-observer';
import type { Question } from '../model/qna/types';
import type { QnaReportCursor, QnaRescanRequest } from '../contracts/qna-batch';
import { listScope } from './profile-dom';
import { RowIdentity } from './profile-identity';
import { coverageOf, renderedRows, reveal, type Coverage } from './profile-list';
import type { FieldSpec, QnaProfile } from './qna-profile';
import { readField, readQuestions } from './qna-reader';

export interface QnaWatcherDeps {
  /** The widget root (or, for the legacy callers, a document): rows are read only inside it. */
  root: ParentNode;
  profile: QnaProfile;
  /** Resolves false when the batch did not reach the background (its rows are sent again). */
  send(batch: {
    questions: Question[];
    unreadable: number;
    live: boolean;
    me: string | null;
    coverage?: Coverage;
    cursor?: QnaReportCursor;
    rescanned?: string;
  }): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
  now(): number;
  signal?: AbortSignal;
  /** Ids synthesised from shown fields: shared with the actor, so both name a row alike. */
  identity?: RowIdentity;
  /**
   * Another feature's rows in the same widget (the chat's messages): such a row holds no question, and a
   * list they are added to holds none either. At 200 chat messages a second, looking inside each for a
   * question row was most of what this watcher cost the page.
   */
  foreignRows?: string;
  /** The mount's shared observer of the root (lib/content/widget-observer.ts); else the watcher makes its own. */
  observeWidget?: ObserveWidget;
}

/** Changes closer than this after a send are a burst, coalesced into the next send. */
export const QNA_MIN_GAP_MS = 20;
/** The longest a change waits behind a send still in flight. */
export const QNA_MAX_WAIT_MS = 250;

export class QnaWatcher {
  private sent = new Map<string, string>();
  /**
   * Reports are numbered (this instance, the batch's seq) and each sent row remembers the batch it went
   * in: a restarted background that restored rows up to a cursor of ours gets only the later ones again,
   * from here, without reading 10,000 rows of the widget again.
   */
  private readonly instance = newInstanceId();
  private seq = 0;
  private sentSeq = new Map<string, number>();
  private resend: Question[] = [];
  /** The token of a resend the background asked for, until a batch carrying it is delivered. */
  private answer: string | undefined;
  private dirty = new Set<Element>();
  private full = true;
  /** The first read is sent even when empty: an empty inbox is still an inbox to show. */
  private announced = false;
  private live = true;
  private me: string | null = null;
  private readonly flusher: LeadingEdgeFlusher;
  /** Attributes that say the widget's health (connected, who is signed in), not a row's content. */
  private readonly healthAttrs: Set<string>;
  readonly identity: RowIdentity;
  private observer: MutationObserver | null = null;
  private observedScope: ParentNode | null = null;
  private coverage: Coverage | null = null;

  constructor(private readonly deps: QnaWatcherDeps) {
    this.flusher = new LeadingEdgeFlusher({
      flush: () => this.flush(),
      setTimeout: deps.setTimeout,
      clearTimeout: deps.clearTimeout ?? (() => {}),
      now: deps.now,
      signal: deps.signal,
      minGapMs: QNA_MIN_GAP_MS,
      maxWaitMs: QNA_MAX_WAIT_MS,
    });
    this.identity = deps.identity ?? new RowIdentity();
    this.healthAttrs = new Set([deps.profile.connection?.attr, deps.profile.me?.attr].filter((a): a is string => !!a));
  }

  /**
   * Observe the root until the signal aborts. The connection attribute is watched too: a widget that
   * drops its connection changes no row, and the moderator must still hear of it at once.
   */
  observe(attributeFilter: string[]): void {
    const { root, signal } = this.deps;
    if (signal?.aborted) return;
    this.attributeFilter = attributeFilter;
    this.observing = true;
    if (this.deps.observeWidget) {
      this.deps.observeWidget({ attributes: attributeFilter, onRecords: (records) => this.onMutations(records) });
    } else {
      this.ownObserver().observe(root as Node, { childList: true, subtree: true, characterData: true, attributeFilter });
    }
    this.observeScope();
  }

  private attributeFilter: string[] = [];
  private observing = false;

  /** This watcher's own observer (without a shared one, or for a shadow root the shared one cannot see). */
  private ownObserver(): MutationObserver {
    if (!this.observer) {
      const observer = new MutationObserver((records) => this.onMutations(records));
      this.observer = observer;
      this.deps.signal?.addEventListener('abort', () => observer.disconnect(), { once: true });
    }
    return this.observer;
  }

  /** Rows in an open shadow root: an observer on the root does not see inside it, so observe it too. */
  private observeScope(): void {
    if (!this.observing || !this.deps.profile.list.shadow?.length || this.deps.signal?.aborted) return;
    const scope = listScope(this.deps.root, this.deps.profile.list);
    if (!scope || scope === this.observedScope) return;
    this.observedScope = scope;
    this.ownObserver().observe(scope as Node, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: this.attributeFilter.length ? this.attributeFilter : undefined });
  }

  /**
   * Mutation records from the observer: only rows they touch are read again. The observer sees the whole
   * widget, chat included (200 rows a second): the records of one frame share their target, whose row is
   * looked up once, and a node added inside a row is that row's business.
   */
  onMutations(records: readonly MutationRecord[]): void {
    const item = this.deps.profile.list.row;
    const foreign = this.deps.foreignRows;
    let health = false;
    // The records of a frame come in runs with one target (the list): looked up once a run, indexed loops.
    let lastTarget: Node | null = null;
    let lastRow: Element | null = null;
    let skip = false;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (record.type === 'attributes' && record.attributeName && this.healthAttrs.has(record.attributeName)) health = true;
      const target = record.target;
      if (target !== lastTarget) {
        lastTarget = target;
        const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
        lastRow = el?.closest(item) ?? null;
        skip = !lastRow && this.foreignLists.has(target);
      }
      if (lastRow) {
        this.dirty.add(lastRow);
        continue;
      }
      if (skip) continue; // the chat's list: its rows come and go 200 times a second
      const added = record.addedNodes;
      for (let j = 0; j < added.length; j++) {
        const node = added[j]!;
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (el.matches(item)) this.dirty.add(el);
        else if (foreign && safeMatches(el, foreign)) {
          this.foreignLists.add(target);
          skip = true;
        } else {
          const inner = el.querySelectorAll(item);
          for (let k = 0; k < inner.length; k++) this.dirty.add(inner[k]!);
        }
      }
    }
    if (this.dirty.size || health) this.flusher.request();
  }

  /** Parents another feature's rows were added to (see `foreignRows`): their changes are not ours to read. */
  private readonly foreignLists = new WeakSet<Node>();

  setCoverage(coverage: Coverage): void {
    this.coverage = coverage;
    this.announced = false; // sends the coverage even when no row changed
    this.flusher.request();
  }

  private revealing = false;
  private revealedAtTotal: number | null = null;

  /**
   * A virtualised list holds more rows than were ever read (it renders only those in view): scroll through
   * it once to read the rest, again only when its length changes (not on every look).
   */
  private checkCoverage(rendered: number): void {
    const { seen, total } = coverageOf(this.deps.root, this.deps.profile.list, rendered);
    const known = Math.max(seen, this.sent.size);
    this.coverage = { seen: total === null ? known : Math.min(known, total), total };
    if (total !== null && total > known && total !== this.revealedAtTotal) this.requestReveal();
  }

  /** A full read through every list (first attach of a long list, the background asked for everything). */
  requestReveal(): void {
    if (this.revealing || !this.deps.profile.list.virtual || this.deps.signal?.aborted) return;
    this.revealing = true;
    this.revealedAtTotal = coverageOf(this.deps.root, this.deps.profile.list).total;
    void readAllRevealed(this, this.deps)
      .catch(() => {})
      .finally(() => {
        this.revealing = false;
      });
  }

  /**
   * Read everything again (first attach, the background asked). `request`: the background lost its copy
   * and restored what we reported up to `since`; when that is our cursor, only later rows go again.
   */
  rescan(forgetSent = false, request?: QnaRescanRequest): void {
    if (request) this.answer = request.token;
    const since = request?.since;
    if (forgetSent && since && since.instance === this.instance) {
      for (const [id, seq] of this.sentSeq) {
        const json = seq > since.seq ? this.sent.get(id) : undefined;
        if (json) this.resend.push(JSON.parse(json) as Question);
      }
      this.announced = false; // the answer goes even with nothing to resend (it carries the token)
      this.flusher.request();
      return;
    }
    if (forgetSent) {
      this.sent.clear();
      this.sentSeq.clear();
      this.resend = [];
      this.announced = false;
      this.revealedAtTotal = null;
    }
    this.full = true;
    this.flusher.request();
  }

  /** One look and, when something changed, one send (not waited on: see the end). */
  flush(): void {
    if (this.deps.signal?.aborted) return;
    const root = this.deps.root;
    this.observeScope();
    // Synthesised ids depend on the other rows shown (ties, edits): such a profile reads every rendered row.
    const all = this.full || this.deps.profile.id.from === 'fields' || this.deps.profile.list.shadow?.length;
    const virtual = !!this.deps.profile.list.virtual;
    // Every rendered row only when needed: listing 10,000 rows on each flush was most of the page's cost at 100 questions/s.
    const rendered = all || virtual ? renderedRows(root, this.deps.profile.list) : [];
    const rows = all ? rendered : [...this.dirty].filter((r) => r.isConnected && (root as Node).contains(r));
    this.full = false;
    this.dirty.clear();
    const { questions, unreadable } = readQuestions(rows, this.deps.profile, this.deps.now(), this.identity);
    if (virtual) this.checkCoverage(rendered.length);
    const read = questions.filter((q) => {
      const json = JSON.stringify(q);
      if (this.sent.get(q.id) === json) return false;
      this.sent.set(q.id, json);
      return true;
    });
    // Rows the background asked for again (as last sent), unless read anew just now.
    const readIds = new Set(read.map((q) => q.id));
    const changed = [...this.resend.splice(0).filter((q) => !readIds.has(q.id) && this.sent.has(q.id)), ...read];
    // The widget says whether it is connected to CnC: a widget that lost its connection shows stale rows.
    const connection = this.deps.profile.connection;
    const live = !connection || readScoped(root, connection) === connection.equals;
    const me = readScoped(root, this.deps.profile.me)?.trim() || null;
    const liveChanged = live !== this.live;
    this.live = live;
    let delivered: Promise<boolean> | void = undefined;
    if (changed.length || unreadable || !this.announced || liveChanged || me !== this.me) {
      const seq = ++this.seq;
      const answer = this.answer;
      this.answer = undefined;
      for (const q of changed) this.sentSeq.set(q.id, seq);
      delivered = this.deps.send({
        questions: changed,
        unreadable,
        live,
        me,
        ...(this.coverage ? { coverage: this.coverage } : {}),
        cursor: { instance: this.instance, seq },
        ...(answer !== undefined ? { rescanned: answer } : {}),
      });
      void Promise.resolve(delivered).then((ok) => {
        if (ok !== false || this.deps.signal?.aborted) return;
        // Not delivered (the service worker was stopping): forget these rows so the next look sends them.
        for (const q of changed) {
          this.sent.delete(q.id);
          this.sentSeq.delete(q.id);
        }
        this.answer ??= answer;
        this.announced = false;
        this.rescan();
      });
    }
    this.announced = true;
    this.me = me;
    // Not returned to the flusher as in flight: the report port keeps every batch until acknowledged and
    // sends them in order, and its acks come lazily (up to a second later: lib/messaging/report-port.ts),
    // so a change waiting for this one's ack would wait up to QNA_MAX_WAIT_MS for nothing.
  }
}

function newInstanceId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface RevealedRead {
  coverage: Coverage;
}

/**
 * A full read of a virtualised list: scroll every list top to bottom (and back), reading each stop, then
 * report every question seen and how much of the lists that was.
 */
export async function readAllRevealed(watcher: QnaWatcher, deps: QnaWatcherDeps): Promise<Coverage> {
  const seen = new Set<string>();
  const { profile, root } = deps;
  await reveal(root, profile.list, { setTimeout: deps.setTimeout, now: deps.now }, (rows) => {
    for (const q of readQuestions(rows, profile, deps.now(), watcher.identity).questions) seen.add(q.id);
    watcher.flush();
    return false;
  });
  const { total } = coverageOf(root, profile.list, seen.size);
  const coverage = { seen: total === null ? seen.size : Math.min(seen.size, total), total };
  watcher.setCoverage(coverage);
  return coverage;
}

/**
 * A document-level field (connection, me) read within the root: the root itself when it is what the
 * selector names (the widget root carries these attributes), else the first match inside it.
 */
export function readScoped(root: ParentNode, spec: FieldSpec | undefined): string | null {
  if (!spec) return null;
  if (root instanceof Document) return root.documentElement ? readField(root.documentElement, spec) : null;
  if (root instanceof Element && spec.selector) {
    let self = false;
    try {
      self = root.matches(spec.selector);
    } catch {
      return null;
    }
    if (self) return readField(root, { ...spec, selector: undefined });
  }
  return root instanceof Element ? readField(root, spec) : null;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false; // an invalid selector in a profile
  }
}
