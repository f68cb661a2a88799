// Everything the background needs from the browser, as plain functions: lib/platform/background-deps.ts
// makes them from the real browser, a test makes them from fakes. Event sources are `on…(listener)` that
// return their removal, so a background can be disposed (a test starts a second one over the same storage,
// as a restarted service worker does).
import type { BackgroundToContent, BackgroundToPanel } from '../contracts/protocol';
import type { Fetch } from '../kaltura/api';
import type { Alarms } from '../platform/alarms';
import type { Badge } from '../platform/badge';
import type { StorageArea } from '../platform/storage';
import type { ChatArchiveWriter } from '../platform/chat-archive';

export type Dispose = () => void;

export interface TabInfo {
  id: number;
  windowId: number;
  active: boolean;
  url?: string;
}

/** Who sent a runtime message (the fields of runtime.MessageSender the background reads). */
export interface MessageSender {
  /** The sending extension's id. */
  id?: string;
  tabId?: number;
  documentLifecycle?: string;
}

/** A panel's runtime port. */
export interface PortLike {
  name: string;
  /** The URL of the page that opened it. */
  senderUrl?: string;
  postMessage(message: BackgroundToPanel): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
}

export interface BackgroundDeps {
  storage: { session: StorageArea; local: StorageArea };
  tabs: {
    get(tabId: number): Promise<TabInfo | null>;
    /** The active tab of a window. */
    activeIn(windowId: number): Promise<TabInfo | null>;
    /** Open tabs whose URL matches the pattern (match-pattern syntax). */
    query(urlPattern: string): Promise<TabInfo[]>;
    windowFocused(windowId: number): Promise<boolean>;
    /** A message to the tab's content script; rejects when nothing there answers. */
    send(tabId: number, message: BackgroundToContent): Promise<unknown>;
    onUpdated(listener: (tabId: number, change: { url?: string; status?: string }, tab: { url?: string }) => void): Dispose;
    onRemoved(listener: (tabId: number) => void): Dispose;
    onActivated(listener: (info: { tabId: number; windowId: number }) => void): Dispose;
    /** Another window (or none: the browser) has the focus now. */
    onWindowFocus?(listener: () => void): Dispose;
  };
  runtime: {
    /** This extension's id, and the URL prefix of its own pages. */
    id: string;
    pagesUrl: string;
    onMessage(listener: (message: unknown, sender: MessageSender) => void): Dispose;
    onConnect(listener: (port: PortLike) => void): Dispose;
    onStartup(listener: () => void): Dispose;
    onInstalled(listener: () => void): Dispose;
  };
  alarms: Alarms & { onAlarm(listener: (name: string) => void): Dispose };
  badge: {
    /** Draws the tab's badge; may skip what the tab already shows (lib/platform/badge.ts). */
    set(tabId: number, badge: Badge): Promise<void>;
    /** The browser reset the tab's badge (it navigated): the next set draws it all. */
    forget?(tabId: number): void;
  };
  notifications: { show(tabId: number, notice: { title: string; message: string; silent: boolean }): void };
  /** Origins the moderator granted (white-labelled event domains). */
  origins: {
    has(origin: string): Promise<boolean>;
    /** Registers the content scripts on exactly the granted origins. */
    sync(): Promise<void>;
    /**
     * The granted origins beyond the manifest's Kaltura hosts (`https://host`). Optional so that fakes
     * written before it still type-check: absent means none.
     */
    granted?(): Promise<string[]>;
    inject(tabId: number): Promise<void>;
    onChanged(listener: () => void): Dispose;
  };
  /** The Kaltura API's fetch (and the app-token and session checks'). */
  fetch: Fetch;
  clock: {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
  newId(): string;
  /** The e2e build: the content script hears that a notification was shown. */
  probe?: boolean;
  /** The chat archive on disk (IndexedDB; absent: none, as in unit tests). */
  chatArchive?: ChatArchiveWriter;
}
