// One MutationObserver on the widget root for every widget feature of a mount (chat, Q&A, reactions).
//
// Each feature used to observe the whole root with an observer of its own. Every change the widget made
// (a chat row, a vote, a reaction: about 30 frames a second at 60 audience actions a second) then cost
// the page's main thread one record per observer and one callback per observer, each entering our
// isolated world to build its own record wrappers. Sharing one observer makes that one record and one
// callback per change, the features reading the same wrappers in turn.
//
// A subscriber names the attributes it cares about; the observer watches their union, and a subscriber
// is handed only the attribute records of its own names (a feature's own filter stays its contract).
// Everything ends with the mount's signal.

export interface MutationSubscriber {
  /** Attribute names whose changes this subscriber wants (childList and characterData always come). */
  attributes: readonly string[];
  onRecords(records: readonly MutationRecord[]): void;
}

/** Subscribes until the mount ends; returns the unsubscription (for a part of the widget that was replaced). */
export type ObserveWidget = (subscriber: MutationSubscriber) => () => void;

export class WidgetObserver {
  private readonly subscribers: Array<{ sub: MutationSubscriber; names: ReadonlySet<string> }> = [];
  private readonly names = new Set<string>();
  private readonly observer: MutationObserver;

  constructor(
    private readonly root: Node,
    private readonly signal: AbortSignal,
  ) {
    this.observer = new MutationObserver((records) => this.deliver(records));
    signal.addEventListener('abort', () => this.observer.disconnect(), { once: true });
  }

  /** Adds a subscriber until the mount ends or it unsubscribes (the observer's options widened to its attributes). */
  subscribe(sub: MutationSubscriber): () => void {
    if (this.signal.aborted) return () => {};
    const entry = { sub, names: new Set(sub.attributes) };
    this.subscribers.push(entry);
    const before = this.names.size;
    for (const n of sub.attributes) this.names.add(n);
    if (this.subscribers.length === 1 || this.names.size !== before) {
      // Observing the same node again should update the options in place (DOM spec), but not every DOM
      // does (happy-dom kept the first filter): start afresh, delivering what was queued first.
      const queued = this.observer.takeRecords();
      this.observer.disconnect();
      this.observer.observe(this.root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: [...this.names] });
      if (queued.length) this.deliver(queued);
    }
    // The union of names stays: a few attribute records more for the others, filtered out on delivery.
    return () => {
      const i = this.subscribers.indexOf(entry);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  deliver(records: readonly MutationRecord[]): void {
    // Most deliveries hold no attribute record (a chat step, a vote's new count): one look tells, and every
    // subscriber gets the same array, where filtering it for each read every record's type once more.
    let attributes = false;
    for (let i = 0; i < records.length && !attributes; i++) attributes = records[i]!.type === 'attributes';
    // A copy: a subscriber may unsubscribe (or another subscribe) while records are delivered.
    for (const { sub, names } of [...this.subscribers]) {
      if (this.signal.aborted) return;
      sub.onRecords(attributes ? ownRecords(records, names) : records);
    }
  }
}

/** The records with attribute records of other names left out (the same array when there are none). */
function ownRecords(records: readonly MutationRecord[], names: ReadonlySet<string>): readonly MutationRecord[] {
  let out: MutationRecord[] | null = null;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const mine = r.type !== 'attributes' || (r.attributeName !== null && names.has(r.attributeName));
    if (!mine && !out) out = records.slice(0, i);
    else if (mine && out) out.push(r);
  }
  return out ?? records;
}
