// Reading and finding elements as a v2 profile describes them: through open shadow roots, by selector or by
// role and accessible name. Runs in the content script; pure DOM, no timers.
import type { ControlSpec, FieldSpec, ListSpec } from './profile-schema';

const MAX_TEXT = 20_000;

export function safeAll(scope: ParentNode, selector: string): Element[] {
  try {
    return Array.from(scope.querySelectorAll(selector));
  } catch {
    return [];
  }
}

export function safeOne(scope: ParentNode, selector: string): Element | null {
  try {
    return scope.querySelector(selector);
  } catch {
    return null;
  }
}

/**
 * The node the rows live in: the widget root, or the shadow root reached through `shadow` (a path of host
 * selectors; the root itself may be the first host). Null when a host or its open shadow root is missing.
 */
export function listScope(root: ParentNode, list: Pick<ListSpec, 'shadow'>): ParentNode | null {
  let scope: ParentNode = root;
  for (const host of list.shadow ?? []) {
    const el = scope instanceof Element && safeMatches(scope, host) ? scope : safeOne(scope, host);
    const shadow = el?.shadowRoot;
    if (!shadow) return null;
    scope = shadow;
  }
  return scope;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * A profile's patterns, compiled once: a chat row's reaction counts are read through one, three per row at
 * 200 rows a second, and building the RegExp each time was a tenth of the row's read. Without the g or y
 * flag `exec` keeps no state, so one object serves every read. Bounded: a custom profile could name many.
 */
const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 256;

export function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, 'u');
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(source, re);
  }
  return re;
}

export function readField(row: Element, spec: FieldSpec | undefined): string | null {
  if (!spec) return null;
  const el = spec.selector ? safeOne(row, spec.selector) : row;
  if (!el) return null;
  let value = spec.attr ? el.getAttribute(spec.attr) : el.textContent;
  if (value === null) return null;
  value = value.slice(0, MAX_TEXT);
  if (spec.pattern) value = patternOf(spec.pattern).exec(value.trim())?.[1] ?? null;
  if (value !== null && spec.map) value = spec.map[value] ?? null;
  return value;
}

const IMPLICIT_ROLES: Record<string, string> = { BUTTON: 'button', TEXTAREA: 'textbox', SELECT: 'combobox', DIALOG: 'dialog', LI: 'listitem', A: 'link' };

export function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit.trim().split(/\s+/)[0]!.toLowerCase();
  if (el.tagName === 'INPUT') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return type === 'button' || type === 'submit' ? 'button' : type === 'checkbox' ? 'checkbox' : 'textbox';
  }
  if (el.tagName === 'A' && !el.hasAttribute('href')) return null;
  return IMPLICIT_ROLES[el.tagName] ?? null;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/** The accessible name, as far as a moderator's widget needs it: aria-label, aria-labelledby, text, title. */
export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label?.trim()) return label;
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const text = by
      .split(/\s+/)
      .map((id) => root.getElementById?.(id)?.textContent ?? '')
      .join(' ');
    if (text.trim()) return text;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    return el.placeholder || el.title || '';
  }
  return el.textContent?.trim() || el.getAttribute('title') || '';
}

/**
 * A label matches a name exactly (case and spacing aside) or as its first words: a tab "Ausstehend (3)"
 * matches the label "Ausstehend", "Approve" does not match "Approved".
 */
export function nameMatches(name: string, labels: readonly string[]): boolean {
  const n = norm(name);
  return labels.some((l) => {
    const want = norm(l);
    if (n === want) return true;
    return n.startsWith(want) && /^[\s(:·–-]/u.test(n.slice(want.length));
  });
}

/** Elements a control names inside a scope, in document order. */
export function findControls(scope: ParentNode, control: ControlSpec): Element[] {
  const candidates = control.selector ? safeAll(scope, control.selector) : control.role ? safeAll(scope, roleSelector(control.role)) : [];
  return candidates.filter((el) => (!control.role || roleOf(el) === control.role) && (!control.name || nameMatches(accessibleName(el), control.name)));
}

/** A cheap prefilter for a role: its explicit attribute or the elements that have it implicitly. */
function roleSelector(role: string): string {
  const implicit = Object.entries(IMPLICIT_ROLES)
    .filter(([, r]) => r === role)
    .map(([tag]) => tag.toLowerCase());
  if (role === 'textbox') implicit.push('input');
  if (role === 'button') implicit.push('input');
  return [`[role="${role.replace(/["\\]/g, '')}"]`, ...implicit].join(', ');
}

/** How a control shows in messages: its selector or its role and names. */
export function describeControl(control: ControlSpec): string {
  const parts: string[] = [];
  if (control.selector) parts.push(control.selector);
  if (control.role) parts.push(`role ${control.role}`);
  if (control.name) parts.push(`named ${control.name.map((n) => `"${n}"`).join(' / ')}`);
  return parts.join(', ');
}

/** Hidden by the widget (an inactive tab, a closed menu): `hidden`, display none, or not laid out. */
export function isHidden(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
  }
  return false;
}
