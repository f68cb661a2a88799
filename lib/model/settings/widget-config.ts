// What the page's CnC widget configuration says about the session's settings. The page passes a
// `cncConfig` to `KalturaEventsPlatform.collaboration.widgets.embedded.new().renderCncContainer(el, cncConfig)`
// (KALTURA.md §1). Pure: the MAIN-world bridge calls `summariseWidgetConfig` on the page's object, and the
// content script calls `parseWidgetConfigSummary` on what the bridge says (a claim, bounded, never a grant).
// Only booleans and a numeric id leave the page: never the JWT or the KS the config carries.

/** Settings the panel shows, in its order. */
export const SETTING_KEYS = [
  'module.chat',
  'module.qna',
  'module.polls',
  'module.announcements',
  'module.reactions',
  'qnaModeration',
  'anonymousQuestions',
  'chatBeforeStart',
  'chatAfterEnd',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface ConfigFact {
  value: boolean;
  /** The config path that said so, e.g. `ui.groupChat.enabled`. */
  path: string;
  /** True when the path's meaning is from a public source; false for a MODELED path. */
  verified: boolean;
}

export interface WidgetConfigSummary {
  values: Partial<Record<SettingKey, ConfigFact>>;
  /** The `virtualEventId` claim of the widget's CnC JWT (KALTURA.md §2), when it names one. */
  virtualEventId: string | null;
}

/**
 * Where the page keeps the config it passed to the widget. MODELED: the demo keeps `cncConfig` in a local
 * variable (kaltura/integrated-events-demo public/pages/entry-view/app.js); no public page is known to
 * expose it. The sandbox page exposes `window.cncConfig`. Correct this list against a live event.
 */
export const CONFIG_GLOBALS = ['cncConfig'] as const;

interface Rule {
  key: SettingKey;
  path: string;
  verified: boolean;
  /** The setting's value from the value at `path`; undefined when it says nothing we can read. */
  read(v: unknown): boolean | undefined;
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const onOff = (v: unknown) => (v === 'on' ? true : v === 'off' ? false : undefined);
const listed = (name: string) => (v: unknown) => (Array.isArray(v) && v.every((m) => typeof m === 'string') ? v.includes(name) : undefined);

/**
 * First rule that answers wins. VERIFIED paths: kaltura/integrated-events-demo entry-view/app.js passes
 * `ui.groupChat.enabled`, `ui.instanceOptions.enableChat` and `reactions.mode: "on"`. MODELED: the
 * `modules` list (the sandbox widget's own), `qna.*` and `chat.*` (no public source names them).
 */
const RULES: readonly Rule[] = [
  { key: 'module.chat', path: 'ui.groupChat.enabled', verified: true, read: bool },
  { key: 'module.chat', path: 'ui.instanceOptions.enableChat', verified: true, read: bool },
  { key: 'module.chat', path: 'modules', verified: false, read: listed('chat') },
  { key: 'module.reactions', path: 'reactions.mode', verified: true, read: onOff },
  { key: 'module.reactions', path: 'modules', verified: false, read: listed('reactions') },
  { key: 'module.qna', path: 'modules', verified: false, read: listed('qna') },
  { key: 'module.polls', path: 'modules', verified: false, read: listed('polls') },
  { key: 'module.announcements', path: 'modules', verified: false, read: listed('announcements') },
  { key: 'qnaModeration', path: 'qna.moderation', verified: false, read: bool },
  { key: 'anonymousQuestions', path: 'qna.allowAnonymous', verified: false, read: bool },
  { key: 'chatBeforeStart', path: 'chat.openBeforeStart', verified: false, read: bool },
  { key: 'chatAfterEnd', path: 'chat.openAfterEnd', verified: false, read: bool },
];

function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** The config's settings, or null when `config` is not an object. Runs on the page's object: guarded. */
export function summariseWidgetConfig(config: unknown): WidgetConfigSummary | null {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return null;
  const values: WidgetConfigSummary['values'] = {};
  for (const rule of RULES) {
    if (values[rule.key]) continue;
    let raw: unknown;
    try {
      raw = at(config, rule.path);
    } catch {
      continue; // a getter the page made throw
    }
    const value = rule.read(raw);
    if (value !== undefined) values[rule.key] = { value, path: rule.path, verified: rule.verified };
  }
  let virtualEventId: string | null = null;
  try {
    virtualEventId = eventIdOfJwt(at(config, 'server.jwtToken'));
  } catch {
    virtualEventId = null;
  }
  return { values, virtualEventId };
}

/** The JWT payload's `virtualEventId` (a number or digits), never anything else of the token. */
export function eventIdOfJwt(token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 8192) return null;
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { virtualEventId?: unknown };
    const id = json.virtualEventId;
    return (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && /^\d{1,12}$/.test(id)) ? String(id) : null;
  } catch {
    return null;
  }
}

/** What the bridge said, checked: only known keys with booleans and known paths survive. */
export function parseWidgetConfigSummary(raw: unknown): WidgetConfigSummary | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as { values?: unknown; virtualEventId?: unknown };
  const values: WidgetConfigSummary['values'] = {};
  const given = r.values && typeof r.values === 'object' ? (r.values as Record<string, unknown>) : {};
  for (const key of SETTING_KEYS) {
    const fact = given[key] as Partial<ConfigFact> | undefined;
    if (!fact || typeof fact.value !== 'boolean') continue;
    const rule = RULES.find((x) => x.key === key && x.path === fact.path);
    if (rule) values[key] = { value: fact.value, path: rule.path, verified: rule.verified };
  }
  const id = typeof r.virtualEventId === 'string' && /^\d{1,12}$/.test(r.virtualEventId) ? r.virtualEventId : null;
  return { values, virtualEventId: id };
}
