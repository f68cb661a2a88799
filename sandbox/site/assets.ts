/**
 * Browser scripts served by the sandbox: the stand-in Kaltura bundle (cdnapisec) and the Events
 * page's app script. They are plain JS files next to this module, read once at start.
 */
import { readFileSync } from 'node:fs';
import { MODULE_TITLES, PANEL_MODULES, REACTIONS, WEBCAST_MARKUP, WIDGET_ACTIONS, WIDGET_MARKUP } from './widget-markup.js';
import { SOCKET_PATH, ACTION_PATH, SNAPSHOT_PATH } from '../cnc/protocol.js';
import { VARIANT_LABELS, VARIANT_MARKUP, VARIANT_TABS } from './variant-markup.js';

/** Which moderator widget the stand-in bundle renders: the first (kep-2026) or the SPA-style variant. */
export type SandboxWidget = 'kep-2026' | 'kep-variant';
export const SANDBOX_WIDGETS: readonly SandboxWidget[] = ['kep-2026', 'kep-variant'];

const read = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/**
 * Test-only (test/e2e/teach.e2e.ts): SANDBOX_VARIANT_HOST renders the variant widget under another tag, which
 * no bundled profile matches, so teach mode starts from no profile. The CLI never sets it.
 */
function variantMarkup(): typeof VARIANT_MARKUP {
  const host = process.env.SANDBOX_VARIANT_HOST;
  return host && /^[a-z]+(-[a-z]+)+$/.test(host) ? ({ ...VARIANT_MARKUP, host } as unknown as typeof VARIANT_MARKUP) : VARIANT_MARKUP;
}

/** The bundle with the MODELED DOM names injected, so widget-markup.ts stays the single source. */
export function bundleScript(widget: SandboxWidget = 'kep-2026'): string {
  const data = {
    markup: WIDGET_MARKUP,
    webcast: WEBCAST_MARKUP,
    actions: WIDGET_ACTIONS,
    titles: MODULE_TITLES,
    panelModules: PANEL_MODULES,
    reactions: REACTIONS,
    wire: { socketPath: SOCKET_PATH, actionPath: ACTION_PATH, snapshotPath: SNAPSHOT_PATH },
    variant: widget === 'kep-variant' ? { markup: variantMarkup(), tabs: VARIANT_TABS, labels: VARIANT_LABELS } : null,
  };
  // The variant replaces the widget API bundle.js defines (the player stays the same).
  const variant = widget === 'kep-variant' ? `\n${read('variant-widget.js')}` : '';
  // Passed as a parameter, not a global, so the page sees only what the real bundle defines.
  // live.js (the widget's live content) defines `kepLive` in the wrapper's scope for bundle.js.
  return `(function (__SANDBOX__) {\n${read('live.js')}\n${read('webcast-qna.js')}\n${read('bundle.js')}${variant}\n})(${JSON.stringify(data)});\n`;
}

export function appScript(): string {
  return read('app.js');
}
