// A page snapshot: everything the content script and the page bridge saw, as plain data.
// It crosses from the page to the background, so every field is bounded and untrusted.
import type { CncModule } from '../model/context';
import type { WidgetConfigSummary } from '../model/settings/widget-config';

/** What the MAIN-world bridge read from the page's globals. Any field may be a lie. */
export interface BridgeGlobals {
  hasKalturaPlayer: boolean;
  /** One entry per player from `KalturaPlayer.getPlayers()` (kaltura-player-js). */
  players: Array<{ partnerId: number | null; ks: string | null; entryId: string | null; serviceUrl: string | null }>;
  /** `window.KalturaEventsPlatform.collaboration.widgets.embedded` exists (KALTURA.md §1). */
  hasEventsPlatform: boolean;
  hasEmbeddedWidget: boolean;
  /** What the page's CnC widget configuration says about the session's settings (booleans only). */
  widgetConfig?: WidgetConfigSummary | null;
  /** Reading a global threw: the page's own scripts misbehave. */
  errors: string[];
}

/** What the content script saw in the DOM, through the CnC selector profile. */
export interface DomMarkers {
  widgetPresent: boolean;
  moderatorMarkup: boolean;
  modules: CncModule[];
  /** `embedPlaykitJs` bundles the page loads: `{ partnerId, uiconfId }`. */
  bundles: Array<{ partnerId: number; uiconfId: number }>;
  /** An entry id the widget markup names, if any. */
  widgetEntryId: string | null;
  /** Which selector profile was used and what each selector matched, for the diagnostics view. */
  profileId: string;
  matched: Array<{ name: string; selector: string; count: number }>;
}

export interface PageSnapshot {
  url: string;
  /** The page's title (bounded): what the moderator calls the session in notifications. */
  title: string;
  dom: DomMarkers;
  /** Null when the bridge did not answer (yet). */
  globals: BridgeGlobals | null;
  /** URLs of Kaltura resources the page loaded (resource timing), for the region. */
  kalturaResources: string[];
}
