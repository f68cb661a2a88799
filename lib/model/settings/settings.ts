// A session's settings as the panel shows them: each value with where it came from and how sure we are,
// the warnings where the settings and the moment disagree, and where each setting is changed.
// Pure. Sources, strongest first: the page's widget configuration, what the widget shows, the Events API
// (KALTURA.md §5: it has the session's name, type and times, but none of these settings).
import type { CncModule } from '../context';
import { SETTING_KEYS, type SettingKey, type WidgetConfigSummary } from './widget-config';

export type SettingValue = 'on' | 'off' | 'unknown';
/**
 * - stated: the page's widget configuration says so.
 * - seen: the widget shows it (a module present, an approval step).
 * - likely: concluded from what the widget does not show (a module absent from a widget that is there).
 * - none: nobody revealed it.
 */
export type Confidence = 'stated' | 'seen' | 'likely' | 'none';

export interface SettingRow {
  key: SettingKey;
  label: string;
  value: SettingValue;
  confidence: Confidence;
  /** Where the value came from, in words; null when unknown. */
  source: string | null;
}

export const SETTING_LABELS: Record<SettingKey, string> = {
  'module.chat': 'Group chat',
  'module.qna': 'Q&A',
  'module.polls': 'Polls',
  'module.announcements': 'Announcements',
  'module.reactions': 'Reactions',
  qnaModeration: 'Q&A moderation (questions wait for approval)',
  anonymousQuestions: 'Anonymous questions',
  chatBeforeStart: 'Chat open before the session',
  chatAfterEnd: 'Chat open after the session',
};

/** The session as the Events API describes it (sessions/list, PublicSessionDto). */
export interface EventSessionInfo {
  id: string;
  name: string;
  type: string;
  /** Epoch ms. */
  startsAt: number | null;
  endsAt: number | null;
}

export interface SettingsInputs {
  config: WidgetConfigSummary | null;
  /** What the widget in the page shows (from the page context). */
  widget: { present: boolean; modules: readonly CncModule[]; moderatorView: boolean };
  /** What the moderator's Q&A view showed: questions waiting for approval were seen. */
  qna: { pendingSeen: boolean; questions: number } | null;
  /** The Events API's view of the session, when an admin session is connected and it answered. */
  session: EventSessionInfo | null;
  /** How many attendees, and who says so; null when nobody does. */
  attendees: { count: number; source: string } | null;
  /**
   * What the widget's moderator view shows now for a setting it has a control for (the reactions switch):
   * the live state, which wins over the page's configuration (that is the state at page load).
   */
  switches?: { reactions: boolean | null };
  /** Modules this panel's views need (Q&A for the Q&A view, polls for the polls view, …). */
  needed: readonly CncModule[];
  /** Epoch ms. */
  now: number;
}

export interface SettingsWarning {
  id: 'moderation-off-large' | 'chat-open-after-end' | 'module-off';
  text: string;
}

export interface SettingsView {
  rows: SettingRow[];
  warnings: SettingsWarning[];
}

/** The seed's advice: a session with more than this many attendees should moderate its Q&A. */
export const LARGE_SESSION = 50;

const MODULE_OF: Partial<Record<SettingKey, CncModule>> = {
  'module.chat': 'chat',
  'module.qna': 'qna',
  'module.polls': 'polls',
  'module.announcements': 'announcements',
  'module.reactions': 'reactions',
};

function fromConfig(key: SettingKey, config: WidgetConfigSummary | null): SettingRow | null {
  const fact = config?.values[key];
  if (!fact) return null;
  return {
    key,
    label: SETTING_LABELS[key],
    value: fact.value ? 'on' : 'off',
    confidence: 'stated',
    source: `The page's widget configuration (${fact.path}${fact.verified ? '' : ', modeled'})`,
  };
}

function fromWidget(key: SettingKey, inputs: SettingsInputs): SettingRow | null {
  const label = SETTING_LABELS[key];
  const module = MODULE_OF[key];
  if (module && inputs.widget.present) {
    if (inputs.widget.modules.includes(module)) return { key, label, value: 'on', confidence: 'seen', source: `The widget shows ${label}` };
    return { key, label, value: 'off', confidence: 'likely', source: `The widget shows no ${label}` };
  }
  // An approval step is proof; its absence is not (maybe nobody asked yet, or everyone asking is a moderator).
  if (key === 'qnaModeration' && inputs.qna?.pendingSeen) {
    return { key, label, value: 'on', confidence: 'seen', source: 'The Q&A view shows questions waiting for approval' };
  }
  return null;
}

function fromSwitch(key: SettingKey, inputs: SettingsInputs, stated: SettingRow | null): SettingRow | null {
  const on = key === 'module.reactions' ? inputs.switches?.reactions : undefined;
  if (on === undefined || on === null) return null;
  const value = on ? 'on' : 'off';
  if (stated?.value === value) return { ...stated, source: `${stated.source}; the widget's reactions switch shows the same` };
  return { key, label: SETTING_LABELS[key], value, confidence: 'seen', source: "The widget's moderator view (its reactions switch)" };
}

export function deriveSettings(inputs: SettingsInputs): SettingsView {
  const rows = SETTING_KEYS.map((key): SettingRow => {
    const stated = fromConfig(key, inputs.config);
    return (
      fromSwitch(key, inputs, stated) ??
      stated ??
      fromWidget(key, inputs) ?? { key, label: SETTING_LABELS[key], value: 'unknown', confidence: 'none', source: null }
    );
  });
  return { rows, warnings: warningsFor(rows, inputs) };
}

export function warningsFor(rows: readonly SettingRow[], inputs: SettingsInputs): SettingsWarning[] {
  const value = (key: SettingKey) => rows.find((r) => r.key === key)?.value ?? 'unknown';
  const out: SettingsWarning[] = [];
  if (value('qnaModeration') === 'off' && inputs.attendees && inputs.attendees.count > LARGE_SESSION) {
    out.push({
      id: 'moderation-off-large',
      text: `Q&A moderation is off with ${inputs.attendees.count} attendees (${inputs.attendees.source}): every question is public at once. Sessions over ${LARGE_SESSION} attendees should approve questions first.`,
    });
  }
  const ended = inputs.session?.endsAt != null && inputs.now > inputs.session.endsAt;
  if (ended && value('chatAfterEnd') === 'on') {
    out.push({ id: 'chat-open-after-end', text: 'The session has ended but its chat is still open: attendees can keep posting with nobody moderating.' });
  }
  for (const module of inputs.needed) {
    const key = `module.${module}` as SettingKey;
    if (value(key) === 'off') out.push({ id: 'module-off', text: `${SETTING_LABELS[key]} is off in this session: the panel's ${SETTING_LABELS[key]} view has nothing to work on.` });
  }
  return out;
}

/**
 * The Kaltura Events admin page where a session's interaction settings are changed. MODELED URL shape:
 * knowledge.kaltura.com ("Interactions tab chat settings for multi-session events") says the page is
 * reached from the event page, Interactions tab, "Interaction settings"; no public source gives its URL.
 * The host per region and the path are our inference; correct them here, in one place.
 */
export const EVENTS_ADMIN = {
  hosts: { nvp1: 'https://events.kaltura.com', irp2: 'https://eu.events.kaltura.com', frp2: 'https://de.events.kaltura.com' } as Record<string, string>,
  interactionsPath: '/virtual-event/{eventId}/interactions/settings',
  modeled: true,
};

/** The deep link for an event's interaction settings, or null without an event id. */
export function interactionSettingsUrl(eventId: string | null, region: string | null): string | null {
  if (!eventId || !/^\d{1,12}$/.test(eventId)) return null;
  const host = EVENTS_ADMIN.hosts[region ?? 'nvp1'] ?? EVENTS_ADMIN.hosts.nvp1!;
  return host + EVENTS_ADMIN.interactionsPath.replace('{eventId}', eventId);
}

/** A session's time as the panel says it; "unknown" when the Events API did not tell. */
export function describeWindow(s: EventSessionInfo | null, now: number): string {
  if (!s || s.startsAt === null || s.endsAt === null) return 'unknown';
  if (now < s.startsAt) return 'not started yet';
  if (now > s.endsAt) return 'ended';
  return 'live now';
}
