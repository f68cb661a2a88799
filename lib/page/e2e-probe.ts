// Test-only: Firefox's WebDriver BiDi cannot open extension pages, so the Firefox e2e build
// (WXT_E2E_PROBE=1) mirrors the background's verdict onto the page's <html> element.
// In production builds the flag is false at build time and this code is dropped.
import type { BackgroundToContent } from '../messaging/protocol';

export function reflectVerdictForTests(verdict: Extract<BackgroundToContent, { type: 'verdict' }>): void {
  if (import.meta.env.WXT_E2E_PROBE !== '1') return;
  document.documentElement.dataset.cncModerator = verdict.state;
  document.documentElement.dataset.cncModeratorBadge = verdict.badge;
}
