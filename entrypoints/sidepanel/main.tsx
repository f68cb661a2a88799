// The side panel (Chrome) / sidebar (Firefox): follows a tab and renders what the background holds for it.
// `?tab=N` pins the panel to one tab (also how tests open it in a tab of its own).
import { render } from 'preact';
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { App } from '@/components/App';
import { connectPanel } from '@/lib/messaging/panel-connection';
import { createPanelState } from '@/lib/panel/panel-state';
import { readSavedView, savedViewOf, type SavedView, type SessionReader } from '@/lib/panel/saved-head';
import { markOnce } from '@/lib/platform/timeline';
import { panelReactions } from '@/lib/panel/reactions';
import { createChatState } from '@/lib/panel/chat-state';
import { requestOrigin } from '@/lib/platform';
import { lazyChatArchiveReader } from '@/lib/platform/chat-archive-lazy';
import './style.css';
import './qna.css';
import './polls.css';

const state = createPanelState();
const chatState = createChatState(state.tabId);
const connected = signal(false);
// The chat archive the worker writes (opened on the report's first read).
const archive = lazyChatArchiveReader();
const grantError = signal<string | null>(null);

async function start() {
  const pinned = Number(new URLSearchParams(location.search).get('tab'));
  const isPinned = Number.isInteger(pinned) && pinned > 0;
  // The tab's saved head, read from storage.session while the port connects (started before this bundle
  // ran: public/sidepanel-early.js): after a worker stop the queue shows before the restarted worker
  // answers (lib/panel/saved-head.ts); its answer replaces it.
  const savedRead = earlySaved() ?? readSaved(isPinned ? pinned : null);
  let adopted = false;
  const adopt = (saved: SavedView | null) => {
    if (adopted) return;
    adopted = true;
    markOnce('panel-saved-read');
    if (saved && state.adoptSaved(saved)) markOnce('panel-saved-applied');
  };
  void savedRead.then(adopt);
  const follow = isPinned
    ? ({ type: 'follow', tabId: pinned } as const)
    : ({ type: 'follow', windowId: (await browser.windows.getCurrent()).id! } as const);

  const connection = connectPanel(
    follow,
    (message) => {
      state.receive(message);
      chatState.receive(message);
    },
    (isConnected) => (connected.value = isConnected),
    (ids) => (state.unacked.value = ids),
  );

  const grant = (origin: string) => {
    grantError.value = null;
    // permissions.request must be the first thing the click does: it needs the user gesture.
    requestOrigin(origin).then(
      (granted) => {
        if (granted) connection.send({ type: 'origin-granted', origin, tabId: state.tabId.value });
        else grantError.value = `Access to ${origin} was not granted.`;
      },
      (error: unknown) =>
        (grantError.value = `Could not ask for access: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const reactions = panelReactions(state.tabId);
  const withTab = (send: (tabId: number) => void) => {
    const tabId = state.tabId.value;
    if (tabId !== null) send(tabId);
  };

  // The first frame with the queue when the read is in soon: an empty panel drawn just before it cost a
  // layout and a paint more on the way to the queue (issue 9). Not long: the read can wait behind a busy
  // worker's own storage reads, and the worker's answer replaces it anyway.
  const first = await Promise.race([savedRead, new Promise<undefined>((r) => setTimeout(r, FIRST_DRAW_WAIT_MS))]);
  if (first !== undefined) adopt(first);
  render(
    <App
      record={state.record}
      tabId={state.tabId}
      qna={state.qna}
      connected={connected}
      unsent={state.unacked}
      grantError={grantError}
      onGrant={grant}
      onQnaAction={(action) => withTab((tabId) => connection.send({ type: 'qna-action', tabId, action }))}
      onQnaLocal={(action) => withTab((tabId) => connection.send({ type: 'qna-local', tabId, action }))}
      admin={state.admin}
      onAdminConnect={(credentials, remember) =>
        withTab((tabId) => connection.send({ type: 'admin-connect', tabId, credentials, remember }))
      }
      onAdminForget={() => withTab((tabId) => connection.send({ type: 'admin-forget', tabId }))}
      onStartWebcast={() => withTab((tabId) => connection.send({ type: 'webcast-start', tabId }))}
      polls={state.polls}
      onPollsAction={(action) => withTab((tabId) => connection.send({ type: 'polls-action', tabId, action }))}
      announcements={state.announcements}
      onAnnouncementsAction={(action) => withTab((tabId) => connection.send({ type: 'announcements-action', tabId, action }))}
      chat={chatState.chat}
      flaggedChat={chatState.flagged}
      onChatAction={(action) => withTab((tabId) => connection.send({ type: 'chat-action', tabId, action }))}
      onChatLocal={(action) => withTab((tabId) => connection.send({ type: 'chat-local', tabId, action }))}
      onDownload={download}
      chatArchive={archive}
      newId={() => crypto.randomUUID()}
      notify={state.notify}
      onNotifySettings={(patch) => connection.send({ type: 'notify-settings', patch })}
      insights={state.insights}
      onInsight={(request) => withTab((tabId) => connection.send({ type: 'insight-request', tabId, request }))}
      reactions={reactions.view}
      onReactionsAction={reactions.act}
      onShows={(streams) => {
        connection.standing({ type: 'panel-shows', chat: streams.chat });
        reactions.setShown(streams.reactions);
      }}
    />,
    document.getElementById('app')!,
  );
}

/** How long the first render waits for the saved head's read, at most (see start). */
const FIRST_DRAW_WAIT_MS = 80;

/** The read public/sidepanel-early.js started before this bundle ran, checked here (or undefined). */
function earlySaved(): Promise<SavedView | null> | undefined {
  const early = (globalThis as { __cncSavedRead?: Promise<{ tabId: number; values: Record<string, unknown> } | null> }).__cncSavedRead;
  return early?.then(
    (read) => (read ? savedViewOf(read.tabId, read.values) : null),
    () => null,
  );
}

/** The saved view of the pinned tab, or of the active tab of this window (the tab the worker will choose). */
async function readSaved(pinned: number | null): Promise<SavedView | null> {
  const area = browser.storage?.session as SessionReader | undefined;
  if (!area) return null;
  try {
    const tabId = pinned ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    return tabId === undefined ? null : await readSavedView(area, tabId);
  } catch {
    return null;
  }
}

/** Saves text as a file: a Blob behind an object URL, clicked through an <a download>. */
function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

void start();
