// Watches the widget's Q&A rows in the content script and reports what changed, batched: a burst of
// 100 questions a second becomes a few messages, and a row that did not change is not sent again.
import type { Question } from '../model/qna/types';
import type { QnaProfile } from './qna-profile';
import { readField, readQuestions } from './qna-reader';

export interface QnaWatcherDeps {
  root: () => ParentNode;
  profile: QnaProfile;
  /** Resolves false when the batch did not reach the background (its rows are sent again). */
  send(batch: { questions: Question[]; unreadable: number; live: boolean; me: string | null }): Promise<boolean> | void;
  setTimeout(fn: () => void, ms: number): unknown;
  now(): number;
}

export const QNA_BATCH_MS = 100;

export class QnaWatcher {
  private sent = new Map<string, string>();
  private dirty = new Set<Element>();
  private full = true;
  private timer: unknown = null;
  /** The first read is sent even when empty: an empty inbox is still an inbox to show. */
  private announced = false;
  private live = true;
  private me: string | null = null;

  constructor(private readonly deps: QnaWatcherDeps) {}

  /** Mutation records from the page's observer: only rows they touch are read again. */
  onMutations(records: readonly MutationRecord[]): void {
    const { item } = this.deps.profile;
    for (const record of records) {
      const target = record.target instanceof Element ? record.target : record.target.parentElement;
      const row = target?.closest(item);
      if (row) this.dirty.add(row);
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof Element)) continue;
        if (node.matches(item)) this.dirty.add(node);
        else for (const inner of Array.from(node.querySelectorAll(item))) this.dirty.add(inner);
      }
    }
    if (this.dirty.size) this.schedule();
  }

  /** Read everything again (first attach, widget re-rendered, the background asked). */
  rescan(forgetSent = false): void {
    if (forgetSent) {
      this.sent.clear();
      this.announced = false;
    }
    this.full = true;
    this.schedule();
  }

  flush(): void {
    this.timer = null;
    const rows = this.full ? Array.from(this.deps.root().querySelectorAll(this.deps.profile.item)) : [...this.dirty].filter((r) => r.isConnected);
    this.full = false;
    this.dirty.clear();
    const { questions, unreadable } = readQuestions(rows, this.deps.profile, this.deps.now());
    const changed = questions.filter((q) => {
      const json = JSON.stringify(q);
      if (this.sent.get(q.id) === json) return false;
      this.sent.set(q.id, json);
      return true;
    });
    // The widget says whether it is connected to CnC: a widget that lost its connection shows stale rows.
    const connection = this.deps.profile.connection;
    const root = this.deps.root();
    const doc = root instanceof Document ? root.documentElement : null;
    const live = !connection || (doc ? readField(doc, connection) : null) === connection.equals;
    const me = doc ? readField(doc, this.deps.profile.me)?.trim() || null : null;
    const liveChanged = live !== this.live;
    this.live = live;
    if (changed.length || unreadable || !this.announced || liveChanged || me !== this.me) {
      const delivered = this.deps.send({ questions: changed, unreadable, live, me });
      void Promise.resolve(delivered).then((ok) => {
        if (ok !== false) return;
        // Not delivered (the service worker was stopping): forget these rows so the next look sends them.
        for (const q of changed) this.sent.delete(q.id);
        this.announced = false;
        this.rescan();
      });
    }
    this.announced = true;
    this.me = me;
  }

  private schedule(): void {
    if (this.timer === null) this.timer = this.deps.setTimeout(() => this.flush(), QNA_BATCH_MS);
  }
}
