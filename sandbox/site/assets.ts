/**
 * Browser scripts served by the sandbox: the stand-in Kaltura bundle (cdnapisec) and the Events
 * page's app script. They are plain JS files next to this module, read once at start.
 */
import { readFileSync } from 'node:fs';
import { MODULE_TITLES, PANEL_MODULES, REACTIONS, WIDGET_MARKUP } from './widget-markup.js';

const read = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/** The bundle with the MODELED DOM names injected, so widget-markup.ts stays the single source. */
export function bundleScript(): string {
  const data = { markup: WIDGET_MARKUP, titles: MODULE_TITLES, panelModules: PANEL_MODULES, reactions: REACTIONS };
  // Passed as a parameter, not a global, so the page sees only what the real bundle defines.
  return `(function (__SANDBOX__) {\n${read('bundle.js')}\n})(${JSON.stringify(data)});\n`;
}

export function appScript(): string {
  return read('app.js');
}
