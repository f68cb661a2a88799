// The selector profile language, version 2: the types and a validator whose errors name the path of what is
// wrong ("qna.actions.approve.steps[1]: unknown step kind 'hover'"). A profile is data (selectors, labels,
// numbers), never code: an imported or hostile profile can only point at elements and click, type, wait.
//
// The primitives are shared by every section that reads rows (Q&A now, chat next): a `list` says where the
// rows are (optionally through open shadow roots, optionally virtualised), `id` how a row is identified
// (an attribute, or synthesised from shown fields), `state` how its state shows (attribute, class, or the
// list/tab it is in), `fields` what to read, `actions` the steps that perform each action.
import type { QuestionState } from '../model/qna/types';
import type { CncModule } from '../model/context';

export const PROFILE_VERSION = 2;

/** Read a value from a row: an element inside it (or the row itself), its text or an attribute. */
export interface FieldSpec {
  selector?: string;
  attr?: string;
  /** A regular expression whose first group is the value. */
  pattern?: string;
  /** For booleans: the value that means true. */
  equals?: string;
  /** For enumerations: widget value → ours. */
  map?: Record<string, string>;
}

/**
 * An element to act on: by CSS selector, or by role and accessible name (any of several labels, so a widget
 * in German or French matches too), or both. `within`: the row (default for row actions), the widget (menus
 * and dialogs a framework renders outside the row, in the list's shadow root) or the whole document.
 */
export interface ControlSpec {
  selector?: string;
  role?: string;
  name?: string[];
  within?: 'row' | 'widget' | 'document';
}

export type StepSpec = (
  | { click: ControlSpec }
  /** Open a row's menu ("⋯"), wait for the item, click it. */
  | { menu: { open: ControlSpec; item: ControlSpec } }
  | { wait: ControlSpec }
  /** Wait for a confirmation dialog and click its confirming button. */
  | { confirm: { dialog: ControlSpec; button: ControlSpec } }
  /** Type the action's text (an answer) into a text box. */
  | { fill: ControlSpec }
) & { timeoutMs?: number };

export const STEP_KINDS = ['click', 'menu', 'wait', 'confirm', 'fill'] as const;

export interface ActionSpec {
  steps: StepSpec[];
}

/** Where the rows are. */
export interface ListSpec {
  /** Hosts of open shadow roots to descend through, from the widget root (the root itself may be the first). */
  shadow?: string[];
  /** The list element(s) holding rows: scrolled to reveal rows of a virtualised list. */
  container?: string;
  /** One row. */
  row: string;
  /** The list renders only its visible rows: `total` (read from a row) says how long the list really is. */
  virtual?: { total?: FieldSpec };
  /** Before scrolling a hidden list (another tab), click its tab: per list, the control that shows it. */
  tabs?: Array<{ list: string; tab: ControlSpec }>;
}

export type IdSpec = (FieldSpec & { from?: 'field' }) | { from: 'fields'; fields: string[] };

export type StateSpec =
  | (FieldSpec & { map: Record<string, string> })
  | { byClass: Record<string, string> }
  /** The list or tab panel the row is in (an ancestor of the row), first match wins. */
  | { byContainer: Array<{ selector: string; state: string }> };

/** The shared shape of a section made of rows (Q&A, chat). */
export interface RowSection {
  list: ListSpec;
  id: IdSpec;
  state?: StateSpec;
  fields: Record<string, FieldSpec>;
  actions: Record<string, ActionSpec>;
}

export interface QnaSection extends RowSection {
  state: StateSpec;
  anonymousAuthor?: string;
  answers?: { row: string; id?: FieldSpec; visibility: FieldSpec; text: FieldSpec; by?: FieldSpec };
  /** Read within the widget root: whether the widget is connected to CnC (`equals` means live). */
  connection?: FieldSpec;
  /** Read within the widget root: the signed-in moderator as the widget knows them. */
  me?: FieldSpec;
  absent?: Record<string, string>;
}

/** v1: one composer form, one fill and one click (and a pin toggle where the widget has one). */
export interface AnnouncementsSectionV1 {
  composer: string;
  input: string;
  send: string;
  item: string;
  id?: FieldSpec;
  text: FieldSpec;
  error?: string;
  pin?: string;
  absent?: { pin?: string };
}

/**
 * Steps: where announcements are listed (`list.row` is one) and the steps that send one, plain and pinned
 * (`send-pinned` only where the widget can pin). Controls are looked for in the widget (the list's shadow
 * root) or the document, never a row; `fill` types the announcement's text.
 */
export interface AnnouncementsSectionSteps {
  list: ListSpec;
  id?: FieldSpec;
  text: FieldSpec;
  error?: string;
  actions: { send: ActionSpec; 'send-pinned'?: ActionSpec };
  absent?: { pin?: string };
}

export type AnnouncementsSection = AnnouncementsSectionV1 | AnnouncementsSectionSteps;

export interface ProfileOverride {
  /** Exact origins ("https://events.acme.test") this override applies to. */
  origins: string[];
  /** Merged over the profile (objects deeply, arrays and values replaced). */
  set: Record<string, unknown>;
}

export interface ProfileV2 {
  version: 2;
  id: string;
  description: string;
  widgetRoot: string;
  moderatorMarkup: string;
  widgetEntryIdAttribute: string;
  modules: Partial<Record<CncModule, string>>;
  overrides?: ProfileOverride[];
  qna?: QnaSection;
  announcements?: AnnouncementsSection;
  /** chat and reactions are validated here too (their own shapes: chat-profile.ts, reactions-profile.ts); other sections by whoever registers a validator for them. */
  [section: string]: unknown;
}

export const QNA_STATES: readonly QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];

// ------------------------------------------------------------------------------------------- validation

export class ProfileError extends Error {
  constructor(readonly problems: string[], id = '(unnamed)') {
    super(`The selector profile ${id} is refused: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    this.name = 'ProfileError';
  }
}

type Problems = string[];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const LIMIT = 2_000; // no selector or label is this long: a longer one is junk (or an attack on the page's CPU)

function str(v: unknown, path: string, p: Problems, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !v.trim()) p.push(`${path}: expected a non-empty string, got ${describe(v)}`);
  else if (v.length > LIMIT) p.push(`${path}: longer than ${LIMIT} characters`);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'string' ? `'${v.slice(0, 40)}'` : typeof v;
}

function known(o: Record<string, unknown>, keys: readonly string[], path: string, p: Problems): void {
  for (const k of Object.keys(o)) if (!keys.includes(k) && !k.startsWith('_')) p.push(`${path}: unknown key '${k}'`);
}

/** A selector the browser cannot parse is an error here, not a silent zero matches later. */
function selector(v: unknown, path: string, p: Problems, optional = false): void {
  const before = p.length;
  str(v, path, p, optional);
  if (p.length !== before || typeof v !== 'string') return;
  if (typeof document === 'undefined') return;
  try {
    document.createDocumentFragment().querySelector(v);
  } catch {
    p.push(`${path}: not a valid CSS selector '${v.slice(0, 80)}'`);
  }
}

export function validateField(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected an object like {"selector": ".x", "attr": "y"}, got ${describe(v)}`);
  known(v, ['selector', 'attr', 'pattern', 'equals', 'map', 'from'], path, p);
  selector(v.selector, `${path}.selector`, p, true);
  str(v.attr, `${path}.attr`, p, true);
  str(v.equals, `${path}.equals`, p, true);
  if (v.pattern !== undefined) {
    str(v.pattern, `${path}.pattern`, p);
    try {
      new RegExp(String(v.pattern), 'u');
    } catch {
      p.push(`${path}.pattern: not a valid regular expression`);
    }
  }
  if (v.map !== undefined) {
    if (!isObj(v.map)) p.push(`${path}.map: expected an object`);
    else for (const [k, x] of Object.entries(v.map)) str(x, `${path}.map.${k}`, p);
  }
}

export function validateControl(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected a control like {"selector": "..."} or {"role": "button", "name": ["Approve"]}, got ${describe(v)}`);
  known(v, ['selector', 'role', 'name', 'within'], path, p);
  if (v.selector === undefined && v.role === undefined) p.push(`${path}: a control needs a selector or a role`);
  selector(v.selector, `${path}.selector`, p, true);
  str(v.role, `${path}.role`, p, true);
  if (v.name !== undefined) {
    if (!Array.isArray(v.name) || v.name.length === 0) p.push(`${path}.name: expected a list of labels, e.g. ["Approve", "Genehmigen"]`);
    else v.name.forEach((n, i) => str(n, `${path}.name[${i}]`, p));
  }
  if (v.within !== undefined && !['row', 'widget', 'document'].includes(v.within as string)) {
    p.push(`${path}.within: expected 'row', 'widget' or 'document', got ${describe(v.within)}`);
  }
}

function timeout(v: Record<string, unknown>, path: string, p: Problems): void {
  if (v.timeoutMs === undefined) return;
  if (typeof v.timeoutMs !== 'number' || !(v.timeoutMs > 0) || v.timeoutMs > 30_000) p.push(`${path}.timeoutMs: expected a number of milliseconds up to 30000`);
}

export function validateStep(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected a step like {"click": {...}}, got ${describe(v)}`);
  const kinds = Object.keys(v).filter((k) => k !== 'timeoutMs' && !k.startsWith('_'));
  if (kinds.length !== 1) return void p.push(`${path}: a step has exactly one kind (${STEP_KINDS.join(', ')}), got ${kinds.length ? kinds.map((k) => `'${k}'`).join(', ') : 'none'}`);
  const kind = kinds[0]!;
  if (!(STEP_KINDS as readonly string[]).includes(kind)) return void p.push(`${path}: unknown step kind '${kind}'`);
  timeout(v, path, p);
  const body = v[kind];
  switch (kind) {
    case 'click':
    case 'wait':
    case 'fill':
      validateControl(body, `${path}.${kind}`, p);
      return;
    case 'menu':
      if (!isObj(body)) return void p.push(`${path}.menu: expected {"open": control, "item": control}`);
      known(body, ['open', 'item'], `${path}.menu`, p);
      validateControl(body.open, `${path}.menu.open`, p);
      validateControl(body.item, `${path}.menu.item`, p);
      return;
    case 'confirm':
      if (!isObj(body)) return void p.push(`${path}.confirm: expected {"dialog": control, "button": control}`);
      known(body, ['dialog', 'button'], `${path}.confirm`, p);
      validateControl(body.dialog, `${path}.confirm.dialog`, p);
      validateControl(body.button, `${path}.confirm.button`, p);
      return;
  }
}

export function validateActions(v: unknown, path: string, p: Problems, names?: readonly string[]): void {
  if (!isObj(v)) return void p.push(`${path}: expected an object of actions`);
  for (const [name, action] of Object.entries(v)) {
    if (name.startsWith('_')) continue;
    if (names && !names.includes(name)) p.push(`${path}: unknown action '${name}' (known: ${names.join(', ')})`);
    if (!isObj(action)) {
      p.push(`${path}.${name}: expected {"steps": [...]}`);
      continue;
    }
    known(action, ['steps'], `${path}.${name}`, p);
    if (!Array.isArray(action.steps) || action.steps.length === 0) p.push(`${path}.${name}.steps: expected a non-empty list of steps`);
    else if (action.steps.length > 20) p.push(`${path}.${name}.steps: more than 20 steps`);
    else action.steps.forEach((s, i) => validateStep(s, `${path}.${name}.steps[${i}]`, p));
  }
}

export function validateId(v: unknown, path: string, p: Problems, fields: Record<string, unknown>): void {
  if (isObj(v) && v.from === 'fields') {
    known(v, ['from', 'fields'], path, p);
    if (!Array.isArray(v.fields) || v.fields.length === 0) return void p.push(`${path}.fields: expected the names of the fields that identify a row, e.g. ["author", "time", "text"]`);
    v.fields.forEach((f, i) => {
      if (typeof f !== 'string' || !(f in fields)) p.push(`${path}.fields[${i}]: no field '${String(f)}' in fields`);
    });
    return;
  }
  if (isObj(v) && v.from !== undefined && v.from !== 'field') return void p.push(`${path}.from: expected 'field' or 'fields', got ${describe(v.from)}`);
  validateField(v, path, p);
}

export function validateState(v: unknown, path: string, p: Problems, states: readonly string[]): void {
  const state = (x: unknown, at: string) => {
    if (typeof x !== 'string' || !states.includes(x)) p.push(`${at}: unknown state ${describe(x)} (known: ${states.join(', ')})`);
  };
  if (!isObj(v)) return void p.push(`${path}: expected {"attr": ..., "map": ...}, {"byClass": ...} or {"byContainer": [...]}`);
  if ('byClass' in v) {
    known(v, ['byClass'], path, p);
    if (!isObj(v.byClass)) return void p.push(`${path}.byClass: expected {"class-name": "state"}`);
    for (const [k, x] of Object.entries(v.byClass)) state(x, `${path}.byClass.${k}`);
    return;
  }
  if ('byContainer' in v) {
    known(v, ['byContainer'], path, p);
    if (!Array.isArray(v.byContainer) || v.byContainer.length === 0) return void p.push(`${path}.byContainer: expected a list of {"selector", "state"}`);
    v.byContainer.forEach((c, i) => {
      const at = `${path}.byContainer[${i}]`;
      if (!isObj(c)) return void p.push(`${at}: expected {"selector", "state"}`);
      known(c, ['selector', 'state'], at, p);
      selector(c.selector, `${at}.selector`, p);
      state(c.state, `${at}.state`);
    });
    return;
  }
  validateField(v, path, p);
  if (!isObj(v.map)) p.push(`${path}.map: expected a map from the widget's values to states`);
  else for (const [k, x] of Object.entries(v.map)) state(x, `${path}.map.${k}`);
}

export function validateList(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected {"row": "selector", ...}`);
  known(v, ['shadow', 'container', 'row', 'virtual', 'tabs'], path, p);
  if (v.shadow !== undefined) {
    if (!Array.isArray(v.shadow) || v.shadow.length > 8) p.push(`${path}.shadow: expected a list of shadow host selectors (at most 8)`);
    else v.shadow.forEach((s, i) => selector(s, `${path}.shadow[${i}]`, p));
  }
  selector(v.container, `${path}.container`, p, true);
  selector(v.row, `${path}.row`, p);
  if (v.virtual !== undefined) {
    if (!isObj(v.virtual)) p.push(`${path}.virtual: expected an object`);
    else {
      known(v.virtual, ['total'], `${path}.virtual`, p);
      if (v.virtual.total !== undefined) validateField(v.virtual.total, `${path}.virtual.total`, p);
      if (v.container === undefined) p.push(`${path}.container: a virtualised list needs its container (the element that scrolls)`);
    }
  }
  if (v.tabs !== undefined) {
    if (!Array.isArray(v.tabs)) p.push(`${path}.tabs: expected a list of {"list", "tab"}`);
    else
      v.tabs.forEach((t, i) => {
        if (!isObj(t)) return void p.push(`${path}.tabs[${i}]: expected {"list", "tab"}`);
        known(t, ['list', 'tab'], `${path}.tabs[${i}]`, p);
        selector(t.list, `${path}.tabs[${i}].list`, p);
        validateControl(t.tab, `${path}.tabs[${i}].tab`, p);
      });
  }
}

/** The row primitives any section shares; a section validator (chat) calls this and adds its own. */
export function validateRowSection(v: unknown, path: string, p: Problems, opts: { actions?: readonly string[]; states?: readonly string[]; fields?: readonly string[] } = {}): v is RowSection {
  const before = p.length;
  if (!isObj(v)) {
    p.push(`${path}: expected an object`);
    return false;
  }
  validateList(v.list, `${path}.list`, p);
  const fields = isObj(v.fields) ? v.fields : {};
  if (!isObj(v.fields)) p.push(`${path}.fields: expected an object of fields`);
  else
    for (const [name, f] of Object.entries(v.fields)) {
      if (name.startsWith('_')) continue;
      if (opts.fields && !opts.fields.includes(name)) p.push(`${path}.fields: unknown field '${name}' (known: ${opts.fields.join(', ')})`);
      validateField(f, `${path}.fields.${name}`, p);
    }
  validateId(v.id, `${path}.id`, p, fields);
  if (v.state !== undefined || opts.states) validateState(v.state, `${path}.state`, p, opts.states ?? []);
  validateActions(v.actions ?? {}, `${path}.actions`, p, opts.actions);
  return p.length === before;
}

export const QNA_ACTIONS = ['approve', 'dismiss', 'restore', 'answered-live', 'claim', 'release', 'answer-public', 'answer-private'] as const;
export const QNA_FIELDS = ['text', 'author', 'authorId', 'time', 'votes', 'answeredLive', 'handledBy'] as const;

function validateQna(v: unknown, path: string, p: Problems): void {
  if (!validateRowSection(v, path, p, { actions: QNA_ACTIONS, states: QNA_STATES, fields: QNA_FIELDS }) && !isObj(v)) return;
  const q = v as Record<string, unknown>;
  known(q, ['list', 'id', 'state', 'fields', 'actions', 'anonymousAuthor', 'answers', 'connection', 'me', 'absent'], path, p);
  if (isObj(q.fields) && !('text' in q.fields)) p.push(`${path}.fields.text: a question needs its text`);
  str(q.anonymousAuthor, `${path}.anonymousAuthor`, p, true);
  if (q.connection !== undefined) validateField(q.connection, `${path}.connection`, p);
  if (q.me !== undefined) validateField(q.me, `${path}.me`, p);
  if (q.answers !== undefined) {
    const a = q.answers;
    if (!isObj(a)) p.push(`${path}.answers: expected an object`);
    else {
      known(a, ['row', 'id', 'visibility', 'text', 'by'], `${path}.answers`, p);
      selector(a.row, `${path}.answers.row`, p);
      if (a.id !== undefined) validateField(a.id, `${path}.answers.id`, p);
      validateField(a.visibility, `${path}.answers.visibility`, p);
      validateField(a.text, `${path}.answers.text`, p);
      if (a.by !== undefined) validateField(a.by, `${path}.answers.by`, p);
    }
  }
  if (q.absent !== undefined && !isObj(q.absent)) p.push(`${path}.absent: expected an object of reasons`);
}

function validateAnnouncements(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected an object`);
  if ('actions' in v || 'list' in v) return validateAnnouncementSteps(v, path, p);
  known(v, ['composer', 'input', 'send', 'item', 'id', 'text', 'error', 'pin', 'absent'], path, p);
  for (const k of ['composer', 'input', 'send', 'item'] as const) selector(v[k], `${path}.${k}`, p);
  selector(v.error, `${path}.error`, p, true);
  selector(v.pin, `${path}.pin`, p, true);
  if (v.id !== undefined) validateField(v.id, `${path}.id`, p);
  validateField(v.text, `${path}.text`, p);
  validateAbsent(v.absent, `${path}.absent`, p, ['pin']);
}

export const ANNOUNCEMENT_ACTIONS = ['send', 'send-pinned'] as const;

// The steps shape: the list (as Q&A's, through shadow roots) and `actions.send` / `actions.send-pinned`.
function validateAnnouncementSteps(v: Record<string, unknown>, path: string, p: Problems): void {
  known(v, ['list', 'id', 'text', 'error', 'actions', 'absent'], path, p);
  validateList(v.list, `${path}.list`, p);
  if (v.id !== undefined) validateField(v.id, `${path}.id`, p);
  validateField(v.text, `${path}.text`, p);
  selector(v.error, `${path}.error`, p, true);
  if (!isObj(v.actions)) p.push(`${path}.actions: expected {"send": {"steps": [...]}} (and "send-pinned" where the widget can pin)`);
  else {
    if (!isObj(v.actions.send)) p.push(`${path}.actions.send: expected the steps that send an announcement, {"steps": [...]}`);
    validateActions(v.actions, `${path}.actions`, p, ANNOUNCEMENT_ACTIONS);
    for (const [name, action] of Object.entries(v.actions)) {
      if (name.startsWith('_') || !isObj(action) || !Array.isArray(action.steps)) continue;
      action.steps.forEach((st, i) => {
        // There is no row here: a control is in the widget or the document.
        for (const [at, control] of stepControls(st)) {
          if (isObj(control) && control.within === 'row') p.push(`${path}.actions.${name}.steps[${i}]${at}.within: an announcement has no row; expected 'widget' or 'document'`);
        }
      });
      if (!action.steps.some((st) => isObj(st) && 'fill' in st)) p.push(`${path}.actions.${name}.steps: no "fill" step types the announcement's text`);
    }
    if (v.actions['send-pinned'] !== undefined && isObj(v.absent) && v.absent.pin !== undefined) p.push(`${path}.absent.pin: the profile says how to pin ("send-pinned") and that there is no pin`);
  }
  validateAbsent(v.absent, `${path}.absent`, p, ['pin']);
}

/** The controls of one step, with where they are in it (".click", ".menu.open", …). */
function stepControls(st: unknown): Array<[string, unknown]> {
  if (!isObj(st)) return [];
  const out: Array<[string, unknown]> = [];
  for (const k of ['click', 'wait', 'fill'] as const) if (k in st) out.push([`.${k}`, st[k]]);
  if (isObj(st.menu)) out.push(['.menu.open', st.menu.open], ['.menu.item', st.menu.item]);
  if (isObj(st.confirm)) out.push(['.confirm.dialog', st.confirm.dialog], ['.confirm.button', st.confirm.button]);
  return out;
}

/** Reasons an action is missing, by action name (shown to the moderator as text). */
function validateAbsent(v: unknown, path: string, p: Problems, names: readonly string[]): void {
  if (v === undefined) return;
  if (!isObj(v)) return void p.push(`${path}: expected an object of reasons, e.g. {"${names[0]}": "why there is none"}`);
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('_')) continue;
    if (!names.includes(k)) p.push(`${path}: unknown action '${k}' (known: ${names.join(', ')})`);
    str(x, `${path}.${k}`, p);
  }
}

/** A boolean read from a row (chat): `matches` (the row matches a selector), or a field whose value `equals`. */
function validateBool(v: unknown, path: string, p: Problems): void {
  if (isObj(v) && 'matches' in v) {
    known(v, ['matches'], path, p);
    return selector(v.matches, `${path}.matches`, p);
  }
  validateField(v, path, p);
  if (isObj(v) && v.equals === undefined) p.push(`${path}: a boolean needs "matches" (a selector the row matches) or "equals" (the value that means true)`);
}

export const CHAT_ACTIONS = ['delete', 'pin', 'unpin', 'block', 'unblock', 'post'] as const;

// The chat section keeps its own (v1-era) shape: `item` is the row, each field a key of its own, and an
// action is one click in the row (the widget root for `post`), with an input to `fill` first and a
// `confirm` to click after it. Checked here like the rest, so a malformed chat section is refused with
// where it is wrong instead of failing silently at the first read or click.
function validateChat(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected an object`);
  known(v, ['item', 'id', 'author', 'authorId', 'time', 'text', 'pinned', 'deleted', 'byModerator', 'reactions', 'blocked', 'people', 'actions', 'absent', 'connection', 'me'], path, p);
  selector(v.item, `${path}.item`, p);
  for (const k of ['id', 'author', 'text'] as const) validateField(v[k], `${path}.${k}`, p);
  for (const k of ['authorId', 'time', 'connection', 'me'] as const) if (v[k] !== undefined) validateField(v[k], `${path}.${k}`, p);
  for (const k of ['pinned', 'deleted', 'byModerator'] as const) if (v[k] !== undefined) validateBool(v[k], `${path}.${k}`, p);
  if (v.reactions !== undefined) {
    const r = v.reactions;
    if (!isObj(r)) p.push(`${path}.reactions: expected {"item", "emoji", "count"}`);
    else {
      known(r, ['item', 'emoji', 'count'], `${path}.reactions`, p);
      selector(r.item, `${path}.reactions.item`, p);
      validateField(r.emoji, `${path}.reactions.emoji`, p);
      validateField(r.count, `${path}.reactions.count`, p);
    }
  }
  if (v.blocked !== undefined) {
    const b = v.blocked;
    if (!isObj(b)) p.push(`${path}.blocked: expected {"item", "userId", ...}`);
    else {
      known(b, ['item', 'userId', 'name', 'reason'], `${path}.blocked`, p);
      selector(b.item, `${path}.blocked.item`, p);
      validateField(b.userId, `${path}.blocked.userId`, p);
      for (const k of ['name', 'reason'] as const) if (b[k] !== undefined) validateField(b[k], `${path}.blocked.${k}`, p);
    }
  }
  if (v.people !== undefined) {
    // Other rows of a person where their block control is (their questions): item and whose row it is.
    if (!Array.isArray(v.people)) p.push(`${path}.people: expected a list of {"item", "userId"}`);
    else
      v.people.forEach((row: unknown, i: number) => {
        const at = `${path}.people[${i}]`;
        if (!isObj(row)) return void p.push(`${at}: expected {"item", "userId"}`);
        known(row, ['item', 'userId'], at, p);
        selector(row.item, `${at}.item`, p);
        validateField(row.userId, `${at}.userId`, p);
      });
  }
  if (!isObj(v.actions)) p.push(`${path}.actions: expected an object of actions (${CHAT_ACTIONS.join(', ')})`);
  else
    for (const [name, a] of Object.entries(v.actions)) {
      if (name.startsWith('_')) continue;
      const at = `${path}.actions.${name}`;
      if (!(CHAT_ACTIONS as readonly string[]).includes(name)) p.push(`${path}.actions: unknown action '${name}' (known: ${CHAT_ACTIONS.join(', ')})`);
      if (!isObj(a)) {
        p.push(`${at}: expected {"click": "selector"} (with "fill" and "confirm" where the action types text) or {"steps": [...]}`);
        continue;
      }
      if ('steps' in a) {
        // v2: clicks and fills (chat actions are immediate: nothing to open, wait for or confirm).
        known(a, ['steps'], at, p);
        if (!Array.isArray(a.steps) || a.steps.length === 0 || a.steps.length > 20) p.push(`${at}.steps: expected a list of 1 to 20 steps`);
        else
          a.steps.forEach((st, i) => {
            const kind = isObj(st) ? Object.keys(st).find((k) => k !== 'timeoutMs' && !k.startsWith('_')) : undefined;
            if (kind && kind !== 'click' && kind !== 'fill' && (STEP_KINDS as readonly string[]).includes(kind)) p.push(`${at}.steps[${i}]: a chat step is a click or a fill, got '${kind}'`);
            else validateStep(st, `${at}.steps[${i}]`, p);
          });
        continue;
      }
      known(a, ['click', 'fill', 'confirm'], at, p);
      selector(a.click, `${at}.click`, p);
      selector(a.fill, `${at}.fill`, p, true);
      selector(a.confirm, `${at}.confirm`, p, true);
    }
  validateAbsent(v.absent, `${path}.absent`, p, CHAT_ACTIONS);
}

// The live reactions box: its per-type counters and the moderator's on/off switch.
function validateReactions(v: unknown, path: string, p: Problems): void {
  if (!isObj(v)) return void p.push(`${path}: expected an object`);
  known(v, ['box', 'item', 'type', 'count', 'enabled', 'switch', 'switchTo', 'absent'], path, p);
  selector(v.box, `${path}.box`, p);
  selector(v.item, `${path}.item`, p);
  validateField(v.type, `${path}.type`, p);
  validateField(v.count, `${path}.count`, p);
  if (v.enabled !== undefined) validateField(v.enabled, `${path}.enabled`, p);
  selector(v.switch, `${path}.switch`, p, true);
  if (v.switchTo !== undefined) {
    if (!isObj(v.switchTo)) p.push(`${path}.switchTo: expected {"on": "selector", "off": "selector"}`);
    else {
      known(v.switchTo, ['on', 'off'], `${path}.switchTo`, p);
      selector(v.switchTo.on, `${path}.switchTo.on`, p);
      selector(v.switchTo.off, `${path}.switchTo.off`, p);
    }
  }
  validateAbsent(v.absent, `${path}.absent`, p, ['switch']);
}

type SectionValidator = (value: unknown, path: string, problems: string[]) => void;
const SECTION_VALIDATORS = new Map<string, SectionValidator>([
  ['qna', validateQna],
  ['announcements', validateAnnouncements],
  ['chat', validateChat],
  ['reactions', validateReactions],
]);

/** A section another part owns registers its validator here; until then its content is not checked. */
export function registerSectionValidator(section: string, validate: SectionValidator): void {
  SECTION_VALIDATORS.set(section, validate);
}

const TOP = ['version', 'id', 'description', 'widgetRoot', 'moderatorMarkup', 'widgetEntryIdAttribute', 'modules', 'overrides'];

/** Every problem with a profile, each naming its path; empty when the profile is good. */
export function profileProblems(v: unknown): string[] {
  const p: Problems = [];
  if (!isObj(v)) return [`(profile): expected a JSON object, got ${describe(v)}`];
  if (v.version !== PROFILE_VERSION) p.push(`version: expected ${PROFILE_VERSION}, got ${describe(v.version)}`);
  str(v.id, 'id', p);
  if (typeof v.id === 'string' && !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(v.id)) p.push(`id: letters, digits, '.', '_' and '-' only (at most 64)`);
  str(v.description, 'description', p, true);
  selector(v.widgetRoot, 'widgetRoot', p);
  selector(v.moderatorMarkup, 'moderatorMarkup', p);
  str(v.widgetEntryIdAttribute, 'widgetEntryIdAttribute', p);
  if (!isObj(v.modules)) p.push('modules: expected an object of module selectors');
  else for (const [k, s] of Object.entries(v.modules)) if (!k.startsWith('_')) selector(s, `modules.${k}`, p);
  for (const [name, section] of Object.entries(v)) {
    if (TOP.includes(name) || name.startsWith('_')) continue;
    SECTION_VALIDATORS.get(name)?.(section, name, p);
  }
  if (v.overrides !== undefined) {
    if (!Array.isArray(v.overrides)) p.push('overrides: expected a list of {"origins", "set"}');
    else
      v.overrides.forEach((o, i) => {
        const at = `overrides[${i}]`;
        if (!isObj(o)) return void p.push(`${at}: expected {"origins", "set"}`);
        known(o, ['origins', 'set'], at, p);
        if (!Array.isArray(o.origins) || o.origins.length === 0) p.push(`${at}.origins: expected a list of origins`);
        else
          o.origins.forEach((x, j) => {
            if (typeof x !== 'string' || !/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(x)) p.push(`${at}.origins[${j}]: expected an origin like 'https://events.example.com', got ${describe(x)}`);
          });
        if (!isObj(o.set)) return void p.push(`${at}.set: expected an object`);
        if ('version' in o.set || 'id' in o.set || 'overrides' in o.set) p.push(`${at}.set: may not change version, id or overrides`);
        // The merged result must itself be a valid profile.
        if (p.length === 0) {
          const { overrides: _o, ...base } = v;
          for (const q of profileProblems(mergeOver(base, o.set))) p.push(`${at}: ${q}`);
        }
      });
  }
  return p;
}

/** The profile, or a ProfileError naming every problem. */
export function parseProfile(v: unknown): ProfileV2 {
  const problems = profileProblems(v);
  if (problems.length) throw new ProfileError(problems, isObj(v) && typeof v.id === 'string' ? v.id : undefined);
  return v as ProfileV2;
}

/** Values an override replaces whole (a state read by class replaces one read by attribute, not mixes). */
const ATOMIC = new Set(['state', 'id', 'list', 'answers', 'connection', 'me', 'text']);
const REPLACED_ENTRIES = new Set(['fields', 'actions', 'modules']);

/** Objects merged deeply, except whole specs (a field, an action, a state) and arrays, which are replaced. */
export function mergeOver(base: Record<string, unknown>, patch: Record<string, unknown>, parent = ''): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const whole = ATOMIC.has(k) || REPLACED_ENTRIES.has(parent);
    out[k] = !whole && isObj(v) && isObj(out[k]) ? mergeOver(out[k] as Record<string, unknown>, v, k) : v;
  }
  return out;
}

/** The profile as it applies on one origin (its overrides for that origin merged in). */
export function forOrigin<T extends ProfileV2>(profile: T, origin: string | null | undefined): T {
  if (!origin || !profile.overrides?.length) return profile;
  let out: Record<string, unknown> = profile;
  for (const o of profile.overrides) if (o.origins.includes(origin)) out = mergeOver(out, o.set);
  return out as T;
}
