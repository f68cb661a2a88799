import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import type { PollsView } from '@/lib/contracts/polls';
import type { AnnouncementsView } from '@/lib/contracts/announcements';
import type { ReactionsView } from '@/lib/contracts/reactions';
import { App } from '@/components/App';
import type { PageContext, TabRecord } from '@/lib/model/context';
import type { QnaMirror } from '@/lib/model/qna/session';
import type { ChatMirror } from '@/lib/model/chat/session';

const context = (overrides: Partial<PageContext> = {}): PageContext => ({
  url: 'https://1234567.events.kaltura.com/media/t/1_sessiona1',
  title: 'Opening keynote',
  site: 'events',
  partnerId: 1234567,
  entryId: '1_sessiona1',
  virtualEventId: '7654321',
  region: 'nvp1',
  cnc: { present: true, modules: ['chat', 'qna', 'polls', 'announcements', 'reactions'], moderatorView: false },
  ks: { status: 'valid', partnerId: 1234567, type: 'USER' },
  problems: [],
  diagnostics: { profileId: 'kep-2026', matched: [{ name: 'widget root', selector: '.kep-widget', count: 1 }] },
  ...overrides,
});

const record = (state: TabRecord['state'], ctx: PageContext | null = context(), url = ctx?.url ?? 'https://news.example.org/'): TabRecord => ({
  tabId: 3,
  url,
  state,
  context: ctx,
  updatedAt: 0,
});

describe('App', () => {
  let root: HTMLElement;
  const onGrant = vi.fn();
  const show = (r: TabRecord | null, connected = true, unsent: string[] = [], qna: QnaMirror | null = null) =>
    render(
      <App
        record={signal(r)}
        tabId={signal(r?.tabId ?? null)}
        qna={signal(qna)}
        connected={signal(connected)}
        unsent={signal(unsent)}
        grantError={signal(null)}
        onGrant={onGrant}
        onQnaAction={() => undefined}
        onQnaLocal={() => undefined}
        admin={signal(null)}
        onAdminConnect={() => undefined}
        onAdminForget={() => undefined}
        onStartWebcast={() => undefined}
        notify={signal(null)}
        onNotifySettings={() => undefined}
      />,
      root,
    );
  const text = (id: string) => root.querySelector(`[data-testid="${id}"]`)?.textContent;

  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('shows the full context of an attached page', () => {
    show(record('attached'));
    expect(root.querySelector('main')?.dataset.state).toBe('attached');
    expect(text('status')).toBe('Attached to Chat & Collaborate');
    expect(text('ctx-partner')).toBe('1234567');
    expect(text('ctx-event')).toBe('7654321');
    expect(text('ctx-entry')).toBe('1_sessiona1');
    expect(text('ctx-region')).toBe('nvp1');
    expect(text('ctx-cnc')).toBe('Present');
    expect(text('ctx-modules')).toBe('chat, Q&A, polls, announcements, reactions');
    expect(text('ctx-ks')).toBe('Signed in as a user');
  });

  it('says plainly when the tab is not a Kaltura page, and offers access quietly', () => {
    show(record('not-kaltura', null));
    expect(text('status')).toBe('Not a Kaltura event page');
    expect(root.querySelector('[data-testid="ctx-partner"]')).toBeNull();
    expect(root.querySelector('[data-testid="grant-access"]')).not.toBeNull();
  });

  it('asks for access on a custom-domain event page, and passes the origin on', () => {
    show(record('needs-access', null, 'https://events.acme.test/media/t/1_sessiona1'));
    const button = root.querySelector<HTMLButtonElement>('[data-testid="grant-access"]')!;
    expect(button.textContent).toContain('https://events.acme.test');
    button.click();
    expect(onGrant).toHaveBeenCalledWith('https://events.acme.test');
  });

  it('renders hostile page text as text', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    show(record('attached', context({ entryId: hostile, problems: [`The page's scripts failed: ${hostile}`] })));
    expect(root.querySelector('img')).toBeNull();
    expect(text('ctx-entry')).toBe(hostile);
    expect(root.querySelector('[data-testid="problems"] li')?.textContent).toContain(hostile);
  });

  it('shows a Kaltura page without CnC without module claims', () => {
    show(record('kaltura-no-cnc', context({ cnc: { present: false, modules: [], moderatorView: false } })));
    expect(text('ctx-cnc')).toBe('Not found');
    expect(text('ctx-modules')).toBe('—');
  });

  it('shows when it has lost the background and is reconnecting', () => {
    show(record('attached'), false);
    expect(root.textContent).toContain('Reconnecting');
    expect(text('panel-reconnecting')).not.toContain('not yet sent');
  });

  it('says "Offline since" instead of "Attached" while the widget is offline', () => {
    const since = new Date(2026, 10, 29, 12, 3, 44).getTime();
    const mirror = (staleSince: number | null) =>
      ({ version: 1, questions: new Map(), meta: { surface: 'cnc', entryId: '1_x', me: 'mod', capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} }, staleSince, problem: null, commands: [], audit: [], holds: {}, merged: {}, starred: [], bannedWords: [] } }) as unknown as QnaMirror;
    show(record('attached'), true, [], mirror(since));
    expect(text('status')).toContain('Offline since 12:03:44');
    expect(text('status')).not.toContain('Attached');
    show(record('attached'), true, [], mirror(null));
    expect(text('status')).toBe('Attached to Chat & Collaborate');
  });

  it('says how many of the moderator\'s actions wait to be sent while it reconnects', () => {
    show(record('attached'), false, ['i1', 'i2']);
    expect(text('panel-reconnecting')).toContain('2 actions not yet sent');
  });

  it('shows no-tab when there is nothing to follow', () => {
    show(null);
    expect(root.querySelector('main')?.dataset.state).toBe('no-tab');
  });
});

describe('App: polls and announcements follow the tab\'s current session', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const pollsView = (contextId: string): PollsView => ({ contextId, drafts: [], busy: {}, errors: {}, results: {}, refreshedAt: null, problem: null });
  const annView = (contextId: string): AnnouncementsView => ({
    contextId,
    surface: null,
    surfaceProblem: null,
    pinProblem: null,
    templates: [],
    history: [],
    pending: [],
    draft: '',
    sending: false,
    error: null,
    nextAlarmAt: null,
  });

  function mountApp(r: TabRecord) {
    const rec = signal<TabRecord | null>(r);
    const polls = signal<PollsView | null>(null);
    const announcements = signal<AnnouncementsView | null>(null);
    const onPollsAction = vi.fn();
    const onAnnouncementsAction = vi.fn();
    act(() =>
      render(
        <App
          record={rec}
          tabId={signal(3)}
          qna={signal(null)}
          connected={signal(true)}
          grantError={signal(null)}
          onGrant={() => undefined}
          onQnaAction={() => undefined}
          onQnaLocal={() => undefined}
          admin={signal(null)}
          onAdminConnect={() => undefined}
          onAdminForget={() => undefined}
          onStartWebcast={() => undefined}
          polls={polls}
          onPollsAction={onPollsAction}
          announcements={announcements}
          onAnnouncementsAction={onAnnouncementsAction}
          notify={signal(null)}
          onNotifySettings={() => undefined}
        />,
        root,
      ),
    );
    const tabs = () => [...root.querySelectorAll('[role=tablist][aria-label=Views] [role=tab]')].map((t) => t.getAttribute('data-testid'));
    const set = (fn: () => void) => act(fn);
    return { rec, polls, announcements, onPollsAction, onAnnouncementsAction, tabs, set };
  }

  it('after the tab moves to another session, the first session\'s views go, the new ones are asked for, and the header names the session', () => {
    const a = mountApp(record('attached'));
    a.set(() => {
      a.polls.value = pollsView('1_sessiona1');
      a.announcements.value = annView('1_sessiona1');
    });
    expect(a.tabs()).toEqual(['view-polls', 'view-announcements', 'view-page']);
    expect(root.querySelector('[data-testid=panel-session]')?.textContent).toBe('Opening keynote');
    a.onPollsAction.mockClear();
    a.onAnnouncementsAction.mockClear();

    a.set(() => {
      a.rec.value = record('attached', context({ entryId: '1_sessionb2', title: 'Breakout B', url: 'https://1234567.events.kaltura.com/media/t/1_sessionb2' }));
    });
    expect(a.tabs(), 'no view of the first session under the second').toEqual([]);
    expect(root.querySelector('[data-testid=panel-session]')?.textContent).toBe('Breakout B');
    expect(a.onPollsAction).toHaveBeenCalledWith({ kind: 'refresh' });
    expect(a.onAnnouncementsAction).toHaveBeenCalledWith({ kind: 'refresh' });
    a.set(() => {
      a.polls.value = pollsView('1_sessionb2');
      a.announcements.value = annView('1_sessionb2');
    });
    expect(a.tabs()).toEqual(['view-polls', 'view-announcements', 'view-page']);
  });

  it('opened on a lobby (no session), the views appear once the tab enters a session', () => {
    const a = mountApp(record('attached', context({ entryId: null })));
    expect(a.onPollsAction).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid=panel-session]')).toBeNull();
    a.set(() => {
      a.rec.value = record('attached');
    });
    expect(a.onPollsAction).toHaveBeenCalledWith({ kind: 'refresh' });
    expect(a.onAnnouncementsAction).toHaveBeenCalledWith({ kind: 'refresh' });
    a.set(() => {
      a.polls.value = pollsView('1_sessiona1');
    });
    expect(a.tabs()).toEqual(['view-polls', 'view-page']);
  });

  it('the view tabs are one Tab stop; the arrow keys, Home and End move between views and open them', () => {
    const a = mountApp(record('attached'));
    a.set(() => {
      a.polls.value = pollsView('1_sessiona1');
      a.announcements.value = annView('1_sessiona1');
    });
    const tab = (v: string) => root.querySelector<HTMLElement>(`[data-testid="view-${v}"]`)!;
    const shown = () => root.querySelector('[data-testid=panel]')?.getAttribute('data-view');
    const stops = () => [...root.querySelectorAll<HTMLElement>('[role=tab]')].filter((t) => t.tabIndex === 0).map((t) => t.dataset.testid);
    const press = (key: string) => act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));
    act(() => tab('polls').click());
    expect(shown()).toBe('polls');
    expect(stops()).toEqual(['view-polls']);
    tab('polls').focus();
    press('ArrowRight');
    expect(shown()).toBe('announcements');
    expect(document.activeElement).toBe(tab('announcements'));
    expect(stops()).toEqual(['view-announcements']);
    press('End');
    expect(shown()).toBe('page');
    press('ArrowRight');
    expect(shown(), 'wraps to the first').toBe('polls');
    press('ArrowLeft');
    expect(shown(), 'wraps to the last').toBe('page');
    press('Home');
    expect(shown()).toBe('polls');
    expect(document.activeElement).toBe(tab('polls'));
    press('x');
    expect(shown(), 'another key changes nothing').toBe('polls');
  });
});

describe('App: a busy session re-renders the views that show what changed, not the whole panel', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('Q&A patches and reactions updates do not re-render the panel (its header, tabs and the page view)', async () => {
    const { options } = await import('preact');
    const { ContextCard } = await import('@/components/ContextCard');
    const meta = { surface: 'cnc', entryId: '1_sessiona1', me: 'mod', capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} }, staleSince: null, problem: null, commands: [], audit: [], holds: {}, merged: {}, starred: [], bannedWords: [] };
    const mirror = (version: number) => ({ version, questions: new Map(), meta }) as unknown as QnaMirror;
    const reactions = (at: number) => ({ tabId: 3, entryId: '1_sessiona1', at, startedAt: 0, types: ['clap'], buckets: [], recent: [], counted: { clap: at }, peaks: [], enabled: true, switchAbsent: null, switching: null, switchError: null }) as unknown as ReactionsView;
    const qna = signal<QnaMirror | null>(mirror(1));
    const reactionsView = signal<ReactionsView | null>(reactions(1));
    const renders = new Map<unknown, number>();
    const before = (options as { diffed?: (v: { type: unknown }) => void }).diffed;
    (options as { diffed?: (v: { type: unknown }) => void }).diffed = (v) => {
      renders.set(v.type, (renders.get(v.type) ?? 0) + 1);
      before?.(v);
    };
    try {
      act(() =>
        render(
          <App
            record={signal(record('attached'))}
            tabId={signal(3)}
            qna={qna}
            connected={signal(true)}
            grantError={signal(null)}
            onGrant={() => undefined}
            onQnaAction={() => undefined}
            onQnaLocal={() => undefined}
            admin={signal(null)}
            onAdminConnect={() => undefined}
            onAdminForget={() => undefined}
            onStartWebcast={() => undefined}
            notify={signal(null)}
            onNotifySettings={() => undefined}
            reactions={reactionsView}
            onReactionsAction={() => undefined}
          />,
          root,
        ),
      );
      // The page view is mounted (hidden) once it has been shown, as a moderator who looked at it has it.
      act(() => root.querySelector<HTMLElement>('[data-testid="view-page"]')!.click());
      act(() => root.querySelector<HTMLElement>('[data-testid="view-qna"]')!.click());
      expect(root.querySelector('main')?.dataset.view).toBe('qna');
      renders.clear();
      for (let i = 2; i < 12; i++) {
        act(() => {
          qna.value = mirror(i);
        });
        act(() => {
          reactionsView.value = reactions(i);
        });
      }
      expect(renders.get(App) ?? 0).toBe(0);
      expect(renders.get(ContextCard) ?? 0).toBe(0);
      // What they change still shows: the Q&A view follows its signal.
      expect(root.querySelector('[data-testid="qna"]')).not.toBeNull();
      // A change App shows (the widget went offline) still reaches the header.
      act(() => {
        qna.value = { ...mirror(12), meta: { ...meta, staleSince: Date.now() } } as unknown as QnaMirror;
      });
      expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Offline since');
    } finally {
      (options as { diffed?: unknown }).diffed = before;
    }
  });
});

describe('App: a hidden view does not follow the busy signals', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('the Chat view, once opened and then hidden, does not render chat patches; shown again it has the latest at once', async () => {
    const { options } = await import('preact');
    const { ChatView } = await import('@/components/chat/ChatView');
    const { chatCapabilitiesOf, chatProfileOf } = await import('@/lib/cnc/chat-profile');
    const { applyChatPatch, chatMirrorOf } = await import('@/lib/model/chat/session');
    const { DEFAULT_FLAG_RULES } = await import('@/lib/model/chat/flags');
    const chatMeta = { entryId: '1_sessiona1', me: 'mod', capabilities: chatCapabilitiesOf(chatProfileOf('kep-2026'), 'kep-2026'), blocked: [], rules: DEFAULT_FLAG_RULES, flags: {}, deletions: {}, commands: [], staleSince: null, problem: null, audit: [] };
    const msg = (n: number) => ({ id: `m${n}`, author: { id: `u${n}`, name: `User ${n}` }, text: `message ${n}`, at: 1_000 + n, pinned: false, deleted: false, byModerator: false, reactions: {} });
    const chat = signal<ChatMirror | null>(chatMirrorOf({ meta: chatMeta, messages: [msg(1)] }));
    const qnaMeta = { surface: 'cnc', entryId: '1_sessiona1', me: 'mod', capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} }, staleSince: null, problem: null, commands: [], audit: [], holds: {}, merged: {}, starred: [], bannedWords: [] };
    let renders = 0;
    const before = (options as { diffed?: (v: { type: unknown }) => void }).diffed;
    (options as { diffed?: (v: { type: unknown }) => void }).diffed = (v) => {
      if (v.type === ChatView) renders++;
      before?.(v);
    };
    try {
      act(() =>
        render(
          <App
            record={signal(record('attached'))}
            tabId={signal(3)}
            qna={signal({ version: 1, questions: new Map(), meta: qnaMeta } as unknown as QnaMirror)}
            connected={signal(true)}
            grantError={signal(null)}
            onGrant={() => undefined}
            onQnaAction={() => undefined}
            onQnaLocal={() => undefined}
            admin={signal(null)}
            onAdminConnect={() => undefined}
            onAdminForget={() => undefined}
            onStartWebcast={() => undefined}
            notify={signal(null)}
            onNotifySettings={() => undefined}
            chat={chat}
            onChatAction={() => undefined}
            onChatLocal={() => undefined}
          />,
          root,
        ),
      );
      act(() => root.querySelector<HTMLElement>('[data-testid="view-chat"]')!.click());
      await vi.waitFor(() => expect(root.querySelector('[data-testid="chat-list"]')).not.toBeNull());
      const texts = () => [...root.querySelectorAll('[data-testid="chat-text"]')].map((e) => e.textContent);
      act(() => {
        chat.value = applyChatPatch(chat.value!, { upserts: [msg(2)] });
      });
      expect(texts()).toEqual(['message 1', 'message 2']);
      act(() => root.querySelector<HTMLElement>('[data-testid="view-qna"]')!.click());
      renders = 0;
      for (let i = 3; i < 13; i++)
        act(() => {
          chat.value = applyChatPatch(chat.value!, { upserts: [msg(i)] });
        });
      expect(renders).toBe(0);
      act(() => root.querySelector<HTMLElement>('[data-testid="view-chat"]')!.click());
      expect(texts().at(-1)).toBe('message 12');
      expect(renders).toBe(1);
    } finally {
      (options as { diffed?: unknown }).diffed = before;
    }
  });
});
