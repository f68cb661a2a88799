// Reactions in the background: the content script's reports, the panels' own port, the tab's end.
// background.ts calls wireReactions() once, at the top level (listeners must be registered synchronously
// so a restarted service worker hears the message that woke it).
import { browser } from 'wxt/browser';
import { fromActiveDocument } from '../../content/matches';
import type { BackgroundToContent, PerformResult } from '../../contracts/protocol';
import { isReactionsBatch, REACTIONS_PORT, type ReactionsPanelMessage, type ReactionsToPanel } from '../../contracts/reactions';
import { sessionStorage } from '../../platform/storage';
import { ReactionsService } from './service';

interface PanelPort {
  postMessage(message: ReactionsToPanel): void;
}

/** Intent ids handled lately: one sent again after a lost ack is acknowledged, not applied twice. */
const SEEN_INTENTS = 200;

export function wireReactions(): ReactionsService {
  const followers = new Map<number, Set<PanelPort>>();
  const post = (port: PanelPort, message: ReactionsToPanel) => {
    try {
      port.postMessage(message);
    } catch {
      /* the panel closed; its disconnect cleans up */
    }
  };
  const service = new ReactionsService({
    session: sessionStorage,
    now: Date.now,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    tellTab: (tabId, message: BackgroundToContent) => browser.tabs.sendMessage(tabId, message) as Promise<PerformResult | undefined>,
    onView: (tabId, view) => {
      for (const port of followers.get(tabId) ?? []) post(port, { type: 'reactions', tabId, view });
    },
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || !isReactionsBatch(message)) return;
    if (!fromActiveDocument(sender)) return;
    const { type: _type, ...batch } = message;
    void service.ingest(tabId, batch).catch(() => undefined);
  });

  const seen: string[] = [];
  browser.runtime.onConnect.addListener((port) => {
    // Only our own extension pages follow reactions.
    if (port.name !== REACTIONS_PORT || !port.sender?.url?.startsWith(browser.runtime.getURL('/'))) return;
    const panel: PanelPort = { postMessage: (m) => port.postMessage(m) };
    let followed: number | null = null;
    const unfollow = () => {
      if (followed !== null) followers.get(followed)?.delete(panel);
    };
    port.onMessage.addListener(async (raw) => {
      const message = raw as ReactionsPanelMessage;
      if (message?.type === 'follow' && Number.isInteger(message.tabId)) {
        unfollow();
        followed = message.tabId;
        let set = followers.get(followed);
        if (!set) followers.set(followed, (set = new Set()));
        set.add(panel);
        const view = await service.view(message.tabId).catch(() => null);
        post(panel, { type: 'reactions', tabId: message.tabId, view });
        // Nothing here for this tab (a new tab, or storage was cleared): ask the page for its totals.
        if (!view) void browser.tabs.sendMessage(message.tabId, { type: 'reactions-rescan' } satisfies BackgroundToContent).catch(() => undefined);
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
    port.onDisconnect.addListener(unfollow);
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    followers.delete(tabId);
    void service.forget(tabId);
  });
  return service;
}
