// The side panels connected to the background, and which tab each one shows.
// A panel follows either one tab (`?tab=` in its URL) or the active tab of its window.
import type { TabRecord } from '../model/context';
import type { BackgroundToPanel, PanelToBackground } from '../messaging/protocol';

export interface PanelPort {
  postMessage(message: BackgroundToPanel): void;
}

interface Follower {
  windowId: number | null;
  tabId: number | null;
}

export interface PanelHubDeps {
  activeTabOf(windowId: number): Promise<{ tabId: number; url?: string } | null>;
  tabUrl(tabId: number): Promise<string | undefined>;
  recordFor(tabId: number, url: string | undefined): Promise<TabRecord | null>;
  onOriginGranted(origin: string, tabId: number | null): Promise<void>;
}

export class PanelHub {
  private followers = new Map<PanelPort, Follower>();

  constructor(private readonly deps: PanelHubDeps) {}

  connect(port: PanelPort): void {
    this.followers.set(port, { windowId: null, tabId: null });
  }

  disconnect(port: PanelPort): void {
    this.followers.delete(port);
  }

  async onMessage(port: PanelPort, message: PanelToBackground): Promise<void> {
    const follower = this.followers.get(port);
    if (!follower) return;
    if (message.type === 'origin-granted') {
      await this.deps.onOriginGranted(message.origin, message.tabId);
      return;
    }
    if ('tabId' in message) {
      Object.assign(follower, { windowId: null, tabId: message.tabId });
      await this.send(port, message.tabId, await this.deps.tabUrl(message.tabId));
    } else {
      const active = await this.deps.activeTabOf(message.windowId);
      Object.assign(follower, { windowId: message.windowId, tabId: active?.tabId ?? null });
      await this.send(port, active?.tabId ?? null, active?.url);
    }
  }

  /** A window's active tab changed: panels following that window switch to it. */
  async onActiveTab(windowId: number, tabId: number): Promise<void> {
    const url = await this.deps.tabUrl(tabId);
    for (const [port, follower] of this.followers) {
      if (follower.windowId !== windowId) continue;
      follower.tabId = tabId;
      await this.send(port, tabId, url);
    }
  }

  /** A tab's record changed (or it closed, record null). */
  onRecord(tabId: number, record: TabRecord | null): void {
    for (const [port, follower] of this.followers) {
      if (follower.tabId === tabId) safePost(port, { type: 'tab', tabId, record });
    }
  }

  private async send(port: PanelPort, tabId: number | null, url: string | undefined): Promise<void> {
    const record = tabId === null ? null : await this.deps.recordFor(tabId, url);
    safePost(port, { type: 'tab', tabId, record });
  }
}

function safePost(port: PanelPort, message: BackgroundToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed while we were answering; its disconnect handler removes it.
  }
}
