// Watches the widget's Q&A rows in the content script and reports what changed, batched: a burst of
// 100 questions a second becomes a few messages, and a row that did not change is not sent again.
import type { Question } from '../model/qna/types';
import type { QnaProfile } from './qna-profile';
import { readQuestions } from './qna-reader';

export interface QnaWatcherDeps {
  root: () => ParentNode;
  profile: QnaProfile;
  send(batch: { questions: Question[]; unreadable: number }): void;
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
    if (changed.length || unreadable || !this.announced) this.deps.send({ questions: changed, unreadable });
    this.announced = true;
  }

  private schedule(): void {
    if (this.timer === null) this.timer = this.deps.setTimeout(() => this.flush(), QNA_BATCH_MS);
  }
}
