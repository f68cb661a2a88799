/**
 * Browser scripts served by the sandbox: the stand-in Kaltura bundle (cdnapisec) and the Events
 * page's app script. They are plain JS files next to this module, read once at start.
 */
import { readFileSync } from 'node:fs';
import { MODULE_TITLES, PANEL_MODULES, REACTIONS, WEBCAST_MARKUP, WIDGET_ACTIONS, WIDGET_MARKUP } from './widget-markup.js';
import { SOCKET_PATH, ACTION_PATH, SNAPSHOT_PATH } from '../cnc/protocol.js';

const read = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/** The bundle with the MODELED DOM names injected, so widget-markup.ts stays the single source. */
export function bundleScript(): string {
  const data = {
    markup: WIDGET_MARKUP,
    webcast: WEBCAST_MARKUP,
    actions: WIDGET_ACTIONS,
    titles: MODULE_TITLES,
    panelModules: PANEL_MODULES,
    reactions: REACTIONS,
    wire: { socketPath: SOCKET_PATH, actionPath: ACTION_PATH, snapshotPath: SNAPSHOT_PATH },
  };
  // Passed as a parameter, not a global, so the page sees only what the real bundle defines.
  // live.js (the widget's live content) defines `kepLive` in the wrapper's scope for bundle.js.
  return `(function (__SANDBOX__) {\n${read('live.js')}\n${read('webcast-qna.js')}\n${read('bundle.js')}\n})(${JSON.stringify(data)});\n`;
}

export function appScript(): string {
  return read('app.js');
}
