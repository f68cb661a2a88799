// Messages between the content script, the background and the side panel.
import type { TabRecord } from '../model/context';
import type { PageSnapshot } from '../page/snapshot';

/** content → background (runtime.sendMessage). The sender's tab is the subject. */
export type ContentToBackground = { type: 'page-snapshot'; snapshot: PageSnapshot };

/** background → content (tabs.sendMessage): what the background decided about this tab. */
export type BackgroundToContent = { type: 'verdict'; state: TabRecord['state']; badge: string };

/** panel → background, over the `panel` port. */
export type PanelToBackground =
  /** Follow one tab, or the active tab of a window. */
  | { type: 'follow'; tabId: number }
  | { type: 'follow'; windowId: number }
  /** The moderator granted this origin from the panel; attach there. */
  | { type: 'origin-granted'; origin: string; tabId: number | null };

/** background → panel. A full record each time: small, and the panel never merges stale state. */
export type BackgroundToPanel = { type: 'tab'; tabId: number | null; record: TabRecord | null };

export const PANEL_PORT = 'panel';

export function isContentToBackground(msg: unknown): msg is ContentToBackground {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as { type?: unknown }).type === 'page-snapshot' &&
    typeof (msg as { snapshot?: { url?: unknown } }).snapshot?.url === 'string'
  );
}
