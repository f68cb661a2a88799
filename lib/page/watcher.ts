// Keeps the background's picture of this page current, without flooding it: changes are batched
// (a busy event page mutates its DOM many times a second), and a snapshot is sent only when it differs
// from the last one sent.
import { domMarkers, kalturaResourceOrigins } from './collect';
import type { BridgeGlobals, PageSnapshot } from './snapshot';

export interface WatcherDeps {
  doc: Document;
  url(): string;
  resources(): ReadonlyArray<{ name: string }>;
  /** Ask the page bridge to read the globals again; its answer comes to `onGlobals`. */
  requestGlobals(): void;
  send(snapshot: PageSnapshot): void;
  /** Every look at the page, changed or not (the Q&A attachment follows the widget with it). */
  looked?(snapshot: PageSnapshot): void;
  setTimeout(fn: () => void, ms: number): unknown;
}

/** How long changes gather before one snapshot goes out. */
export const BATCH_MS = 250;
/** How long to wait for the bridge before sending what the DOM alone shows. */
export const BRIDGE_WAIT_MS = 1000;

export class PageWatcher {
  private globals: BridgeGlobals | null = null;
  private lastSent = '';
  private lastShape = '';
  private timer: unknown = null;

  constructor(private readonly deps: WatcherDeps) {}

  /** The DOM changed: look again soon. */
  changed(): void {
    if (this.timer !== null) return;
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, BATCH_MS);
  }

  onGlobals(globals: BridgeGlobals): void {
    this.globals = globals;
    this.flush();
  }

  /** Send even if nothing changed (the background lost track of us). */
  resend(): void {
    this.lastSent = '';
    this.flush();
  }

  flush(): void {
    const snapshot: PageSnapshot = {
      url: this.deps.url(),
      title: this.deps.doc.title.trim().slice(0, 200),
      dom: domMarkers(this.deps.doc),
      globals: this.globals,
      kalturaResources: kalturaResourceOrigins(this.deps.resources()),
    };
    // The page's globals change with its structure (a new session, a widget (re)rendered), not with
    // every chat message: ask the bridge again only then. Its answer flushes again.
    const { dom } = snapshot;
    const shape = `${snapshot.url}|${dom.widgetPresent}|${dom.widgetEntryId}|${dom.bundles.length}`;
    if (shape !== this.lastShape) {
      this.lastShape = shape;
      this.deps.requestGlobals();
    }
    this.deps.looked?.(snapshot);
    const json = JSON.stringify(snapshot);
    if (json === this.lastSent) return;
    this.lastSent = json;
    this.deps.send(snapshot);
  }
}
