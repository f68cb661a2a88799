// Teach mode: from what the moderator clicked on the live widget (a question row, its fields, a state tab,
// the clicks of each action) to a draft selector profile (language v2), and what that draft reads from the
// page now. Pure DOM, no timers, no messaging: the content script's teach feature (lib/content/teach.ts)
// records the clicks, this turns them into data.
//
// The draft holds only what held for every row (selectors.ts derives them), and actions by role and
// accessible name (the labels the moderator's widget shows, in its language) rather than by position.
import type { QuestionState } from '../../model/qna/types';
import { accessibleName, listScope, roleOf, safeAll } from '../profile-dom';
import { coverageOf, renderedRows } from '../profile-list';
import type { ControlSpec, FieldSpec, ListSpec, ProfileV2, QnaSection, StateSpec, StepSpec } from '../profile-schema';
import { readQuestions } from '../qna-reader';
import { candidates, deriveFieldSelector, deriveRowSelector, rowOf } from './selectors';
import { withAbsent, type OptionalTeachAction } from './absent';

export const TEACH_FIELDS = ['text', 'author', 'votes', 'time', 'handledBy'] as const;
export type TeachField = (typeof TEACH_FIELDS)[number];
export const TEACH_ACTIONS = ['approve', 'dismiss', 'answered-live', 'answer-public', 'answer-private', 'restore', 'claim', 'release'] as const;
export type TeachAction = (typeof TEACH_ACTIONS)[number];
/** One recorded click of an action, described as data the moment it was clicked (menus vanish after). */
export interface RecordedClick {
  control: ControlSpec;
  /** The element opens a menu or popup (aria-haspopup / aria-expanded). */
  opener: boolean;
  /** Role of the dialog the element is in, when it is in one. */
  dialog: string | null;
  textbox: boolean;
  menuitem: boolean;
  /** For the moderator: what was clicked ("button “Weitere Aktionen”"). */
  label: string;
}

export interface TabState {
  name: string;
  state: QuestionState | null;
  /** Selector of the list (tab panel) this tab shows. */
  panel: string | null;
}

/** Words a widget commonly names its state tabs with, in a few languages: a guess the moderator can fix. */
const STATE_WORDS: Record<QuestionState, string[]> = {
  pending: ['pending', 'ausstehend', 'neu', 'new', 'en attente', 'in attesa', 'pendiente', 'queue', 'inbox', 'eingang'],
  approved: ['approved', 'genehmigt', 'approuvées', 'approuvé', 'live', 'published', 'veröffentlicht', 'aprobadas', 'approvate'],
  answered: ['answered', 'beantwortet', 'répondues', 'répondu', 'respondidas', 'risposte'],
  dismissed: ['dismissed', 'abgelehnt', 'rejetées', 'rejected', 'declined', 'archived', 'archiviert', 'rechazadas', 'rifiutate'],
};
const ORDER: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];

export function guessState(name: string, index: number): QuestionState | null {
  const n = name.toLocaleLowerCase().trim();
  for (const state of ORDER) if (STATE_WORDS[state].some((w) => n === w || n.startsWith(`${w} `) || n.startsWith(`${w}(`))) return state;
  return ORDER[index] ?? null;
}

/** A tab's or button's name without the counts widgets add ("Ausstehend (3)" → "Ausstehend"). */
export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').replace(/\s*[([]\d+[)\]]\s*$/u, '').replace(/\s+\d+$/u, '').trim().slice(0, 120);
}

const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Shadow hosts from the document down to the node's root (outermost first); empty in the light DOM. */
export function hostChain(node: Node): Element[] {
  const hosts: Element[] = [];
  for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) hosts.unshift(root.host);
  return hosts;
}

/** A selector for an element that matches it alone in its scope: a custom element's tag first. */
export function uniqueSelector(el: Element, scope: ParentNode): string | null {
  const tag = el.localName;
  const tries = tag.includes('-') ? [tag, ...candidates(el)] : candidates(el);
  for (const s of tries) if (safeAll(scope, s).length === 1 && safeAll(scope, s)[0] === el) return s;
  return null;
}

/** The widget root: the outermost shadow host, else the nearest ancestor that names an entry, else the list's parent. */
export function widgetRootOf(row: Element): Element | null {
  const hosts = hostChain(row);
  if (hosts.length) return hosts[0]!;
  for (let el: Element | null = row.parentElement; el && el !== el.ownerDocument.body; el = el.parentElement) {
    if (el.getAttributeNames().some((n) => /entry/i.test(n))) return el;
  }
  return row.parentElement?.parentElement ?? null;
}

/** The element whose scrolling reveals more rows: the nearest ancestor that scrolls, else the row's list. */
function containerOf(row: Element): Element | null {
  for (let el = row.parentElement; el; el = el.parentElement) {
    const style = el.ownerDocument.defaultView?.getComputedStyle(el);
    if (style && /(auto|scroll)/.test(`${style.overflowY}${style.overflow}`)) return el;
    if (el.getAttribute('role') === 'list') return el;
  }
  return row.parentElement;
}

/** A selector for the list container that matches it and the lists like it (one per tab), nothing else. */
function containerSelector(container: Element, scope: ParentNode): string | null {
  const sig = (e: Element) => `${e.tagName}|${e.getAttribute('role') ?? ''}|${e.className}`;
  for (const s of candidates(container)) {
    const found = safeAll(scope, s);
    if (found.includes(container) && found.every((f) => sig(f) === sig(container))) return s;
  }
  return null;
}

/** A clicked element as a control: by role and name (language-proof), else by a selector of stable parts. */
export function describeClickWithin(el: Element, within: ControlSpec['within']): RecordedClick {
  const role = roleOf(el);
  const name = cleanName(accessibleName(el));
  let control: ControlSpec;
  if (role && name && name.length <= 80) control = { role, name: [name], within };
  else if (role) control = { role, within };
  else control = { selector: candidates(el)[0] ?? el.localName, within };
  const dialogEl = el.closest('[role=dialog], [role=alertdialog], dialog');
  const popup = el.getAttribute('aria-haspopup');
  return {
    control,
    opener: (!!popup && popup !== 'false') || el.hasAttribute('aria-expanded'),
    dialog: dialogEl ? (roleOf(dialogEl) ?? 'dialog') : null,
    textbox: role === 'textbox',
    menuitem: role === 'menuitem' || role === 'menuitemradio' || role === 'menuitemcheckbox',
    label: `${role ?? el.localName}${name ? ` “${name.slice(0, 60)}”` : ''}`,
  };
}

/** Recorded clicks to the steps of an action: a menu opener and its item, a dialog's button, a text box. */
export function stepsOf(clicks: readonly RecordedClick[]): StepSpec[] {
  const steps: StepSpec[] = [];
  for (let i = 0; i < clicks.length; i++) {
    const c = clicks[i]!;
    const next = clicks[i + 1];
    if (c.opener && next?.menuitem) {
      steps.push({ menu: { open: c.control, item: next.control } });
      i++;
    } else if (c.textbox) steps.push({ fill: c.control });
    else if (c.dialog) steps.push({ confirm: { dialog: { role: c.dialog }, button: { ...c.control, within: undefined } } });
    else steps.push({ click: c.control });
  }
  return steps.map((s) => JSON.parse(JSON.stringify(s)) as StepSpec); // drops the `within: undefined`
}

/** What the row click taught: where the widget and its rows are. Data, so it outlives a re-render. */
export interface RowLesson {
  widgetRoot: string;
  list: ListSpec;
  entryAttr: string;
  moderatorAttr: string | null;
  rows: number;
}

export interface FieldLesson {
  spec: FieldSpec;
  found: number;
  of: number;
  /** What the clicked element showed, and the widget root's attributes then: "handled by" is read against them. */
  shown?: string;
  rootAttrs?: Array<[name: string, value: string]>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "Handled by": how to read who holds a claimed question, and who "me" is. The widget shows a claim as a name
 * (often after words: "Bearbeitet von moderator-1"), and names the signed-in moderator somewhere on its root
 * (an attribute): the attribute whose value ends what the clicked claim showed is "me", and the words before
 * it become the field's pattern. Null `me` when nothing on the root names the moderator.
 */
export function handledByOf(lesson: FieldLesson, widgetRoot: string, skip: readonly string[]): { spec: FieldSpec; me: FieldSpec | null } {
  const shown = (lesson.shown ?? '').replace(/\s+/g, ' ').trim();
  const match = (lesson.rootAttrs ?? [])
    .filter(([name, v]) => !skip.includes(name) && v.trim().length >= 2 && shown.endsWith(v.trim()))
    .sort((a, b) => b[1].length - a[1].length)[0];
  if (!match) return { spec: lesson.spec, me: null };
  const prefix = shown.slice(0, shown.length - match[1].trim().length);
  const spec: FieldSpec = prefix ? { ...lesson.spec, pattern: `^${escapeRegExp(prefix)}(.+)$` } : lesson.spec;
  return { spec, me: { selector: widgetRoot, attr: match[0] } };
}

/** What the answer clicks taught: where a question's answers are, their text and visibility. */
export interface AnswerLesson {
  row: string;
  text: FieldSpec;
  visibility?: FieldSpec;
}

export interface TeachPicks {
  row?: RowLesson;
  answers?: AnswerLesson;
  fields: Partial<Record<TeachField, FieldLesson>>;
  tabs?: TabState[];
  /** The moderator's corrections of the guessed tab states, by tab index. */
  tabStates: Record<number, QuestionState>;
  actions: Partial<Record<TeachAction, RecordedClick[]>>;
  /**
   * Optional actions the moderator said the widget has no control for: part of the draft, so that closing
   * and reopening the teach view keeps them, and "Start again" clears them with the rest.
   */
  absent?: OptionalTeachAction[];
}

export interface Draft {
  profile: ProfileV2 | null;
  /** What is missing or could not be derived, for the moderator. */
  notes: string[];
  tabs: TabState[];
}

type Learned<T> = { ok: true; value: T } | { ok: false; error: string };

/** From a click anywhere in a question row: the widget root, the shadow path, the row and list selectors. */
export function learnRow(clicked: Element): Learned<RowLesson> {
  const row = rowOf(clicked);
  if (!row) return { ok: false, error: 'That is not inside a list of rows: click a question in the list.' };
  const doc = row.ownerDocument;
  const root = widgetRootOf(row);
  if (!root) return { ok: false, error: 'No widget was found around this row.' };
  const rootSel = uniqueSelector(root, doc);
  if (!rootSel) return { ok: false, error: 'The widget has nothing that tells it apart on the page.' };
  const scope = row.getRootNode() as ParentNode;
  const rowSel = deriveRowSelector(scope, [row]);
  if (!rowSel) return { ok: false, error: 'No selector matches every question row: click another row.' };
  const list: ListSpec = { row: rowSel.selector };
  const hosts = hostChain(row);
  if (hosts.length) {
    // Each host is looked up inside the previous one's shadow root (the first is the widget root itself).
    const shadow: string[] = [];
    for (const [i, h] of hosts.entries()) {
      const s = i === 0 ? rootSel : uniqueSelector(h, hosts[i - 1]!.shadowRoot!);
      if (!s) return { ok: false, error: 'A shadow host inside the widget has nothing that tells it apart.' };
      shadow.push(s);
    }
    list.shadow = shadow;
  }
  const container = containerOf(row);
  const containerSel = container ? containerSelector(container, scope) : null;
  if (containerSel) list.container = containerSel;
  if (containerSel && row.hasAttribute('aria-setsize')) list.virtual = { total: { attr: 'aria-setsize' } };
  return {
    ok: true,
    value: {
      widgetRoot: rootSel,
      list,
      entryAttr: root.getAttributeNames().find((n) => /entry/i.test(n)) ?? 'data-entry-id',
      moderatorAttr: root.getAttributeNames().find((n) => root.getAttribute(n) === 'moderator') ?? null,
      rows: rowSel.count,
    },
  };
}

/** Where the rows are now (the widget may have re-rendered since the row click). */
export function scopeOf(doc: Document, lesson: RowLesson): ParentNode | null {
  const root = safeAll(doc, lesson.widgetRoot)[0];
  return root ? listScope(root, lesson.list) : null;
}

function rowAround(el: Element, lesson: RowLesson): Element | null {
  try {
    return el.closest(lesson.list.row);
  } catch {
    return null;
  }
}

/** A field from a click inside a row: a selector that finds it in the other rows too. */
export function learnField(lesson: RowLesson, clicked: Element): Learned<FieldLesson> {
  const row = rowAround(clicked, lesson);
  const scope = scopeOf(clicked.ownerDocument, lesson);
  if (!row || !scope) return { ok: false, error: 'That is not inside a question row: click inside a row.' };
  const derived = deriveFieldSelector(row, clicked, safeAll(scope, lesson.list.row));
  if (!derived) return { ok: false, error: 'Nothing stable points at that element: click the text itself.' };
  const root = safeAll(clicked.ownerDocument, lesson.widgetRoot)[0];
  const rootAttrs = root ? root.getAttributeNames().slice(0, 30).map((n): [string, string] => [n, (root.getAttribute(n) ?? '').slice(0, 200)]) : [];
  return { ok: true, value: { ...derived, shown: (clicked.textContent ?? '').trim().slice(0, 300), rootAttrs } };
}

/** The tabs next to a clicked tab, each with the panel (list) it shows and its guessed state. */
export function learnTabs(lesson: RowLesson, tab: Element): Learned<TabState[]> {
  if (roleOf(tab) !== 'tab') {
    const t = tab.closest('[role=tab]');
    if (!t) return { ok: false, error: 'That is not a tab: click the tab (or heading) of the pending questions.' };
    tab = t;
  }
  const scope = scopeOf(tab.ownerDocument, lesson) ?? (tab.getRootNode() as ParentNode);
  const list = tab.closest('[role=tablist]') ?? tab.parentElement;
  const tabs = list ? Array.from(list.querySelectorAll('[role=tab]')) : [tab];
  const panels = safeAll(scope, '[role=tabpanel]');
  return {
    ok: true,
    value: tabs.map((t, i) => {
      const name = cleanName(accessibleName(t));
      const controls = t.getAttribute('aria-controls');
      const byId = controls ? panels.find((p) => p.id === controls) : undefined;
      const byLabel = panels.find((p) => cleanName(p.getAttribute('aria-label') ?? '') === name);
      const el = byLabel ?? byId ?? (panels.length === tabs.length ? panels[i] : undefined);
      let panel: string | null = null;
      if (el?.getAttribute('aria-label')) panel = `[role=tabpanel][aria-label=${q(el.getAttribute('aria-label')!)}]`;
      else if (el?.id && !/\d{3,}|[0-9a-f]{6,}/i.test(el.id)) panel = `[role=tabpanel]#${CSS.escape(el.id)}`;
      else if (el) panel = `[role=tabpanel]:nth-of-type(${panels.indexOf(el) + 1})`;
      return { name, state: guessState(name, i), panel };
    }),
  };
}

/** The words widgets show for an answer's visibility, in a few languages. */
const VISIBILITY: Record<string, 'public' | 'private'> = {
  public: 'public', öffentlich: 'public', publique: 'public', publica: 'public', pública: 'public', pubblica: 'public', 'für alle': 'public', everyone: 'public',
  private: 'private', privat: 'private', privée: 'private', privee: 'private', privada: 'private', privata: 'private', 'nur fragesteller': 'private', 'only asker': 'private',
};

/** The answer item a click inside a question's answer belongs to: a child of a list, or the clicked element's parent. */
function answerItemOf(clicked: Element, row: Element): Element | null {
  for (let el: Element | null = clicked; el && el !== row; el = el.parentElement) {
    const parent = el.parentElement;
    if (parent && (parent.localName === 'ul' || parent.localName === 'ol' || parent.getAttribute('role') === 'list')) return el;
  }
  return clicked.parentElement && clicked.parentElement !== row ? clicked.parentElement : null;
}

/** From a click on an answer's text (shown under a question): the answers' item and text selectors. */
export function learnAnswer(lesson: RowLesson, clicked: Element): Learned<AnswerLesson> {
  const row = rowAround(clicked, lesson);
  if (!row) return { ok: false, error: 'That is not inside a question row: click the text of an answer under a question.' };
  const item = answerItemOf(clicked, row);
  if (!item || item === clicked) return { ok: false, error: 'That does not look like an answer: click the text of an answer under a question.' };
  const itemSel = candidates(item).find((c) => safeAll(row, c).includes(item));
  if (!itemSel) return { ok: false, error: 'Nothing stable points at that answer.' };
  const items = safeAll(scopeOf(row.ownerDocument, lesson) ?? row, itemSel);
  const text = deriveFieldSelector(item, clicked, items.length ? items : [item]);
  if (!text) return { ok: false, error: "Nothing stable points at the answer's text." };
  return { ok: true, value: { row: itemSel, text: text.spec } };
}

/** From a click on an answer's visibility ("öffentlich"): a field read through the visibility words. */
export function learnAnswerVisibility(answers: AnswerLesson, clicked: Element): Learned<FieldSpec> {
  let item: Element | null = null;
  try {
    item = clicked.closest(answers.row);
  } catch {
    item = null;
  }
  if (!item || item === clicked) return { ok: false, error: 'Click the visibility shown on the answer you clicked before (public or private).' };
  const shown = (clicked.textContent ?? '').trim().toLocaleLowerCase();
  if (!VISIBILITY[shown]) return { ok: false, error: `"${shown.slice(0, 40)}" is not a visibility this version knows (public or private, in English, German, French, Spanish or Italian).` };
  const derived = deriveFieldSelector(item, clicked, [item]);
  if (!derived) return { ok: false, error: 'Nothing stable points at the visibility.' };
  return { ok: true, value: { ...derived.spec, map: { ...VISIBILITY } } };
}

/** One click of an action, described as data at once (a menu or dialog is gone after it). */
export function learnClick(lesson: RowLesson | undefined, clicked: Element): RecordedClick {
  const row = lesson ? rowAround(clicked, lesson) : null;
  const scope = lesson ? scopeOf(clicked.ownerDocument, lesson) : null;
  const root = lesson ? safeAll(clicked.ownerDocument, lesson.widgetRoot)[0] ?? null : null;
  const within: ControlSpec['within'] = row ? 'row' : scope && (clicked.getRootNode() === scope || (scope as Node).contains(clicked)) ? 'widget' : root?.contains(clicked) ? 'widget' : 'document';
  return describeClickWithin(clicked, within);
}

export function buildDraft(picks: TeachPicks, id: string, description: string): Draft {
  const notes: string[] = [];
  const lesson = picks.row;
  if (!lesson) return { profile: null, notes: ['Click a question row first.'], tabs: [] };
  const list: ListSpec = structuredClone(lesson.list);
  const fields: Record<string, FieldSpec> = {};
  let me: FieldSpec | null = null;
  for (const name of TEACH_FIELDS) {
    const f = picks.fields[name];
    if (!f) continue;
    fields[name] = f.spec;
    if (name === 'handledBy') {
      // Only claimed questions show it: not finding it in every row is expected.
      const h = handledByOf(f, lesson.widgetRoot, [lesson.entryAttr, ...(lesson.moderatorAttr ? [lesson.moderatorAttr] : [])]);
      fields[name] = h.spec;
      me = h.me;
      if (!me) notes.push('Nothing on the widget names you, so the panel cannot tell your claims from a colleague’s: pick the “handled by” of a question you claimed.');
    } else if (f.found < f.of) notes.push(`The ${name} was found in ${f.found} of ${f.of} rows.`);
  }
  if (!fields.text) notes.push('Click the text of a question.');
  const tabs = (picks.tabs ?? []).map((t, i) => ({ ...t, state: picks.tabStates[i] ?? t.state }));
  let state: StateSpec | null = null;
  if (tabs.length) {
    const byContainer = tabs.filter((t) => t.panel && t.state).map((t) => ({ selector: t.panel!, state: t.state! }));
    if (byContainer.length) state = { byContainer };
    if (list.container) {
      const container = list.container;
      const shown = tabs.filter((t) => t.panel && t.name).map((t) => ({ list: `${t.panel} ${container}`, tab: { role: 'tab', name: [t.name], within: 'widget' as const } }));
      if (shown.length) list.tabs = shown;
    }
  } else notes.push('Click the tab (or list) of pending questions, so the states can be read.');
  // Without tabs every row reads as pending: a preview shows it, the moderator can still teach the tabs.
  if (!state) state = { byContainer: [{ selector: list.container ?? '*', state: 'pending' }] };

  const actions: QnaSection['actions'] = {};
  for (const name of TEACH_ACTIONS) {
    const clicks = picks.actions[name];
    if (clicks?.length) actions[name] = { steps: stepsOf(clicks) };
  }
  const idFields = (['author', 'time', 'text'] as const).filter((f) => f in fields);
  const qna: QnaSection = {
    list,
    id: idFields.length ? { from: 'fields', fields: [...idFields] } : { attr: 'data-id' },
    state,
    fields,
    actions,
    ...(me ? { me } : {}),
  };
  if (picks.answers) {
    // Without a visibility the reader takes every answer as public.
    qna.answers = { row: picks.answers.row, text: picks.answers.text, visibility: picks.answers.visibility ?? { selector: ':scope', attr: 'data-visibility', map: { public: 'public', private: 'private' } } };
    if (!picks.answers.visibility) notes.push("Click an answer's visibility (public or private), so private answers read as private.");
  } else if (actions['answer-public'] || actions['answer-private']) {
    notes.push('Click the text of an answer under a question, so the panel sees answers arrive.');
  }
  const root = lesson.widgetRoot;
  const profile: ProfileV2 = {
    version: 2,
    id,
    description: description || 'Taught in the panel.',
    widgetRoot: root,
    moderatorMarkup: lesson.moderatorAttr ? `${root}[${lesson.moderatorAttr}=${q('moderator')}]` : root,
    widgetEntryIdAttribute: lesson.entryAttr,
    modules: { qna: root },
    qna,
  };
  return { profile: withAbsent(profile, picks.absent ?? []), notes, tabs };
}

export interface PreviewRow {
  id: string;
  state: string;
  author: string;
  time: string;
  votes: number;
  text: string;
}

export interface Preview {
  rows: PreviewRow[];
  /** Rows the draft could not read (no id, no state). */
  unreadable: number;
  seen: number;
  total: number | null;
}

/** What the draft reads from the page now, row by row (the rows rendered now; at most `limit`). */
export function previewDraft(doc: Document, profile: ProfileV2, now: number, limit = 50): Preview | null {
  const qna = profile.qna;
  if (!qna) return null;
  const root = safeAll(doc, profile.widgetRoot)[0];
  if (!root) return null;
  const rows = renderedRows(root, qna.list);
  const read = readQuestions(rows, qna, now);
  const coverage = coverageOf(root, qna.list, rows.length);
  return {
    rows: read.questions.slice(0, limit).map((x) => ({
      id: x.id,
      state: x.state,
      author: x.author.name ?? (x.author.anonymous ? '(anonymous)' : ''),
      time: new Date(x.createdAt).toISOString(),
      votes: x.votes,
      text: x.text.replace(/\s+/g, ' ').trim().slice(0, 200),
    })),
    unreadable: read.unreadable,
    seen: coverage.seen,
    total: coverage.total,
  };
}
