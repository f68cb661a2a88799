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

/**
 * Test-only: each live content-script instance lists itself on <html data-cnc-moderator-instances> until its
 * life ends (a newer instance, an extension reload), so a test can count the live instances of a document
 * (exactly one: lib/content/instance.ts). The list is in the DOM because it must count across instances.
 */
export function reflectInstanceForTests(life: AbortSignal): void {
  if (import.meta.env.WXT_E2E_PROBE !== '1') return;
  const data = document.documentElement.dataset;
  const id = Math.random().toString(36).slice(2, 10);
  const live = () => (data.cncModeratorInstances ?? '').split(' ').filter(Boolean);
  data.cncModeratorInstances = [...live(), id].join(' ');
  life.addEventListener('abort', () => (data.cncModeratorInstances = live().filter((x) => x !== id).join(' ')), { once: true });
}
