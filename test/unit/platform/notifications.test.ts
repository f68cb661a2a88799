import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { onNotificationClick, showNotification } from '@/lib/platform/notifications';

describe('notifications', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    fakeBrowser.reset();
  });

  it('a click opens the panel on the tab, focuses the tab and its window, and clears the notification', async () => {
    const open = vi.fn(async () => undefined);
    vi.stubGlobal('chrome', { sidePanel: { open, setPanelBehavior: vi.fn() } });
    const tab = await fakeBrowser.tabs.create({ url: 'https://1234567.events.kaltura.com/media/t/1_a', active: false });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    const clear = vi.spyOn(fakeBrowser.notifications, 'clear').mockResolvedValue(true);
    onNotificationClick();
    await fakeBrowser.notifications.onClicked.trigger(`cnc-moderator:${tab.id}`);
    expect(open).toHaveBeenCalledWith({ tabId: tab.id });
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
    await vi.waitFor(() => expect(focus).toHaveBeenCalledWith(tab.windowId, { focused: true }));
    expect(clear).toHaveBeenCalledWith(`cnc-moderator:${tab.id}`);
  });

  it('Firefox: a click brings the tab forward and does not try the sidebar; the text says to open it', async () => {
    vi.stubEnv('FIREFOX', true as unknown as string);
    const open = vi.fn(async () => undefined);
    (fakeBrowser as unknown as { sidebarAction: unknown }).sidebarAction = { open, toggle: vi.fn() };
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue('x');
    showNotification(9, { title: '2 new questions', message: 'Waiting for you in the Q&A inbox.', silent: true });
    expect(create).toHaveBeenCalledWith('cnc-moderator:9', expect.objectContaining({ message: expect.stringMatching(/open the CnC Moderator sidebar/) }));

    const tab = await fakeBrowser.tabs.create({ url: 'https://1234567.events.kaltura.com/media/t/1_a', active: false });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    onNotificationClick();
    await fakeBrowser.notifications.onClicked.trigger(`cnc-moderator:${tab.id}`);
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
    await vi.waitFor(() => expect(focus).toHaveBeenCalledWith(tab.windowId, { focused: true }));
    expect(open).not.toHaveBeenCalled();
  });

  it('Chrome: the text says a click opens it', () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue('x');
    showNotification(9, { title: '2 new questions', message: 'Waiting for you in the Q&A inbox.', silent: true });
    expect(create).toHaveBeenCalledWith('cnc-moderator:9', expect.objectContaining({ message: 'Waiting for you in the Q&A inbox. Click to open it.' }));
  });

  it('ignores clicks on notifications that are not ours', async () => {
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    onNotificationClick();
    await fakeBrowser.notifications.onClicked.trigger('someone-else:3');
    expect(update).not.toHaveBeenCalled();
  });

  it('shows one notification per tab, silent unless asked', () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue('x');
    showNotification(9, { title: '7 new questions in Keynote', message: 'Waiting', silent: true });
    expect(create).toHaveBeenCalledWith('cnc-moderator:9', expect.objectContaining({ title: '7 new questions in Keynote', silent: true }));
  });
});
