// Keeps the background's picture of this page current, without flooding it and without taxing the page.
// This is the page-watch feature: started once with the document and the content script's signal, it finds
// the CnC widget (the feature manager mounts the widget features on it) and reports page snapshots.
//
// - Leading edge (lib/content/flush.ts): a change is reported at once when the pipe is idle; changes in
//   a burst are coalesced, at most every BATCH_MS.
// - Cheap observing: DOM changes inside the widget (chat, Q&A rows, reactions) are the widget features'
//   business and never make the page watcher look again, except where they change what the snapshot
//   says (the root's own attributes, a module panel added or removed). Outside the widget only elements
//   that can change the snapshot count: a widget root, the moderator marker, a module, a script, the title.
// - Narrow observing once attached: while the widget root found is in the document, the structure
//   observer watches only what can change the snapshot (structureTargets), one level deep each, not the
//   whole document: no callback at all for a chat step or a floating reaction. Until a widget is found,
//   and again once it is gone, it watches the whole document.
// - The bridge's globals go through the same flusher (a page can fire them in a loop).
import { profileById, PROFILES } from '../cnc/profile';
import { LeadingEdgeFlusher } from '../content/flush';
import { domMarkers, kalturaResourceOrigins } from './collect';
import type { BridgeGlobals, PageSnapshot } from './snapshot';

export interface WatcherDeps {
  doc: Document;
  url(): string;
  resources(): ReadonlyArray<{ name: string }>;
  /** Ask the page bridge to read the globals again; its answer comes to `onGlobals`. */
  requestGlobals(): void;
  /** Not waited on (its acknowledgement comes lazily: lib/messaging/report-port.ts). */
  send(snapshot: PageSnapshot): Promise<unknown> | void;
  /** Every look at the page, changed or not, with the widget root it found (the features follow it). */
  looked?(snapshot: PageSnapshot, widgetRoot: Element | null): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
  now?(): number;
  signal?: AbortSignal;
}

/** Under load, at most one look per this many ms (the first change is looked at at once). */
export const BATCH_MS = 250;
/** How long to wait for the bridge before sending what the DOM alone shows. */
export const BRIDGE_WAIT_MS = 1000;

export class PageWatcher {
  private globals: BridgeGlobals | null = null;
  private lastSent = '';
  private lastShape = '';
  private widgetRoot: Element | null = null;
  private widgetProfile = '';
  private rootObserver: MutationObserver | null = null;
  private observedRoot: Element | null = null;
  /** Child lists only (see observe); its targets follow the widget root (watchStructure). */
  private structure: MutationObserver | null = null;
  /** What `structure` watches one level deep, null for the whole document, undefined before observe(). */
  private structureWatched: readonly Node[] | null | undefined = undefined;
  private readonly flusher: LeadingEdgeFlusher;
  /** Selectors whose elements, added or removed outside the widget, can change the snapshot. */
  private readonly structural: string;

  constructor(private readonly deps: WatcherDeps) {
    this.flusher = new LeadingEdgeFlusher({
      flush: () => this.flush(),
      setTimeout: deps.setTimeout,
      clearTimeout: deps.clearTimeout ?? (() => {}),
      now: deps.now ?? Date.now,
      signal: deps.signal,
      minGapMs: BATCH_MS,
      maxWaitMs: BATCH_MS,
    });
    const selectors = PROFILES.flatMap((p) => [p.widgetRoot, p.moderatorMarkup, ...Object.values(p.modules)]);
    this.structural = [...selectors, 'script[src]', 'title'].join(', ');
  }

  /** Something changed (the URL, the DOM): look again, at once when idle. */
  changed(): void {
    this.flusher.request();
  }

  /** Observe the document until the signal aborts, cheaply (see the file comment). */
  observe(): void {
    if (this.deps.signal?.aborted) return;
    // Structure only on the document: attribute changes anywhere (hover classes, chat animations) would
    // each cost a record. Attributes are watched on the widget root alone (its entry id, its classes).
    this.structure = new MutationObserver((records) => {
      if (this.matters(records)) this.changed();
    });
    this.rootObserver = new MutationObserver(() => this.changed());
    this.watchStructure();
    this.watchRoot();
    this.deps.signal?.addEventListener(
      'abort',
      () => {
        this.structure?.disconnect();
        this.rootObserver?.disconnect();
      },
      { once: true },
    );
    // The region shows in the Kaltura hosts the page loads from: a new one is worth a look, other loads not.
    if (typeof PerformanceObserver !== 'function') return;
    const seen = new Set(kalturaResourceOrigins(this.deps.resources()));
    const resources = new PerformanceObserver((list) => {
      const fresh = kalturaResourceOrigins(list.getEntries()).filter((o) => !seen.has(o));
      if (!fresh.length) return;
      for (const o of fresh) seen.add(o);
      this.changed();
    });
    try {
      resources.observe({ type: 'resource', buffered: false });
      this.deps.signal?.addEventListener('abort', () => resources.disconnect(), { once: true });
    } catch {
      // no resource timing here: the DOM alone drives the looks
    }
  }

  /**
   * Whether any of these mutations can change the snapshot. Runs for every DOM change of the page (200 chat
   * rows a second come and go inside the widget), so the common case is decided once per target: the
   * records of a frame share their target (the chat list), and a target inside a module panel can only
   * hold that module's content, never another module panel.
   */
  matters(records: readonly MutationRecord[]): boolean {
    const root = this.widgetRoot;
    if (root && !root.isConnected) return true; // the widget was removed or re-rendered
    const modules = root ? this.modulesOf(this.widgetProfile) : '';
    /** Per target: the selector an added or removed element must be checked against, or '' for none. */
    const selectorOf = new Map<Node, string>();
    let lastTarget: Node | null = null;
    let selector = '';
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (record.type !== 'childList') continue;
      const target = record.target;
      if (target !== lastTarget) {
        lastTarget = target;
        let known = selectorOf.get(target);
        if (known === undefined) {
          const inside = root !== null && root.contains(target);
          if (!inside && target.nodeType === 1 && (target as Element).localName === 'title') return true;
          // Inside the widget only a module panel appearing or going counts; outside, any structural element.
          known = inside ? (modules && !insideModule(target, modules) ? modules : '') : this.structural;
          selectorOf.set(target, known);
        }
        selector = known;
      }
      if (!selector) continue;
      for (const list of [record.addedNodes, record.removedNodes]) {
        for (let j = 0; j < list.length; j++) {
          const node = list[j]!;
          if (node.nodeType === 1 && (safeMatches(node as Element, selector) || safeQuery(node as Element, selector))) return true;
        }
      }
    }
    return false;
  }

  private modulesKey = '';
  private modulesSelector = '';

  /** The widget profile's module panels as one selector (built once per profile, not per batch). */
  private modulesOf(profileId: string): string {
    if (profileId !== this.modulesKey) {
      this.modulesKey = profileId;
      this.modulesSelector = Object.values(profileById(profileId)?.modules ?? {}).join(', ');
    }
    return this.modulesSelector;
  }

  onGlobals(globals: BridgeGlobals): void {
    this.globals = globals;
    this.flusher.request();
  }

  /** Send even if nothing changed (the background lost track of us). */
  resend(): void {
    this.lastSent = '';
    this.flusher.now();
  }

  flush(): void {
    if (this.deps.signal?.aborted) return;
    const dom = domMarkers(this.deps.doc);
    const snapshot: PageSnapshot = {
      url: this.deps.url(),
      title: this.deps.doc.title.trim().slice(0, 200),
      dom,
      globals: this.globals,
      kalturaResources: kalturaResourceOrigins(this.deps.resources()),
    };
    this.widgetProfile = dom.profileId;
    this.widgetRoot = dom.widgetPresent ? widgetRootOf(this.deps.doc, dom.profileId) : null;
    this.watchRoot();
    this.watchStructure();
    // The page's globals change with its structure (a new session, a widget (re)rendered), not with
    // every chat message: ask the bridge again only then. Its answer flushes again.
    const shape = `${snapshot.url}|${dom.widgetPresent}|${dom.widgetEntryId}|${dom.bundles.length}`;
    if (shape !== this.lastShape) {
      this.lastShape = shape;
      this.deps.requestGlobals();
    }
    this.deps.looked?.(snapshot, this.widgetRoot);
    const json = JSON.stringify(snapshot);
    if (json === this.lastSent) return;
    this.lastSent = json;
    // Not returned to the flusher as in flight: the report port keeps it until acknowledged (lazily, up to
    // a second later), and the next look need not wait for that; BATCH_MS alone spaces the looks.
    void this.deps.send(snapshot);
  }

  /** Follows the widget root with the attribute observer (a re-rendered widget is a new element). */
  private watchRoot(): void {
    if (!this.rootObserver || this.observedRoot === this.widgetRoot || this.deps.signal?.aborted) return;
    this.rootObserver.disconnect();
    this.observedRoot = this.widgetRoot;
    if (this.widgetRoot) this.rootObserver.observe(this.widgetRoot, { attributes: true, attributeFilter: this.rootAttributes() });
  }

  /**
   * Points the structure observer at what can change the snapshot now: the whole document while no widget
   * root is known, else structureTargets one level deep. A look has just read the whole page, so records
   * still queued for the old targets are dropped with them: they tell of changes that look saw.
   */
  private watchStructure(): void {
    const observer = this.structure;
    if (!observer || this.deps.signal?.aborted) return;
    const root = this.widgetRoot;
    const targets = root?.isConnected ? this.structureTargets(root) : null;
    if (sameNodes(targets, this.structureWatched)) return;
    observer.disconnect();
    this.structureWatched = targets;
    if (!targets) observer.observe(this.deps.doc, { childList: true, subtree: true });
    else for (const node of targets) observer.observe(node, { childList: true });
  }

  /**
   * What can change the snapshot while this widget root is in the document, each watched for its own
   * children only. What the whole-document observer also saw, case by case:
   * - The root removed, or any ancestor removed or replaced (an SPA switch swapping a big subtree): a
   *   record on the next node up, so every ancestor up to the document is watched. A root moved elsewhere
   *   is a removal too. The next look goes back to the whole document if the root is gone.
   * - Module panels inside the root: the root's own children (renderCnc appends its panels there; a
   *   wrapper added with panels inside counts too). A panel added later deep inside an existing part of
   *   the widget is seen at the next look (the widget's inner DOM is MODELED: KALTURA.md §1), where the
   *   whole-document observer paid a callback for every chat step to see it.
   * - Module pieces outside the root (renderReactions / renderLiveReactions take the page's own
   *   container, KALTURA.md §1; sandbox/site/assets/bundle.js): the page renders them in the
   *   same task as the root (integrated-events-demo entry-view/app.js), so the look that found the root
   *   found them. Their removal or replacement is a record on their container or one of its ancestors,
   *   all watched (not the pieces themselves: the floating reactions come and go inside them).
   * - The title: `document.title = …` replaces the <title>'s text (a record on it); a <title> added or
   *   replaced is a record on the head.
   * - Scripts (the Kaltura bundles): a bundle is loaded before the widget it renders can exist, and later
   *   scripts are appended to the head or the body, both watched. One inserted deep in the page is seen
   *   at the next look.
   * - The moderator marker is the root's class (watched by rootObserver). The variant profile's marker and
   *   modules are attributes of its root (data-role, data-modules) that no observer watches, attached or
   *   not: the widget sets them before it is inserted.
   * - A second widget root: a floating one goes at the top of the body (watched). One rendered deep
   *   elsewhere beside a live first one is seen at the next look; features stay on the first meanwhile,
   *   as they do after that look (the first root in the document wins).
   */
  private structureTargets(root: Element): Node[] {
    const doc = this.deps.doc;
    const seen = new Set<Node>();
    const targets: Node[] = [];
    const upFrom = (node: Node | null) => {
      for (let n = node; n && !seen.has(n); n = n.parentNode) {
        seen.add(n);
        targets.push(n);
      }
    };
    upFrom(root);
    const modules = this.modulesOf(this.widgetProfile);
    if (modules) {
      const pieces = safeQueryAll(doc, modules);
      for (let i = 0; i < pieces.length; i++) if (!root.contains(pieces[i]!)) upFrom(pieces[i]!.parentNode);
    }
    if (doc.head) upFrom(doc.head);
    if (doc.body) upFrom(doc.body);
    const title = safeQuery(doc, 'title');
    if (title) upFrom(title);
    return targets;
  }

  private rootAttributes(): string[] {
    const names = new Set<string>(['id', 'class']);
    for (const p of PROFILES) names.add(p.widgetEntryIdAttribute);
    return [...names];
  }
}

export function widgetRootOf(doc: ParentNode, profileId: string): Element | null {
  const profile = profileById(profileId);
  return profile ? safeQuery(doc, profile.widgetRoot) : null;
}

/** The node is inside (or is) a module panel: what is added there is that module's content. */
function insideModule(node: Node, modules: string): boolean {
  const el = node instanceof Element ? node : node.parentElement;
  try {
    return !!el?.closest(modules);
  } catch {
    return false;
  }
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

function sameNodes(a: readonly Node[] | null, b: readonly Node[] | null | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function safeQueryAll(node: ParentNode, selector: string): ArrayLike<Element> {
  try {
    return node.querySelectorAll(selector);
  } catch {
    return [];
  }
}

function safeQuery(node: ParentNode, selector: string): Element | null {
  try {
    return node.querySelector(selector);
  } catch {
    return null;
  }
}
