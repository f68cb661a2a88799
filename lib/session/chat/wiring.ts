// Group chat in the background (issue 11): the chat manager, how it reaches the tab's widget (through the
// content script), the panels (snapshot on follow, then patches) and the badge (flagged messages count
// with waiting questions). background.ts makes one call and routes `chat-batch` messages here.
import type { ChatBatch, ChatPanelIntent } from '../../contracts/chat';
import type { BackgroundToContent, PerformResult } from '../../contracts/protocol';
import type { StorageArea } from '../../platform/storage';
import type { PanelFeature, PanelFollowers } from '../panel-hub';
import { chatCapabilitiesOf, chatProfileOf } from '../../cnc/chat-profile';
import type { ChatSurfacePort, FlaggedSummary } from './chat-session';
import { ChatManager, type ChatMark } from './manager';
import { markChatHop } from '../../cnc/chat-hops';
import { ChatPaceTeller } from './pace';
import { FlaggedPosts } from './flagged-posts';
import type { ChatArchiveWriter } from '../../platform/chat-archive';

export interface ChatWiringDeps {
  panels: Pick<PanelFollowers, 'postToTab' | 'showsStream' | 'followedTabs' | 'watch'>;
  /** Registers the chat's panel intents and what a panel gets when it follows a tab (PanelHub.use). */
  usePanel(feature: PanelFeature): () => void;
  badges: { setFlagged(tabId: number, flagged: FlaggedSummary): Promise<unknown> };
  tellTab(tabId: number, message: BackgroundToContent): Promise<PerformResult | undefined>;
  session: StorageArea;
  local: StorageArea;
  archive?: ChatArchiveWriter;
  meOf(tabId: number): Promise<string>;
  partnerOf(tabId: number): Promise<number | null>;
  now(): number;
  newId(): string;
  setTimeout(fn: () => void, ms: number): unknown;
}

/** The CnC widget as a chat surface: actions go to the tab's content script, which clicks its controls. */
export function cncChatSurface(
  profileId: string,
  performInTab: (commandId: string, action: Parameters<ChatSurfacePort['perform']>[0]) => Promise<PerformResult | undefined>,
): ChatSurfacePort | null {
  const profile = chatProfileOf(profileId);
  if (!profile) return null;
  return {
    capabilities: chatCapabilitiesOf(profile, profileId),
    async perform(action, commandId) {
      let result: PerformResult | undefined;
      try {
        result = await performInTab(commandId, action);
      } catch {
        throw new Error('The event tab did not answer: it may have been closed or reloaded.');
      }
      if (!result) throw new Error('The event tab did not answer: reload it and try again.');
      if (!result.ok) throw new Error(result.error);
    },
  };
}

export function wireChat(deps: ChatWiringDeps) {
  const flaggedPosts = new FlaggedPosts();
  const chat = new ChatManager({
    session: deps.session,
    local: deps.local,
    archive: deps.archive,
    now: deps.now,
    newId: deps.newId,
    surfaceFor: (tabId, profileId) => cncChatSurface(profileId, (commandId, action) => deps.tellTab(tabId, { type: 'chat-perform', commandId, action })),
    meOf: deps.meOf,
    partnerOf: deps.partnerOf,
    rescan: (tabId) => void deps.tellTab(tabId, { type: 'chat-rescan' }).catch(() => undefined),
    onPatch: (tabId, patch) => {
      // Only to panels that show the chat: the others are caught up when they show it (onShows below).
      deps.panels.postToTab(tabId, { type: 'chat-patch', tabId, patch }, 'chat');
      if (patch.upserts) markChatHop('sw-posted', () => patch.upserts!.map((m) => m.id));
    },
    onSnapshot: (tabId, snapshot) => deps.panels.postToTab(tabId, { type: 'chat', tabId, snapshot }),
    onFlagged: (tabId, flagged) => void deps.badges.setFlagged(tabId, flagged),
    // Every panel of the tab (no stream): the Q&A inbox shows them whatever view is open.
    // (Its total alone when the items are those the panels have: FlaggedPosts.)
    onFlaggedList: (tabId, list) => deps.panels.postToTab(tabId, flaggedPosts.message(tabId, list)),
    setTimeout: deps.setTimeout,
  });
  /**
   * Where each panel stood in its tab's chat when it stopped taking the chat's patches (its Chat view hidden,
   * lib/panel/while-shown.ts), or when it last got a snapshot: what it lacks when it shows the chat again.
   */
  const marks = new WeakMap<object, { tabId: number; mark: ChatMark | null }>();
  const stop = deps.usePanel({
    async onFollow(tabId, post, panel) {
      // Read and post in one step (see PanelHubDeps.qnaSnapshot): no patch can slip between the two. A panel
      // that does not show the chat gets it too: it shows the Chat view's tab, and the badge's count.
      const read = await chat.snapshotReader(tabId);
      post({ type: 'chat', tabId, snapshot: read() });
      marks.set(panel, { tabId, mark: chat.markOf(tabId) });
      const list = await chat.flaggedList(tabId);
      post({ type: 'chat-flagged', tabId, list });
      flaggedPosts.followed(tabId, list);
    },
    async onShows(tabId, was, now, post, panel) {
      if (tabId === null) return;
      const had = was === null || was.chat;
      if (had && !now.chat) {
        // From here on it gets no patches: it has everything up to this mark.
        marks.set(panel, { tabId, mark: chat.markOf(tabId) });
      } else if (!had && now.chat) {
        // Shown again: what changed meanwhile, in one patch (or the snapshot, if the session is another).
        // Patches emitted while the chat loads reach it already; the catch-up covers them too.
        const known = marks.get(panel);
        const read = await chat.catchUpReader(tabId, known?.tabId === tabId ? known.mark : null);
        const { message, mark } = read();
        if (!message) return; // nothing changed meanwhile
        if ('patch' in message) post({ type: 'chat-patch', tabId, patch: message.patch });
        else post({ type: 'chat', tabId, snapshot: message.snapshot });
        marks.set(panel, { tabId, mark });
      }
    },
    async onIntent(_tabId, message) {
      const intent = message as ChatPanelIntent;
      if (intent.type === 'chat-action') await chat.act(intent.tabId, intent.action);
      else if (intent.type === 'chat-local') await chat.local(intent.tabId, intent.action);
      else return false;
      return true;
    },
  });
  // Whether a panel shows each tab's chat, told to its content script (the pace of its posts).
  const pace = new ChatPaceTeller({
    shown: (tabId) => deps.panels.showsStream(tabId, 'chat'),
    followed: () => deps.panels.followedTabs(),
    tell: (tabId, p) => void deps.tellTab(tabId, { type: 'chat-pace', pace: p }).catch(() => undefined),
  });
  const unwatch = deps.panels.watch(() => pace.changed());
  return {
    stop: () => {
      unwatch();
      stop();
    },
    onBatch: (tabId: number, batch: ChatBatch) => {
      if (batch.full) pace.fullRead(tabId);
      return chat.onBatch(tabId, batch).catch(() => undefined);
    },
    forget: (tabId: number) => {
      pace.forget(tabId);
      flaggedPosts.forget(tabId);
      return chat.forget(tabId);
    },
    /** The session's chat record (messages, senders, flagged, deleted, blocked), for settings and reports. */
    records: (tabId: number) => chat.records(tabId),
  };
}
