// The side panels connected to the background, and which tab each one shows.
// A panel follows either one tab (`?tab=` in its URL) or the active tab of its window.
import type { TabRecord } from '../model/context';
import type { QnaAction, QnaLocalAction } from '../model/qna/commands';
import type { QnaPatch, QnaSnapshot } from '../model/qna/session';
import type { BackgroundToPanel, PanelIntent, PanelToBackground } from '../contracts/protocol';
import type { AdminCredentials, AdminStatus } from '../contracts/admin';
import type { AnnouncementsAction, AnnouncementsView } from '../contracts/announcements';
import type { PollsAction, PollsView } from '../contracts/polls';
import type { NotifySettings } from '../notify/notify-policy';

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
  /**
   * Waits until the tab's Q&A is loaded, then gives a reader of it. The hub reads and posts in one step:
   * a patch emitted between reading a snapshot and posting it would otherwise reach the panel before the
   * (older) snapshot that then replaces it, and the panel would miss that change.
   */
  qnaSnapshot(tabId: number): Promise<() => QnaSnapshot | null>;
  onQnaAction(tabId: number, action: QnaAction): Promise<void>;
  onQnaLocal(tabId: number, action: QnaLocalAction): Promise<void>;
  adminStatus(tabId: number): Promise<AdminStatus | null>;
  onAdminConnect(tabId: number, credentials: AdminCredentials, remember: boolean): Promise<AdminStatus | null>;
  onAdminForget(tabId: number): Promise<AdminStatus | null>;
  notifySettings(): Promise<NotifySettings>;
  onNotifySettings(patch: Partial<NotifySettings>): Promise<NotifySettings>;
  /** Starts webcast Q&A moderation on the tab; returns why it could not, or null. */
  onWebcastStart(tabId: number): Promise<string | null>;
  pollsView(tabId: number): Promise<PollsView | null>;
  onPollsAction(tabId: number, action: PollsAction): Promise<void>;
  announcementsView(tabId: number): Promise<AnnouncementsView | null>;
  onAnnouncementsAction(tabId: number, action: AnnouncementsAction): Promise<void>;
  /**
   * Where the recent intent ids are kept across a worker restart (storage.session): the ack most often
   * gets lost when the worker stops, and the panel then sends the intent again to the new worker.
   */
  intentLog?: { load(): Promise<string[]>; save(ids: string[]): Promise<void> };
}

/**
 * A feature that brings its own panel messages (group chat, lib/session/chat/wiring.ts): what a panel gets
 * when it starts following a tab, and the intents it handles (false: not its intent).
 */
export interface PanelHubExtension {
  onFollow(tabId: number, post: (message: BackgroundToPanel) => void): Promise<void>;
  onIntent(intent: PanelIntent): Promise<boolean>;
}

/** Intent ids remembered, to ignore an intent a panel sends again after a lost ack. */
const SEEN_INTENTS = 1_000;
/** Of those, the ones kept across a worker restart (a few KB written per intent). */
const LOGGED_INTENTS = 200;

export class PanelHub {
  private followers = new Map<PanelPort, Follower>();
  /** The last SEEN_INTENTS intent ids (insertion-ordered), across panels: ids are random UUIDs. */
  private seen = new Set<string>();
  private seenLoaded: Promise<void> | null = null;
  /** Intents are noted one after another, so that they are handled in the order they arrived. */
  private noting: Promise<unknown> = Promise.resolve();
  private extensions: PanelHubExtension[] = [];

  constructor(private readonly deps: PanelHubDeps) {}

  extend(extension: PanelHubExtension): void {
    this.extensions.push(extension);
  }

  /** Panels showing this tab get the message. */
  postToTab(tabId: number, message: BackgroundToPanel): void {
    for (const [port, follower] of this.followers) if (follower.tabId === tabId) safePost(port, message);
  }

  connect(port: PanelPort): void {
    this.followers.set(port, { windowId: null, tabId: null });
  }

  disconnect(port: PanelPort): void {
    this.followers.delete(port);
  }

  async onMessage(port: PanelPort, message: PanelToBackground): Promise<void> {
    const follower = this.followers.get(port);
    if (!follower) return;
    if (message.type === 'follow') return this.follow(port, follower, message);
    const id = message.intentId;
    if (id === undefined) return this.handle(port, message);
    const noted = this.noting.then(() => this.note(id));
    this.noting = noted;
    // Sent again after a reconnect: it was received before (and is handled, or being handled).
    if (!(await noted)) {
      safePost(port, { type: 'ack', id });
      return;
    }
    try {
      await this.handle(port, message);
    } finally {
      safePost(port, { type: 'ack', id });
    }
  }

  /** Remembers an intent id (durably, before it is handled); false when it was seen before. */
  private async note(id: string): Promise<boolean> {
    const log = this.deps.intentLog;
    if (log) {
      this.seenLoaded ??= log.load().then(
        (ids) => ids.forEach((i) => this.seen.add(i)),
        () => undefined,
      );
      await this.seenLoaded;
    }
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > SEEN_INTENTS) this.seen.delete(this.seen.values().next().value!);
    // A failed save only weakens the guarantee across a restart; the intent itself goes on.
    if (log) await log.save([...this.seen].slice(-LOGGED_INTENTS)).catch(() => undefined);
    return true;
  }

  private async handle(port: PanelPort, message: PanelIntent): Promise<void> {
    switch (message.type) {
      case 'origin-granted':
        return this.deps.onOriginGranted(message.origin, message.tabId);
      case 'qna-action':
        return this.deps.onQnaAction(message.tabId, message.action);
      case 'qna-local':
        return this.deps.onQnaLocal(message.tabId, message.action);
      case 'admin-connect': {
        const status = await this.deps.onAdminConnect(message.tabId, message.credentials, message.remember);
        safePost(port, { type: 'admin', tabId: message.tabId, status });
        return;
      }
      case 'admin-forget':
        safePost(port, { type: 'admin', tabId: message.tabId, status: await this.deps.onAdminForget(message.tabId) });
        return;
      case 'notify-settings': {
        const settings = await this.deps.onNotifySettings(message.patch);
        for (const other of this.followers.keys()) safePost(other, { type: 'notify-settings', settings });
        return;
      }
      case 'webcast-start': {
        const problem = await this.deps.onWebcastStart(message.tabId);
        if (problem) {
          const status = await this.deps.adminStatus(message.tabId);
          safePost(port, { type: 'admin', tabId: message.tabId, status: status && { ...status, error: problem } });
        }
        return;
      }
      case 'polls-action':
        return this.deps.onPollsAction(message.tabId, message.action);
      case 'announcements-action':
        return this.deps.onAnnouncementsAction(message.tabId, message.action);
      default:
        for (const extension of this.extensions) if (await extension.onIntent(message)) return;
    }
  }

  private async follow(port: PanelPort, follower: Follower, message: Extract<PanelToBackground, { type: 'follow' }>): Promise<void> {
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

  /** A panel shows this tab (the moderator may be looking at it). */
  follows(tabId: number): boolean {
    for (const follower of this.followers.values()) if (follower.tabId === tabId) return true;
    return false;
  }

  /** Q&A changed on a tab: panels showing it get the patch. */
  onQnaPatch(tabId: number, patch: QnaPatch): void {
    for (const [port, follower] of this.followers) {
      if (follower.tabId === tabId) safePost(port, { type: 'qna-patch', tabId, patch });
    }
  }

  /** A session started or was replaced on a tab: panels showing it take it whole. */
  onQnaSnapshot(tabId: number, snapshot: QnaSnapshot): void {
    for (const [port, follower] of this.followers) {
      if (follower.tabId === tabId) safePost(port, { type: 'qna', tabId, snapshot });
    }
  }

  /** Tabs some panel shows now. */
  followedTabs(): number[] {
    const tabs = new Set<number>();
    for (const follower of this.followers.values()) if (follower.tabId !== null) tabs.add(follower.tabId);
    return [...tabs];
  }

  /** Polls or announcements changed for a tab: panels showing it get the new view. */
  onTabView(tabId: number, message: Extract<BackgroundToPanel, { type: 'polls' | 'announcements' }>): void {
    for (const [port, follower] of this.followers) {
      if (follower.tabId === tabId) safePost(port, message);
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
    if (tabId === null) return;
    const read = await this.deps.qnaSnapshot(tabId);
    safePost(port, { type: 'qna', tabId, snapshot: read() });
    safePost(port, { type: 'admin', tabId, status: await this.deps.adminStatus(tabId) });
    // Only sessions have polls and announcements (the panel clears both when it switches tabs).
    const polls = await this.deps.pollsView(tabId).catch(() => null);
    if (polls) safePost(port, { type: 'polls', tabId, view: polls });
    const announcements = await this.deps.announcementsView(tabId).catch(() => null);
    if (announcements) safePost(port, { type: 'announcements', tabId, view: announcements });
    for (const extension of this.extensions) await extension.onFollow(tabId, (m) => safePost(port, m)).catch(() => undefined);
    safePost(port, { type: 'notify-settings', settings: await this.deps.notifySettings() });
  }
}

function safePost(port: PanelPort, message: BackgroundToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed while we were answering; its disconnect handler removes it.
  }
}
