// Page-side recorders the benches install (as strings: tsx would wrap a function's inner helpers in names
// the page does not have).
import type { Page } from 'playwright-core';

/**
 * An init script for the panel: when its script ran, its DOM was ready, each pending count shown, and when the
 * Q&A list first had a row ('rows').
 */
export const PANEL_TIMELINE_SCRIPT = `(() => {
  window.__timeline = [['script', Date.now()]];
  addEventListener('DOMContentLoaded', () => {
    window.__timeline.push(['dom', Date.now()]);
    let count = null;
    let rows = false;
    new MutationObserver(() => {
      const at = Date.now();
      const c = document.querySelector('[data-testid="qna-count-pending"]')?.textContent ?? null;
      if (c !== null && c !== count) window.__timeline.push(['count:' + c, at]);
      count = c;
      if (!rows && document.querySelector('[data-testid="qna-list"] [data-testid="qna-item"]')) (rows = true), window.__timeline.push(['rows', at]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
})()`;

/** The event page notes when each question's row first appears in its widget (epoch ms), in window.__pageSeen. */
export async function recordPageRows(event: Page): Promise<void> {
  await event.evaluate(`(() => {
    window.__pageSeen = {};
    new MutationObserver((records) => {
      const at = Date.now();
      for (const r of records) for (const n of r.addedNodes) {
        const id = n.nodeType === 1 ? n.getAttribute('data-kep-question-id') : null;
        if (id && !(id in window.__pageSeen)) window.__pageSeen[id] = at;
      }
    }).observe(document.body, { subtree: true, childList: true });
  })()`);
}
