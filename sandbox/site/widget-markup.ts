/**
 * Every DOM name the sandbox's CnC widget uses, in one place.
 *
 * VERIFIED (KALTURA.md §1, integrated-events-demo cnc.css): `#kep-widget-1`, `.kep-actions-menu`,
 * `.kep-menu-item`, `.kep-switch-button`, `.kep-sidebar-buttons`, `.kep-close-widget-button`, all in
 * the light DOM.
 * MODELED: everything else below (root class, data attributes, per-module buttons and panels,
 * reactions, the moderator marker). No public source shows them; they are our guess, to be
 * corrected against a live event. The extension's selector profile must follow this file.
 */
export const WIDGET_MARKUP = {
  /** VERIFIED prefix: the first widget on a page is `kep-widget-1`. */
  rootIdPrefix: 'kep-widget-',
  rootClass: 'kep-widget', // MODELED
  entryIdAttr: 'data-kep-entry-id', // MODELED
  moderatorClass: 'kep-moderator', // MODELED: root class in the moderator app / for moderators
  sidebarButtons: 'kep-sidebar-buttons', // VERIFIED
  sidebarButton: 'kep-sidebar-button', // MODELED
  moduleAttr: 'data-kep-module', // MODELED
  actionsMenu: 'kep-actions-menu', // VERIFIED
  menuItem: 'kep-menu-item', // VERIFIED
  switchButton: 'kep-switch-button', // VERIFIED
  closeButton: 'kep-close-widget-button', // VERIFIED
  modulePanel: 'kep-module', // MODELED; each panel also has `kep-module-{name}`
  moduleTitle: 'kep-module-title', // MODELED
  moduleList: 'kep-module-list', // MODELED
  reactions: 'kep-reactions', // MODELED
  liveReactions: 'kep-live-reactions', // MODELED
  reactionButton: 'kep-reaction-button', // MODELED
} as const;

/** Modules a CnC config can enable (MODELED names; KALTURA.md §6 lists the features). */
export const CNC_MODULES = ['chat', 'qna', 'polls', 'announcements', 'reactions'] as const;
export type CncModule = (typeof CNC_MODULES)[number];

/** Modules with a sidebar button and a panel; reactions render separately. MODELED. */
export const PANEL_MODULES: readonly CncModule[] = ['chat', 'qna', 'polls', 'announcements'];

export const MODULE_TITLES: Record<CncModule, string> = {
  chat: 'Chat',
  qna: 'Q&A',
  polls: 'Polls',
  announcements: 'Announcements',
  reactions: 'Reactions',
};

/** MODELED reaction set. */
export const REACTIONS = ['like', 'love', 'clap', 'laugh', 'wow'] as const;
