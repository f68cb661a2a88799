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

  // ---- Live content (all MODELED). Every item carries a stable data-kep-* id, every control a
  // data-kep-action, so an extension can drive them through a selector profile.
  connectionAttr: 'data-kep-connection', // on the root: connecting | live | stale
  errorLine: 'kep-error',
  announcementBanner: 'kep-announcement-banner',
  composer: 'kep-composer', // a <form>, data-kep-composer="chat|qna|announcement"
  composerAttr: 'data-kep-composer',
  composerInput: 'kep-composer-input',
  composerSend: 'kep-composer-send',
  anonymousToggle: 'kep-anonymous',
  actionAttr: 'data-kep-action',
  userIdAttr: 'data-kep-user-id',
  stateAttr: 'data-kep-state',
  message: 'kep-chat-message',
  messageIdAttr: 'data-kep-message-id',
  sender: 'kep-sender',
  time: 'kep-time',
  text: 'kep-text',
  messageReactions: 'kep-message-reactions',
  messageReaction: 'kep-message-reaction', // data-kep-emoji, data-kep-mine
  emojiAttr: 'data-kep-emoji',
  pinned: 'kep-pinned',
  deleted: 'kep-deleted',
  pinnedBar: 'kep-pinned-messages',
  // Chat moderation (MODELED, issue 11): Block asks for a reason in one form under the widget's error line
  // (data-kep-user-id names who), and the moderator view lists who is blocked, why, with Unblock.
  blockForm: 'kep-block-form',
  blockReason: 'kep-block-reason',
  blockedList: 'kep-blocked-list',
  blockedUser: 'kep-blocked-user', // li[data-kep-user-id] > .kep-sender, .kep-block-reason-text, Unblock
  blockReasonText: 'kep-block-reason-text',
  /** On a chat message posted by a moderator: data-kep-role="moderator". */
  roleAttr: 'data-kep-role',
  question: 'kep-question',
  questionIdAttr: 'data-kep-question-id',
  upvoteCount: 'kep-upvote-count',
  answeredLive: 'kep-answered-live',
  answers: 'kep-answers',
  answer: 'kep-answer',
  answerIdAttr: 'data-kep-answer-id',
  visibilityAttr: 'data-kep-visibility',
  answerInput: 'kep-answer-input',
  modControls: 'kep-mod-controls',
  announcement: 'kep-announcement',
  announcementIdAttr: 'data-kep-announcement-id',
  poll: 'kep-poll',
  pollIdAttr: 'data-kep-poll-id',
  pollOption: 'kep-poll-option',
  optionIdAttr: 'data-kep-option-id',
  pollResults: 'kep-poll-results',
  liveReaction: 'kep-live-reaction',
  reactionCount: 'kep-reaction-count',
  reactionAttr: 'data-kep-reaction',
  /** Moderators only: turns the session's live reactions off and on (the reactions module setting). */
  reactionsSwitch: 'kep-reactions-switch',
  /** On the reactions box (and module panels): "true" | "false", what the session allows now. */
  enabledAttr: 'data-kep-enabled',
} as const;

/**
 * The legacy webcast Q&A (a player plugin over API v3 cue points, KALTURA.md §3) rendered under the
 * player. MODELED names: playkit-js-qna's own DOM is Preact inside the player and not a contract.
 */
export const WEBCAST_MARKUP = {
  root: 'kep-webcast-qna',
  list: 'kep-webcast-qna-list',
  thread: 'kep-webcast-thread', // data-kep-cue-point-id, data-kep-type
  cuePointIdAttr: 'data-kep-cue-point-id',
  typeAttr: 'data-kep-type',
  pollMs: 2000,
} as const;

/**
 * Values of `data-kep-action` (MODELED). Moderator actions appear only in moderator mode.
 */
export const WIDGET_ACTIONS = {
  upvote: 'upvote',
  approve: 'approve',
  dismiss: 'dismiss',
  /** A dismissed question back to Pending (not published): what an undo of a dismissal needs. */
  restore: 'restore',
  answerPublic: 'answer-public',
  answerPrivate: 'answer-private',
  answeredLive: 'answered-live',
  claim: 'claim',
  release: 'release',
  pin: 'pin',
  unpin: 'unpin',
  delete: 'delete',
  block: 'block',
  /** In the block form: block with the reason typed (MODELED). */
  blockConfirm: 'block-confirm',
  blockCancel: 'block-cancel',
  unblock: 'unblock',
  vote: 'vote',
  react: 'react',
  reactionsOff: 'reactions-off',
  reactionsOn: 'reactions-on',
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
