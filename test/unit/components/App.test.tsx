import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { App } from '@/components/App';
import type { PageContext, TabRecord } from '@/lib/model/context';

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
  const show = (r: TabRecord | null, connected = true) =>
    render(
      <App
        record={signal(r)}
        tabId={signal(r?.tabId ?? null)}
        qna={signal(null)}
        connected={signal(connected)}
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
    expect(text('ctx-ks')).toBe('USER KS');
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
  });

  it('shows no-tab when there is nothing to follow', () => {
    show(null);
    expect(root.querySelector('main')?.dataset.state).toBe('no-tab');
  });
});
