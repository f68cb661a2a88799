import { computed, untracked, useComputed, useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { TabRecord } from '@/lib/model/context';
import type { QnaAction, QnaLocalAction } from '@/lib/model/qna/commands';
import type { QnaMirror } from '@/lib/model/qna/session';
import type { AdminCredentials, AdminStatus } from '@/lib/contracts/admin';
import { AccessRequest } from './AccessRequest';
import { LazyAdminSessionForm as AdminSessionForm } from './LazyAdminSessionForm';
import { NotifyControls } from './NotifyControls';
import type { NotifySettings } from '@/lib/notify/notify-policy';
import { ContextCard } from './ContextCard';
import { ModeratorViewNotice } from './ModeratorViewNotice';
import { Diagnostics } from './Diagnostics';
import { ProblemList } from './ProblemList';
import { QnaView } from './qna/QnaView';
import { clockTime } from '@/lib/model/qna/view';
import { LazyPolls as PollsPanel } from './polls/LazyPolls';
import { LazyAnnouncements as AnnouncementsPanel } from './announcements/LazyAnnouncements';
import type { PollsAction, PollsView } from '@/lib/contracts/polls';
import type { AnnouncementsAction, AnnouncementsView } from '@/lib/contracts/announcements';
import type { InsightRequest, InsightView } from '@/lib/contracts/insights';
import { LazySettings as SettingsView } from './settings/LazySettings';
import { LazyReport } from './report/LazyReport';
import { LazyReactions as ReactionMeter } from './reactions/LazyReactions';
import type { ReactionsAction, ReactionsView } from '@/lib/contracts/reactions';
import { LazyChat as ChatView } from './chat/LazyChat';
import { streamsShown, whileShown, type ShownStreams } from '@/lib/panel/while-shown';
import { onTabKey } from './viewTabs';
import { restoreScroll, saveScroll, type SavedScroll } from './viewScroll';
import './views.css';
import { LazyTeach as TeachView } from './teach/LazyTeach';
import type { ChatMirror } from '@/lib/model/chat/session';
import type { ChatAction, ChatLocalAction } from '@/lib/model/chat/commands';
import type { FlaggedChatList } from '@/lib/model/chat/flagged-list';
import { PersonCardOpener, type PersonRef } from './chat/person-ref';
import { LazyPersonCard } from './chat/LazyPersonCard';
import type { ChatArchiveReader } from '@/lib/platform/chat-archive';

export interface AppProps {
  record: ReadonlySignal<TabRecord | null>;
  tabId: ReadonlySignal<number | null>;
  qna: ReadonlySignal<QnaMirror | null>;
  connected: ReadonlySignal<boolean>;
  /** Ids of the moderator's intents the background has not acknowledged yet (they wait while offline). */
  unsent?: ReadonlySignal<readonly string[]>;
  grantError: ReadonlySignal<string | null>;
  onGrant(origin: string): void;
  onQnaAction(action: QnaAction): void;
  onQnaLocal(action: QnaLocalAction): void;
  admin: ReadonlySignal<AdminStatus | null>;
  onAdminConnect(credentials: AdminCredentials, remember: boolean): void;
  onAdminForget(): void;
  onStartWebcast(): void;
  /** The followed session's polls and announcements (absent: the views are not offered). */
  polls?: ReadonlySignal<PollsView | null>;
  onPollsAction?(action: PollsAction): void;
  announcements?: ReadonlySignal<AnnouncementsView | null>;
  onAnnouncementsAction?(action: AnnouncementsAction): void;
  /** The followed session's group chat (absent: the view is not offered). */
  chat?: ReadonlySignal<ChatMirror | null>;
  onChatAction?(action: ChatAction): void;
  onChatLocal?(action: ChatLocalAction): void;
  /** Flagged chat for the Q&A inbox's Pending tab (lib/panel/chat-state.ts `flagged`). */
  flaggedChat?: ReadonlySignal<FlaggedChatList | null>;
  /** Saves a file (the CSV export). */
  onDownload?(fileName: string, text: string, type: string): void;
  /** The chat archive on this computer, for the report's chat CSV (absent: none). */
  chatArchive?: ChatArchiveReader | null;
  newId?(): string;
  notify: ReadonlySignal<NotifySettings | null>;
  onNotifySettings(patch: Partial<NotifySettings>): void;
  /** Settings and reports (issue 12): answers from the background, and how to ask. Absent: views not offered. */
  insights?: ReadonlySignal<Record<string, InsightView>>;
  onInsight?(request: InsightRequest): void;
  /** The followed tab's reactions meter (absent: the view is not offered). */
  reactions?: ReadonlySignal<ReactionsView | null>;
  onReactionsAction?(action: ReactionsAction): void;
  /** What the panel shows of the background's busy streams, on every change (lib/panel/while-shown.ts). */
  onShows?(streams: ShownStreams): void;
}

type View = 'qna' | 'chat' | 'polls' | 'announcements' | 'reactions' | 'settings' | 'report' | 'page' | 'teach';

const VIEW_LABELS: Record<View, string> = {
  qna: 'Q&A',
  chat: 'Chat',
  polls: 'Polls',
  announcements: 'Announcements',
  reactions: 'Reactions',
  settings: 'Settings',
  report: 'Report',
  page: 'This page',
  teach: 'Teach',
};

const HEADLINES: Record<TabRecord['state'] | 'no-tab', string> = {
  'no-tab': 'No tab to follow',
  'not-kaltura': 'Not a Kaltura event page',
  'needs-access': 'This looks like a Kaltura event on its own domain',
  detecting: 'Reading the Kaltura page…',
  'kaltura-no-cnc': 'Kaltura page without the CnC widget',
  attached: 'Attached to Chat & Collaborate',
};

export function App(props: AppProps) {
  const { record, tabId, qna, connected, grantError, onGrant, onQnaAction, onQnaLocal } = props;
  const flaggedChat = useMemo(
    () => (props.flaggedChat && props.onChatAction ? { list: props.flaggedChat, onAction: props.onChatAction, onLocal: props.onChatLocal ?? (() => undefined) } : undefined),
    [props.flaggedChat, props.onChatAction, props.onChatLocal],
  );
  // App reads the busy signals (Q&A, polls, reactions: several changes a second in a busy session) only
  // through computed values that change when what App shows changes: reading them here re-rendered the
  // whole panel, every pane and hidden view with it, on every patch. The views read them in <Live> below.
  // The widget (or Kaltura) stopped answering: the header must not keep saying "Attached" in green.
  const offlineSince = useDerived(() => qna.value?.meta.staleSince ?? null, [qna]);
  const qnaPresent = useDerived(() => qna.value !== null, [qna]);
  const qnaEntryId = useDerived(() => qna.value?.meta.entryId ?? '', [qna]);
  const qnaWebcast = useDerived(() => qna.value?.meta.surface === 'webcast', [qna]);
  const pollsContext = useDerived(() => props.polls?.value?.contextId ?? null, [props.polls]);
  const announcementsContext = useDerived(() => props.announcements?.value?.contextId ?? null, [props.announcements]);
  const reactionsEntry = useDerived(() => props.reactions?.value?.entryId ?? null, [props.reactions]);
  const current = record.value;
  const state = current?.state ?? 'no-tab';
  const origin = current ? webOrigin(current.url) : null;
  const chosen = useSignal<View | null>(null);
  const kalturaPage = state === 'attached' || state === 'kaltura-no-cnc';
  // Polls and announcements belong to a session: a view is shown only for the session the tab is on now
  // (the tab may have moved to another session, or to a lobby, since the view arrived; acting on a stale
  // view would act on the wrong session, or do nothing).
  const entryId = kalturaPage ? (current?.context?.entryId ?? null) : null;
  const hasQna = kalturaPage && qnaPresent;
  const hasPolls = entryId !== null && pollsContext === entryId && !!props.onPollsAction;
  const hasAnnouncements = entryId !== null && announcementsContext === entryId && !!props.onAnnouncementsAction;
  // The background sends these views when the panel starts following a tab and when they change; when the
  // tab itself moves to another session (or from a lobby into one), ask for the new session's views.
  const asked = useRef<string | null>(null);
  useEffect(() => {
    const key = entryId === null ? null : `${tabId.value ?? ''}|${entryId}`;
    if (key === asked.current) return;
    asked.current = key;
    if (key === null) return;
    if (pollsContext !== entryId) props.onPollsAction?.({ kind: 'refresh' });
    if (announcementsContext !== entryId) props.onAnnouncementsAction?.({ kind: 'refresh' });
    // Only when the tab or its session changed: an effect for every render of the panel cost two timer tasks
    // each (Preact runs effects after the next frame).
  }, [tabId.value, entryId]);
  const hasInsights = entryId !== null && !!props.onInsight;
  const hasReactions = entryId !== null && reactionsEntry === entryId && !!props.onReactionsAction;
  // The views' own reads of the busy signals (see Live).
  const pollsView = () => props.polls?.value ?? null;
  const announcementsView = () => props.announcements?.value ?? null;
  const reactionsView = () => props.reactions?.value ?? null;
  // Whether there is a chat, not the chat itself: read here, every chat patch (tens a second) re-rendered
  // the whole panel, whichever view was shown.
  const chatPresent = useComputed(() => !!props.chat?.value);
  const hasChat = kalturaPage && chatPresent.value && !!props.onChatAction;
  const views: View[] = [
    ...(hasQna ? ['qna' as const] : []),
    ...(hasChat ? ['chat' as const] : []),
    ...(hasPolls ? ['polls' as const] : []),
    ...(hasAnnouncements ? ['announcements' as const] : []),
    ...(hasReactions ? ['reactions' as const] : []),
    ...(hasInsights ? (['settings', 'report'] as const) : []),
    'page',
  ];
  // Teach mode (components/teach): on a Kaltura page of an https origin, whether or not a profile matched;
  // opened from the page view's diagnostics, not a tab of its own.
  const canTeach = kalturaPage && !!origin && tabId.value !== null;
  const wanted = chosen.value ?? (hasQna ? 'qna' : 'page');
  const view: View = views.includes(wanted) || (wanted === 'teach' && canTeach) ? wanted : 'page';
  // Switching views keeps each view's state (its tab, search, drafts, open boxes): a view, once shown, stays
  // mounted and is only hidden while another is shown. A view that is no longer offered (the tab left the
  // session) is dropped with its state; one for another session starts afresh (its pane is keyed by session).
  const shown = useRef(new Set<View>());
  for (const v of shown.current) if (!views.includes(v)) shown.current.delete(v);
  shown.current.add(view);
  // Where each view was scrolled (the page, and any list inside it): hiding a view forgets its scroll
  // positions, so they are put back when the view is shown again.
  const scrolls = useRef(new Map<View, SavedScroll>());
  const panes = useRef(new Map<View, HTMLElement>());
  const choose = (v: View) => {
    if (v === view) return;
    const from = panes.current.get(view);
    if (from) scrolls.current.set(view, saveScroll(from));
    chosen.value = v;
    // Shown again, a kept view asks afresh what it asked when it opened: where announcements go may have
    // changed meanwhile (an ADMIN session connected on "This page").
    if (v === 'announcements' && shown.current.has(v)) props.onAnnouncementsAction?.({ kind: 'refresh' });
  };
  useLayoutEffect(() => {
    const saved = scrolls.current.get(view);
    if (saved) restoreScroll(saved);
    scrolls.current.delete(view);
  }, [view]);
  // A hidden view stays mounted (its state kept) but stops following the chat: shown again, it gets the
  // latest at once (lib/panel/while-shown.ts). Written here, in render: the Chat view below reads it in the
  // same pass, so it is never shown a frame behind.
  // Not paced: at 200 messages/s the background sends ~20 patches a second, and a pace that merged any of
  // them (a gap over 50 ms) added its gap to every message's way to the panel (ingest p95 71 → 305 ms with
  // 250 ms) against the < 100 ms goal. A shown Chat view renders each patch.
  const chatShown = useSignal(false);
  chatShown.value = view === 'chat';
  const shownChat = useMemo(() => props.chat && whileShown(props.chat, chatShown), [props.chat, chatShown]);
  const session = `${tabId.value ?? ''}|${entryId ?? ''}`;
  const pane = (v: View, children: ComponentChildren, perSession = true) =>
    shown.current.has(v) && (
      <div
        key={perSession ? `${v}|${session}` : v}
        class="view-pane"
        data-pane={v}
        hidden={view !== v}
        ref={(el) => {
          if (el) panes.current.set(v, el);
          else if (panes.current.get(v)?.isConnected === false) panes.current.delete(v);
        }}
      >
        {children}
      </div>
    );
  // A person's card opens from a name in any view (issue 11); the Chat view opens its own.
  const person = useSignal<PersonRef | null>(null);
  const openPerson = useRef((p: PersonRef) => (person.value = p)).current;
  // The background sends the chat and the live meter only while something here shows them (before paint:
  // the catch-up is on its way as the view first draws).
  const streams = streamsShown(view, person.value !== null);
  useLayoutEffect(() => props.onShows?.(streams), [streams.chat, streams.reactions]);
  return (
    <PersonCardOpener.Provider value={openPerson}>
    <main data-testid="panel" data-state={state} data-tab-id={tabId.value ?? ''} data-view={view}>
      <header class="bar">
        <h1>CnC Moderator</h1>
        {entryId !== null && (
          <span class="session-name" data-testid="panel-session" title={`Session ${entryId}`}>
            {current?.context?.title || entryId}
          </span>
        )}
        {!connected.value && (
          <span class="pill warn" role="status" data-testid="panel-reconnecting">
            Reconnecting…
            {(props.unsent?.value.length ?? 0) > 0 &&
              ` ${props.unsent!.value.length} ${props.unsent!.value.length === 1 ? 'action' : 'actions'} not yet sent: they go out when the panel reconnects.`}
          </span>
        )}
      </header>
      <p
        data-testid="status"
        class={`status status-${offlineSince !== null && state === 'attached' ? 'offline' : state}`}
        role="status"
        aria-live="polite"
      >
        {offlineSince !== null && state === 'attached' ? `Offline since ${clockTime(offlineSince)}: Kaltura is not answering` : HEADLINES[state]}
      </p>
      {state === 'attached' && current?.context?.cnc.present && !current.context.cnc.moderatorView && entryId !== null && (
        <ModeratorViewNotice pageUrl={current.url} entryId={entryId} />
      )}
      {views.length > 1 && (
        <nav class="views" role="tablist" aria-label="Views" onKeyDown={(e) => onTabKey(e, views, view, choose)}>
          {views.map((v, i) => (
            <button
              key={v}
              type="button"
              role="tab"
              data-testid={`view-${v}`}
              data-view={v}
              aria-selected={view === v}
              tabIndex={view === v || (i === 0 && !views.includes(view)) ? 0 : -1}
              class={view === v ? 'current' : ''}
              onClick={() => choose(v)}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </nav>
      )}
      {hasQna &&
        pane(
          'qna',
          <>
            <QnaView snapshot={qna} onAction={onQnaAction} onLocal={onQnaLocal} hidden={view !== 'qna'} flaggedChat={flaggedChat} />
            <NotifyControls
              settings={props.notify.value}
              entryId={qnaEntryId}
              onChange={props.onNotifySettings}
            />
          </>,
          false,
        )}
      {hasChat &&
        props.chat &&
        props.onChatAction &&
        pane('chat', <ChatView chat={shownChat!} qna={qna} onAction={props.onChatAction} onLocal={props.onChatLocal ?? (() => undefined)} />)}
      {hasPolls &&
        props.onPollsAction &&
        pane(
          'polls',
          <Live shown={view === 'polls'}>
            {() => (
              <PollsPanel
                view={pollsView()}
                onAction={props.onPollsAction!}
                onDownload={props.onDownload ?? (() => undefined)}
                newId={props.newId ?? (() => crypto.randomUUID())}
              />
            )}
          </Live>,
        )}
      {hasAnnouncements &&
        props.onAnnouncementsAction &&
        pane(
          'announcements',
          <Live shown={view === 'announcements'}>
            {() => (
              <AnnouncementsPanel view={announcementsView()} onAction={props.onAnnouncementsAction!} newId={props.newId ?? (() => crypto.randomUUID())} />
            )}
          </Live>,
        )}
      {hasInsights &&
        current?.context &&
        props.onInsight &&
        pane(
          'settings',
          <Live shown={view === 'settings'}>
            {() => (
              <SettingsView
                context={current.context!}
                qna={qna.value}
                insights={props.insights?.value ?? {}}
                admin={props.admin.value}
                onInsight={props.onInsight!}
                onAdminConnect={props.onAdminConnect}
                onAdminForget={props.onAdminForget}
                now={Date.now()}
                reactions={reactionsView()}
                onReactionsAction={props.onReactionsAction}
              />
            )}
          </Live>,
        )}
      {hasInsights &&
        current?.context &&
        props.onInsight &&
        pane(
          'report',
          <Live shown={view === 'report'}>
            {() => (
              <LazyReport
                context={current.context!}
                qna={qna.value}
                polls={pollsView()}
                insights={props.insights?.value ?? {}}
                admin={props.admin.value}
                onInsight={props.onInsight!}
                onDownload={props.onDownload ?? (() => undefined)}
                chat={props.chat?.value ?? null}
                reactions={reactionsView()}
                chatArchive={props.chatArchive ?? null}
              />
            )}
          </Live>,
        )}
      {hasReactions && props.onReactionsAction && pane('reactions', <Live shown={view === 'reactions'}>{() => <ReactionMeter view={reactionsView()} onAction={props.onReactionsAction!} />}</Live>)}
      {view === 'teach' && origin && tabId.value !== null && (
        <>
          <button type="button" data-testid="teach-back" onClick={() => (chosen.value = 'page')}>
            ← Back to this page
          </button>
          <TeachView tabId={tabId.value} origin={origin} onDownload={props.onDownload ?? (() => undefined)} />
        </>
      )}
      {state === 'not-kaltura' && (
        <p class="hint">Open a session page of your Kaltura event in this tab and the panel attaches to it.</p>
      )}
      {(state === 'needs-access' || state === 'not-kaltura') && origin && (
        <AccessRequest origin={origin} prominent={state === 'needs-access'} error={grantError.value} onGrant={onGrant} />
      )}
      {current?.context &&
        pane(
          'page',
          <>
          <ContextCard context={current.context} />
          <ProblemList problems={current.context.problems} />
          {current.context.entryId && !current.context.cnc.present && (
            <AdminSessionForm
              status={props.admin.value}
              moderating={qnaWebcast}
              onConnect={props.onAdminConnect}
              onForget={props.onAdminForget}
              onStartWebcast={props.onStartWebcast}
            />
          )}
          <Diagnostics diagnostics={current.context.diagnostics} onTeach={canTeach ? () => (chosen.value = 'teach') : undefined} />
          </>,
        )}
      {person.value && (
        <LazyPersonCard person={person.value} chat={props.chat} qna={qna} onChatAction={props.onChatAction} onClose={() => (person.value = null)} />
      )}
    </main>
    </PersonCardOpener.Provider>
  );
}

/**
 * A value derived from signals, read here: the component re-renders when the value changes, not on every
 * change of the signals under it. `deps`: the signal props it reads (a new signal is followed afresh).
 */
function useDerived<T>(fn: () => T, deps: readonly unknown[]): T {
  return useMemo(() => computed(fn), deps).value;
}

/**
 * Renders `children()` in a component of its own, so the signals it reads re-render this part only, not App
 * (a busy session changes Q&A, chat, polls and reactions several times a second). While `shown` is false
 * (its view is hidden) it reads them without following them: shown again, App renders it afresh.
 */
function Live({ children, shown = true }: { children: () => ComponentChildren; shown?: boolean }) {
  return <>{shown ? children() : untracked(children)}</>;
}

function webOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
