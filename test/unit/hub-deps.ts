// A PanelHub's deps that answer nothing (no tab, no session, default notification settings): tests of the
// hub's ports pass only the answers they look at.
import type { PanelHubDeps } from '@/lib/session/panel-hub';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';

export function quietHubDeps(over: Partial<PanelHubDeps> = {}): PanelHubDeps {
  return {
    activeTabOf: async () => null,
    tabUrl: async () => 'https://a.test/',
    recordFor: async () => null,
    onOriginGranted: async () => undefined,
    qnaSnapshot: async () => () => null,
    onQnaAction: async () => undefined,
    onQnaLocal: async () => undefined,
    adminStatus: async () => null,
    onAdminConnect: async () => null,
    onAdminForget: async () => null,
    onWebcastStart: async () => null,
    pollsView: async () => null,
    onPollsAction: async () => undefined,
    announcementsView: async () => null,
    onAnnouncementsAction: async () => undefined,
    notifySettings: async () => ({ ...DEFAULT_NOTIFY_SETTINGS }),
    onNotifySettings: async () => ({ ...DEFAULT_NOTIFY_SETTINGS }),
    ...over,
  };
}
