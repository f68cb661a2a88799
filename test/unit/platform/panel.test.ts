import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openPanel, openPanelFromToolbarButton } from '@/lib/platform/panel';

describe('opening the panel', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    fakeBrowser.reset();
  });

  it('Firefox: the toolbar button toggles the sidebar, in the click itself', async () => {
    vi.stubEnv('FIREFOX', true as unknown as string);
    const toggle = vi.fn(async () => undefined);
    (fakeBrowser as unknown as { sidebarAction: unknown }).sidebarAction = { toggle, open: vi.fn() };
    openPanelFromToolbarButton();
    await fakeBrowser.action.onClicked.trigger({ id: 1 } as never, undefined as never);
    expect(toggle).toHaveBeenCalledTimes(1);
  });

  it('Chrome: the side panel opens on the toolbar button by the browser itself', () => {
    const setPanelBehavior = vi.fn(async () => undefined);
    vi.stubGlobal('chrome', { sidePanel: { setPanelBehavior, open: vi.fn(async () => undefined) } });
    openPanelFromToolbarButton();
    expect(setPanelBehavior).toHaveBeenCalledWith({ openPanelOnActionClick: true });
  });

  it('Chrome: a notification click opens the panel on its tab', async () => {
    const open = vi.fn(async () => undefined);
    vi.stubGlobal('chrome', { sidePanel: { setPanelBehavior: vi.fn(), open } });
    await openPanel(42);
    expect(open).toHaveBeenCalledWith({ tabId: 42 });
  });
});
