// Test-only: Firefox's WebDriver BiDi cannot open extension pages, so the Firefox e2e build
// (WXT_E2E_PROBE=1) mirrors the background's verdict, badge and notifications onto the page's <html>.
// In production builds the flag is false at build time and this code is dropped.
import type { BackgroundToContent } from '../contracts/protocol';

export function reflectForTests(message: Extract<BackgroundToContent, { type: 'verdict' | 'probe-notified' }>): void {
  if (import.meta.env.WXT_E2E_PROBE !== '1') return;
  const data = document.documentElement.dataset;
  if (message.type === 'probe-notified') {
    data.cncModeratorNotified = message.title;
    return;
  }
  data.cncModerator = message.state;
  data.cncModeratorBadge = message.badge;
}
