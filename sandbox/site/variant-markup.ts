/**
 * The second sandbox moderator widget (`npm run sandbox -- --widget kep-variant`): every DOM name and label
 * it uses, in one place. MODELED, like the first widget (widget-markup.ts), but built the way single-page
 * apps commonly are, to prove the profile language (lib/cnc/profile-schema.ts) can describe such a widget:
 *   - no ids in the DOM: a question shows its author, time and text, nothing else identifies it,
 *   - state by tab: Pending / Approved / Answered / Dismissed tab panels, not an attribute on the row,
 *   - actions behind the row's "⋯" menu, approve and dismiss with a confirmation dialog,
 *   - a virtualised list: only the rows in view (and a few more) are rendered,
 *   - everything inside an open shadow root on a custom element in the light DOM,
 *   - labels in German,
 *   - announcements composed in a dialog ("Ankündigung verfassen"), with a "pin" checkbox, sent after a
 *     confirmation dialog; listed pinned first, then newest first, without ids.
 * The extension's bundled profile lib/cnc/profiles/kep-variant.json must follow this file.
 */
export const VARIANT_MARKUP = {
  /** The light-DOM host (a custom element); its open shadow root holds the app. */
  host: 'cnc-moderation',
  entryIdAttr: 'data-entry-id',
  userAttr: 'data-user',
  roleAttr: 'data-role', // "moderator" in the moderator view
  modulesAttr: 'data-modules',
  connectionAttr: 'data-connection', // connecting | live | stale
  app: 'app',
  scroller: 'scroller',
  spacer: 'spacer',
  row: 'zeile',
  author: 'autor',
  text: 'inhalt',
  votes: 'stimmen',
  liveBadge: 'live-badge',
  handledBy: 'bearbeitet',
  answers: 'antworten',
  answer: 'antwort',
  answerBy: 'von',
  answerVisibility: 'sichtbarkeit',
  moreButton: 'mehr',
  menu: 'menue',
  dialog: 'dialog',
  error: 'fehler',
  /** Announcements: the section, its list (no role: its items are not Q&A rows) and one item. */
  announcements: 'ankuendigungen',
  announcementList: 'ankuendigungen-liste',
  announcement: 'ankuendigung',
  announcementText: 'ankuendigung-text',
  pinnedBadge: 'angeheftet',
  /** Fixed row height and list height: the list windows from them (rows outside are not rendered). */
  rowHeight: 120,
  listHeight: 420,
  overscan: 2,
} as const;

/** Tabs in order: the state each lists and its German label. */
export const VARIANT_TABS = [
  { key: 'pending', label: 'Ausstehend' },
  { key: 'approved', label: 'Genehmigt' },
  { key: 'answered', label: 'Beantwortet' },
  { key: 'dismissed', label: 'Abgelehnt' },
] as const;

export const VARIANT_LABELS = {
  title: 'Fragen & Antworten',
  tabs: 'Fragen',
  more: 'Weitere Aktionen',
  approve: 'Genehmigen',
  dismiss: 'Ablehnen',
  restore: 'Wiederherstellen',
  answeredLive: 'Live beantwortet',
  notAnsweredLive: 'Live-Markierung entfernen',
  claim: 'Übernehmen',
  release: 'Freigeben',
  answer: 'Antworten',
  answerBox: 'Antwort',
  answerPublic: 'Öffentlich antworten',
  answerPrivate: 'Privat antworten',
  confirm: 'Bestätigen',
  cancel: 'Abbrechen',
  confirmApprove: 'Diese Frage genehmigen und für alle sichtbar machen?',
  confirmDismiss: 'Diese Frage ablehnen?',
  answeredLiveBadge: 'Live beantwortet',
  handledBy: 'Bearbeitet von ',
  public: 'öffentlich',
  private: 'privat',
  anonymous: 'Anonym',
  writeFirst: 'Bitte zuerst eine Antwort schreiben',
  announcements: 'Ankündigungen',
  compose: 'Ankündigung verfassen',
  composeDialog: 'Neue Ankündigung',
  announcementBox: 'Ankündigungstext',
  pin: 'Anheften',
  send: 'Senden',
  confirmAnnounceDialog: 'Ankündigung bestätigen',
  confirmAnnounce: 'Diese Ankündigung an alle senden?',
  pinned: 'Angeheftet',
  writeAnnouncementFirst: 'Bitte zuerst einen Ankündigungstext schreiben',
} as const;
