// Reactions in the background: the content script's reports, the panels' own port, the tab's end.
// A feature of the composition root (lib/background/create.ts): everything comes from its context, so a
// test can run it over fakes and a restarted worker registers its listeners while the root is built.
import type { FeatureContext } from '../../background/create';
import type { BackgroundToPanel } from '../../contracts/protocol';
import { isReactionsBatch, REACTIONS_PORT, type ReactionsPanelMessage, type ReactionsToPanel, type ReactionsView } from '../../contracts/reactions';
import { ReactionsService } from './service';

interface PanelPort {
  postMessage(message: ReactionsToPanel): void;
  /** False while the panel shows no view of the live meter (it said so: 'reactions-shown'). */
  shown?: boolean;
  /** What the last view posted to it said besides the counts (viewKey), while it is not shown. */
  lastKey?: string;
}

/**
 * What a panel that does not show the live meter still needs of a view: the session it is of (the panel
 * offers the Reactions view only for the session on screen) and the widget's switch (settings). The counts,
 * twice a second in a lively session, wait until it shows the meter again.
 */
export function viewKey(view: ReactionsView | null): string {
  return view ? JSON.stringify([view.entryId, view.enabled, view.switchAbsent, view.switching, view.switchError, view.types]) : 'null';
}

/** Intent ids handled lately: one sent again after a lost ack is acknowledged, not applied twice. */
const SEEN_INTENTS = 200;

export function wireReactions(ctx: FeatureContext): () => void {
  const { deps } = ctx;
  const followers = new Map<number, Set<PanelPort>>();
  const post = (port: PanelPort, message: ReactionsToPanel) => {
    try {
      port.postMessage(message);
    } catch {
      /* the panel closed; its disconnect cleans up */
    }
  };
  const service = new ReactionsService({
    session: deps.storage.session,
    now: deps.clock.now,
    setTimeout: deps.clock.setTimeout,
    tellTab: ctx.tellTab,
    onView: (tabId, view) => {
      let key: string | undefined;
      for (const port of followers.get(tabId) ?? []) {
        if (port.shown === false) {
          key ??= viewKey(view);
          if (key === port.lastKey) continue;
          port.lastKey = key;
        }
        post(port, { type: 'reactions', tabId, view });
      }
    },
  });

  // Content messages come already checked (our extension, a tab, its active document).
  const offMessages = ctx.onContentMessage((tabId, message) => {
    if (!isReactionsBatch(message)) return;
    const { type: _type, ...batch } = message;
    void service.ingest(tabId, batch).catch(() => undefined);
  });

  const seen: string[] = [];
  const offConnect = deps.runtime.onConnect((port) => {
    // Only our own extension pages follow reactions.
    if (port.name !== REACTIONS_PORT || !port.senderUrl?.startsWith(deps.runtime.pagesUrl)) return;
    const panel: PanelPort = { postMessage: (m) => port.postMessage(m as unknown as BackgroundToPanel) };
    let followed: number | null = null;
    const unfollow = () => {
      if (followed !== null) followers.get(followed)?.delete(panel);
    };
    port.onMessage(async (raw) => {
      const message = raw as ReactionsPanelMessage;
      if (message?.type === 'follow' && Number.isInteger(message.tabId)) {
        unfollow();
        followed = message.tabId;
        let set = followers.get(followed);
        if (!set) followers.set(followed, (set = new Set()));
        set.add(panel);
        const view = await service.view(message.tabId).catch(() => null);
        post(panel, { type: 'reactions', tabId: message.tabId, view });
        panel.lastKey = viewKey(view);
        // Nothing here for this tab (a new tab, or storage was cleared): ask the page for its totals.
        if (!view) void ctx.tellTab(message.tabId, { type: 'reactions-rescan' }).catch(() => undefined);
      } else if (message?.type === 'reactions-shown' && message.tabId === followed) {
        const on = message.on !== false;
        if (on === (panel.shown !== false)) return;
        panel.shown = on;
        if (!on) return;
        // Shown again: the meter as it stands now, at once.
        const view = await service.view(message.tabId).catch(() => null);
        if (panel.shown) post(panel, { type: 'reactions', tabId: message.tabId, view });
      } else if (message?.type === 'reactions-action' && Number.isInteger(message.tabId)) {
        const id = message.intentId;
        if (id && seen.includes(id)) return post(panel, { type: 'ack', id });
        if (id) {
          seen.push(id);
          if (seen.length > SEEN_INTENTS) seen.shift();
        }
        if (message.action?.kind === 'set-enabled' && typeof message.action.on === 'boolean') {
          const done = service.act(message.tabId, message.action);
          if (id) post(panel, { type: 'ack', id });
          await done.catch(() => undefined);
        }
      }
    });
    port.onDisconnect(unfollow);
  });

  const offRemoved = ctx.onTabRemoved((tabId) => {
    followers.delete(tabId);
    void service.forget(tabId);
  });
  return () => {
    offMessages();
    offConnect();
    offRemoved();
  };
}
