// The side panels connected to the background, and which tab each one shows.
// A panel follows either one tab (`?tab=` in its URL) or the active tab of its window.
import type { TabRecord } from '../model/context';
import type { QnaAction, QnaLocalAction } from '../model/qna/commands';
import type { QnaPatch, QnaSnapshot } from '../model/qna/session';
import type { QnaHead } from '../contracts/qna-batch';
import type { BackgroundToPanel, PanelIntent, PanelShows, PanelToBackground } from '../contracts/protocol';
import type { AdminCredentials, AdminStatus } from '../contracts/admin';
import type { AnnouncementsAction, AnnouncementsView } from '../contracts/announcements';
import type { PollsAction, PollsView } from '../contracts/polls';
import type { NotifySettings } from '../notify/notify-policy';
import type { InsightRequest, InsightView } from '../contracts/insights';
import { headMessage } from './qna/head';
import { markOnce } from '../platform/timeline';

export interface PanelPort {
  postMessage(message: BackgroundToPanel): void;
}

interface Follower {
  windowId: number | null;
  tabId: number | null;
  /** The busy streams the panel shows (null: it never said, so all of them, as before it could say). */
  shows: PanelShows | null;
}

/** A stream only panels that show it get (PanelShows). */
export type PanelStream = keyof PanelShows;

/**
 * The panels connected now and the tab each one shows: what every part that posts to panels needs (Q&A
 * patches, polls, a feature's view) and what the notifier asks ("does a panel show this tab?"). Made first
 * in the composition root, so those parts and the hub share it without referring to one another.
 */
export class PanelFollowers {
  readonly ports = new Map<PanelPort, Follower>();
  private readonly watchers = new Set<() => void>();

  /**
   * Calls `fn` whenever a panel starts or stops showing a tab (the notifier's "does a panel show it?"), or
   * shows other streams of it (the chat's pace: lib/session/chat/pace.ts).
   */
  watch(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** A panel's tab changed (it followed another, or connected or closed), or the streams it shows. */
  moved(): void {
    for (const fn of this.watchers) fn();
  }

  /** A panel shows this tab (the moderator may be looking at it). */
  follows(tabId: number): boolean {
    for (const follower of this.ports.values()) if (shows(follower, tabId)) return true;
    return false;
  }

  /** A panel shows this tab and this stream of it. */
  showsStream(tabId: number, stream: PanelStream): boolean {
    for (const follower of this.ports.values()) if (shows(follower, tabId, stream)) return true;
    return false;
  }

  /** Tabs some panel shows now. */
  followedTabs(): number[] {
    const tabs = new Set<number>();
    for (const follower of this.ports.values()) if (follower.tabId !== null) tabs.add(follower.tabId);
    return [...tabs];
  }

  /**
   * Posts to every panel that shows the tab. A large Q&A snapshot (a session started or replaced) goes head
   * first, head and snapshot in one go (lib/session/qna/head.ts). With `stream`: only to the panels that
   * show that stream now (a feature catches a panel up when it starts showing it: PanelFeature.onShows).
   */
  postToTab(tabId: number, message: BackgroundToPanel, stream?: PanelStream): void {
    let head: BackgroundToPanel | null | undefined;
    for (const [port, follower] of this.ports) {
      if (!shows(follower, tabId, stream)) continue;
      head = head === undefined ? headMessage(message) : head;
      if (head) safePost(port, head);
      safePost(port, message);
    }
  }

  /** Posts to every panel. */
  postToAll(message: BackgroundToPanel): void {
    for (const port of this.ports.keys()) safePost(port, message);
  }
}

/** Whether a panel follows the tab and, given a stream, shows it (a panel that never said shows them all). */
function shows(follower: Follower, tabId: number, stream?: PanelStream): boolean {
  return follower.tabId === tabId && (!stream || !follower.shows || !!follower.shows[stream]);
}

/**
 * What a feature wired in later (chat, reactions…) adds to the hub: its own intents, and what a panel gets
 * when it starts following a tab. `onIntent` returns true when the intent was its own.
 */
export interface PanelFeature {
  onIntent?(tabId: number | null, message: { type: string; tabId?: number }, post: (message: BackgroundToPanel) => void): Promise<boolean> | boolean;
  /** `panel` identifies the panel (the same object in onShows). */
  onFollow?(tabId: number, post: (message: BackgroundToPanel) => void, panel: PanelPort): Promise<void> | void;
  /**
   * The panel now shows other streams (`was` null: it had never said, so it had them all). Called after the
   * hub applied the change, so that posts with a stream already reach (or skip) the panel accordingly.
   */
  onShows?(tabId: number | null, was: PanelShows | null, now: PanelShows, post: (message: BackgroundToPanel) => void, panel: PanelPort): Promise<void> | void;
}

export interface PanelHubDeps {
  activeTabOf(windowId: number): Promise<{ tabId: number; url?: string } | null>;
  tabUrl(tabId: number): Promise<string | undefined>;
  /**
   * The tab's record, or one made from its URL when it has none. The URL is asked for only then: after a
   * worker restart the browser's answer can wait behind the storage reads of the restore, and a tab with
   * a record (every tab with a session) needs none.
   */
  recordFor(tabId: number, url: () => Promise<string | undefined>): Promise<TabRecord | null>;
  onOriginGranted(origin: string, tabId: number | null): Promise<void>;
  /**
   * Waits until the tab's Q&A is loaded, then gives a reader of it. The hub reads and posts in one step:
   * a patch emitted between reading a snapshot and posting it would otherwise reach the panel before the
   * (older) snapshot that then replaces it, and the panel would miss that change.
   */
  qnaSnapshot(tabId: number): Promise<() => QnaSnapshot | null>;
  /**
   * While the tab's Q&A is being restored: the panel head saved with its rows, to show before they are all
   * read (null: none, or the session is live). The snapshot read afterwards is the rest of this head.
   */
  qnaSavedHead?(tabId: number): Promise<QnaHead | null>;
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
  /** Settings and reports (issue 12): answers the panel's question about the tab's session. */
  onInsight?(tabId: number, request: InsightRequest): Promise<InsightView | null>;
  /** Timers for a held Q&A rest (tests give fakes); the global ones by default. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/**
 * How long the rest of a large Q&A snapshot waits for the panel to say it drew the head, at most: then it
 * goes anyway (a panel that never says so still gets everything). The panel says so within a frame of the
 * head's render, 50-300 ms under load.
 */
export const HEAD_SHOWN_WAIT_MS = 1_500;

/** The rest of a large Q&A snapshot a panel has the head of, held until it drew the head. */
interface HeldRest {
  tabId: number;
  /** Null while the session is still being restored (a saved head went first). */
  read: (() => QnaSnapshot | null) | null;
  timer: unknown;
  /** The panel drew the head (or the wait is over) before the rest could be read: it goes when it can. */
  due: boolean;
}

/** Intent ids remembered, to ignore an intent a panel sends again after a lost ack. */
const SEEN_INTENTS = 1_000;
/** Of those, the ones kept across a worker restart (a few KB written per intent). */
const LOGGED_INTENTS = 200;

export class PanelHub {
  private readonly followers: Map<PanelPort, Follower>;
  private readonly features = new Set<PanelFeature>();
  /** The last SEEN_INTENTS intent ids (insertion-ordered), across panels: ids are random UUIDs. */
  private seen = new Set<string>();
  private seenLoaded: Promise<void> | null = null;
  /** Intents are noted one after another, so that they are handled in the order they arrived. */
  private noting: Promise<unknown> = Promise.resolve();
  private readonly rests = new Map<PanelPort, HeldRest>();
  private readonly timers: NonNullable<PanelHubDeps['timers']>;

  constructor(
    private readonly deps: PanelHubDeps,
    readonly panels: PanelFollowers = new PanelFollowers(),
  ) {
    this.followers = panels.ports;
    this.timers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  }

  /** A feature's intents and follow-time views; returns its removal. */
  use(feature: PanelFeature): () => void {
    this.features.add(feature);
    return () => this.features.delete(feature);
  }

  connect(port: PanelPort): void {
    this.followers.set(port, { windowId: null, tabId: null, shows: null });
  }

  disconnect(port: PanelPort): void {
    this.dropRest(port);
    const follower = this.followers.get(port);
    this.followers.delete(port);
    if (follower?.tabId != null) this.panels.moved();
  }

  async onMessage(port: PanelPort, message: PanelToBackground): Promise<void> {
    const follower = this.followers.get(port);
    if (!follower) return;
    if (message.type === 'follow') return this.follow(port, follower, message);
    if (message.type === 'panel-shows') return this.setShows(port, follower, { chat: message.chat === true });
    if (message.type === 'qna-head-shown') {
      markOnce('head-shown');
      return this.postRest(port, message.tabId);
    }
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
        this.panels.postToAll({ type: 'notify-settings', settings });
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
      case 'insight-request': {
        const view = await this.deps.onInsight?.(message.tabId, message.request).catch(() => null);
        if (view) safePost(port, { type: 'insight', tabId: message.tabId, view });
        return;
      }
      default: {
        // Another feature's intent (its type is in its own block of the protocol).
        const other = message as { type: string; tabId?: number };
        const post = (reply: BackgroundToPanel) => safePost(port, reply);
        for (const feature of this.features) if (await feature.onIntent?.(other.tabId ?? null, other, post)) return;
      }
    }
  }

  private async follow(port: PanelPort, follower: Follower, message: Extract<PanelToBackground, { type: 'follow' }>): Promise<void> {
    if ('tabId' in message) {
      const tabId = message.tabId;
      Object.assign(follower, { windowId: null, tabId });
      this.panels.moved();
      await this.send(port, tabId, () => this.deps.tabUrl(tabId));
    } else {
      const active = await this.deps.activeTabOf(message.windowId);
      Object.assign(follower, { windowId: message.windowId, tabId: active?.tabId ?? null });
      this.panels.moved();
      await this.send(port, active?.tabId ?? null, async () => active?.url);
    }
  }

  private async setShows(port: PanelPort, follower: Follower, shows: PanelShows): Promise<void> {
    const was = follower.shows;
    if (was && was.chat === shows.chat) return;
    follower.shows = shows;
    const post = (message: BackgroundToPanel) => safePost(port, message);
    for (const feature of this.features) await Promise.resolve(feature.onShows?.(follower.tabId, was, shows, post, port)).catch(() => undefined);
    this.panels.moved();
  }

  /** A window's active tab changed: panels following that window switch to it. */
  async onActiveTab(windowId: number, tabId: number): Promise<void> {
    const url = await this.deps.tabUrl(tabId);
    let moved = false;
    for (const follower of this.followers.values()) {
      if (follower.windowId !== windowId || follower.tabId === tabId) continue;
      follower.tabId = tabId;
      moved = true;
    }
    if (moved) this.panels.moved();
    for (const [port, follower] of this.followers) {
      if (follower.windowId !== windowId) continue;
      await this.send(port, tabId, async () => url);
    }
  }

  /** A panel shows this tab (the moderator may be looking at it). */
  follows(tabId: number): boolean {
    return this.panels.follows(tabId);
  }

  /** Q&A changed on a tab: panels showing it get the patch. */
  onQnaPatch(tabId: number, patch: QnaPatch): void {
    this.panels.postToTab(tabId, { type: 'qna-patch', tabId, patch });
  }

  /** A session started or was replaced on a tab: panels showing it take it whole. */
  onQnaSnapshot(tabId: number, snapshot: QnaSnapshot): void {
    this.panels.postToTab(tabId, { type: 'qna', tabId, snapshot });
  }

  /** Tabs some panel shows now. */
  followedTabs(): number[] {
    return this.panels.followedTabs();
  }

  /** Polls or announcements changed for a tab: panels showing it get the new view. */
  onTabView(tabId: number, message: Extract<BackgroundToPanel, { type: 'polls' | 'announcements' }>): void {
    this.panels.postToTab(tabId, message);
  }

  /** A tab's record changed (or it closed, record null). */
  onRecord(tabId: number, record: TabRecord | null): void {
    this.panels.postToTab(tabId, { type: 'tab', tabId, record });
  }

  /**
   * The tab's Q&A to a panel that starts following it. A large snapshot goes as its head now (the queue at
   * once) and whole once the panel says it drew the head, or after HEAD_SHOWN_WAIT_MS: read then, so it holds
   * every change since the head, which the panel also got as patches on its partial list (issue 9: the
   * rest's reading on the panel's thread came before the head's first render).
   */
  private postQna(port: PanelPort, tabId: number, read: () => QnaSnapshot | null): void {
    this.dropRest(port);
    const snapshot = read();
    const message: BackgroundToPanel = { type: 'qna', tabId, snapshot };
    const head = headMessage(message);
    if (!head) return safePost(port, message);
    markOnce('snapshot-post');
    safePost(port, head);
    this.holdRest(port, tabId, read);
  }

  private holdRest(port: PanelPort, tabId: number, read: HeldRest['read']): void {
    const timer = this.timers.setTimeout(() => this.postRest(port, tabId), HEAD_SHOWN_WAIT_MS);
    this.rests.set(port, { tabId, read, timer, due: false });
  }

  /** The held rest of the tab's snapshot goes to the panel (once), if it still shows that tab. */
  private postRest(port: PanelPort, tabId: number): void {
    const rest = this.rests.get(port);
    if (!rest || rest.tabId !== tabId) return;
    if (!rest.read) {
      rest.due = true; // still being read: it goes as soon as it is
      return;
    }
    this.dropRest(port);
    // A panel that moved to another tab got that tab's Q&A instead.
    if (this.followers.get(port)?.tabId !== tabId) return;
    safePost(port, { type: 'qna', tabId, snapshot: rest.read() });
  }

  private dropRest(port: PanelPort): void {
    const rest = this.rests.get(port);
    if (!rest) return;
    this.rests.delete(port);
    this.timers.clearTimeout(rest.timer);
  }

  private async send(port: PanelPort, tabId: number | null, url: () => Promise<string | undefined>): Promise<void> {
    const record = tabId === null ? null : await this.deps.recordFor(tabId, url);
    safePost(port, { type: 'tab', tabId, record });
    if (tabId === null) return;
    // After a worker restart: the head saved with the rows, at once; the rows are being read meanwhile.
    const saved = (await this.deps.qnaSavedHead?.(tabId).catch(() => null)) ?? null;
    if (saved) {
      this.dropRest(port);
      markOnce('saved-head');
      safePost(port, { type: 'qna-head', tabId, head: saved });
      this.holdRest(port, tabId, null);
    }
    const read = await this.deps.qnaSnapshot(tabId);
    const held = this.rests.get(port);
    if (saved && held?.tabId === tabId && held.read === null) {
      held.read = read;
      if (held.due) this.postRest(port, tabId);
      return this.sendRest(port, tabId);
    }
    this.postQna(port, tabId, read);
    return this.sendRest(port, tabId);
  }

  /** What a panel gets after the tab's Q&A when it starts following the tab. */
  private async sendRest(port: PanelPort, tabId: number): Promise<void> {
    safePost(port, { type: 'admin', tabId, status: await this.deps.adminStatus(tabId) });
    // Only sessions have polls and announcements (the panel clears both when it switches tabs).
    const polls = await this.deps.pollsView(tabId).catch(() => null);
    if (polls) safePost(port, { type: 'polls', tabId, view: polls });
    const announcements = await this.deps.announcementsView(tabId).catch(() => null);
    if (announcements) safePost(port, { type: 'announcements', tabId, view: announcements });
    safePost(port, { type: 'notify-settings', settings: await this.deps.notifySettings() });
    const post = (message: BackgroundToPanel) => safePost(port, message);
    for (const feature of this.features) await Promise.resolve(feature.onFollow?.(tabId, post, port)).catch(() => undefined);
  }
}

function safePost(port: PanelPort, message: BackgroundToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel closed while we were answering; its disconnect handler removes it.
  }
}
