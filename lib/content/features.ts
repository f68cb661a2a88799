// Content-script features with a lifecycle (after refined-github's feature manager).
//
// The page watcher finds the CnC widget; the manager then starts each widget feature (Q&A, announcements,
// chat: lib/cnc/chat-attach.ts; reactions next) with `{ root, signal }`. A feature reads only inside the root it was given and
// stops everything (observers, timers, pending flushes) when its signal aborts, which happens when:
//   - the tab moved to another session (SPA navigation: the entry id changed),
//   - the widget re-rendered (its root element was replaced, or left the document),
//   - the moderator view went away,
//   - the extension was reloaded or updated (the content script's context was invalidated).
// The next page look mounts the features again on what is there now.

import { type ObserveWidget, WidgetObserver } from './widget-observer';

export interface WidgetMount {
  /** The widget root element: features read only inside it. */
  root: Element;
  entryId: string;
  /** The selector profile that matched the widget. */
  profileId: string;
  /** The widget is in moderator mode. */
  moderator: boolean;
}

export interface FeatureContext extends WidgetMount {
  /** Aborted when this mount ends: stop observing, cancel timers, send nothing more. */
  signal: AbortSignal;
  /**
   * The mount's one observer of the widget root (lib/content/widget-observer.ts): a feature that reads the
   * widget's changes subscribes here rather than observing the root itself. Absent in some unit tests.
   */
  observe?: ObserveWidget;
}

export interface Feature {
  readonly name: string;
  start(ctx: FeatureContext): void;
}

export class FeatureManager {
  private mounted: { ctx: FeatureContext; controller: AbortController } | null = null;

  /** `signal`: the content script's own life (aborted when the extension context is invalidated). */
  constructor(
    private readonly features: readonly Feature[],
    private readonly signal: AbortSignal,
    private readonly onError: (feature: string, error: unknown) => void = () => {},
  ) {
    signal.addEventListener('abort', () => this.unmount(), { once: true });
  }

  /** After every page look: keep the features running, restart them on a new widget, or stop them. */
  mount(widget: WidgetMount | null): void {
    if (this.signal.aborted) return;
    const current = this.mounted?.ctx;
    if (
      widget &&
      current &&
      current.root === widget.root &&
      widget.root.isConnected &&
      current.entryId === widget.entryId &&
      current.profileId === widget.profileId &&
      current.moderator === widget.moderator
    ) {
      return;
    }
    this.unmount();
    if (!widget || !widget.root.isConnected) return;
    const controller = new AbortController();
    const observer = new WidgetObserver(widget.root, controller.signal);
    const ctx: FeatureContext = { ...widget, signal: controller.signal, observe: (sub) => observer.subscribe(sub) };
    this.mounted = { ctx, controller };
    for (const feature of this.features) {
      try {
        feature.start(ctx);
      } catch (error) {
        // One feature failing to start (a profile it can't read) must not stop the others.
        this.onError(feature.name, error);
      }
    }
  }

  /** What is mounted now (null when no widget). */
  get current(): FeatureContext | null {
    return this.mounted?.ctx ?? null;
  }

  private unmount(): void {
    const mounted = this.mounted;
    this.mounted = null;
    mounted?.controller.abort();
  }
}
