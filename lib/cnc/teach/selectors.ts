// Teach mode's pure part: from the elements a moderator clicked on a live widget, derive selectors that hold
// for every row, not only the clicked one. No panel here; the picker (later) feeds it clicked elements.
//
// Robust means: built from what a widget keeps stable across rows and releases (roles, aria labels of
// containers, data-* attribute names, tag names, readable class names), never from what differs per row
// (ids, text, attribute values that look generated, positions), and checked against the page: a row selector
// matches every row of the clicked row's list and nothing else; a field selector finds its field in every row.
import type { FieldSpec } from '../profile-schema';

/** Class names a build tool generated (css-1x2y3, sc-AxjAm, _a1b2c3, jss12): they change on every release. */
const GENERATED_CLASS = /^(css|sc|jss|emotion|styled|svelte)-|^_|[0-9a-f]{5,}|\d{2,}/i;
/** Attribute names that say what an element is (their values may identify one row: only the name counts). */
const KIND_ATTRS = ['role', 'data-testid', 'data-test', 'data-qa', 'itemprop', 'aria-haspopup'];

const esc = (s: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, (c) => `\\${c}`));

function stableClasses(el: Element): string[] {
  return Array.from(el.classList).filter((c) => !GENERATED_CLASS.test(c));
}

/**
 * Whether two elements are rows of one kind. Not exact equality: a widget marks a row's state with an
 * extra class or attribute (answered, claimed, highlighted), and such a row is still a question row. Same
 * tag and role, and a readable class or data-* attribute name in common (or neither has any).
 */
export function alike(a: Element, b: Element): boolean {
  if (a === b) return true;
  if (a.tagName !== b.tagName || a.getAttribute('role') !== b.getAttribute('role')) return false;
  const ca = stableClasses(a);
  const cb = new Set(stableClasses(b));
  const da = a.getAttributeNames().filter((n) => n.startsWith('data-'));
  const db = new Set(b.getAttributeNames().filter((n) => n.startsWith('data-')));
  if (!ca.length && !cb.size && !da.length && !db.size) return true;
  return ca.some((c) => cb.has(c)) || da.some((n) => db.has(n));
}

/** Candidate selectors for an element, most specific first, each from stable parts only. */
export function candidates(el: Element): string[] {
  const tag = el.tagName.toLowerCase();
  const out: string[] = [];
  const role = el.getAttribute('role');
  const classes = stableClasses(el);
  const dataNames = el.getAttributeNames().filter((n) => n.startsWith('data-') && !KIND_ATTRS.includes(n));
  for (const attr of KIND_ATTRS) {
    const v = el.getAttribute(attr);
    if (v !== null && v.length <= 40 && !GENERATED_CLASS.test(v)) out.push(`${tag}[${attr}="${v.replace(/["\\]/g, '\\$&')}"]`);
  }
  if (classes.length) out.push(`${tag}.${classes.map(esc).join('.')}`, ...classes.map((c) => `.${esc(c)}`));
  for (const name of dataNames) out.push(`${tag}[${name}]`);
  if (role) out.push(`[role="${role}"]`);
  out.push(tag);
  return [...new Set(out)];
}

function safeAll(scope: ParentNode, selector: string): Element[] {
  try {
    return Array.from(scope.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** A container that says it is a list: its children are rows even when there is only one. */
const LIST_CONTAINER = (el: Element) => el.tagName === 'UL' || el.tagName === 'OL' || ['list', 'listbox', 'feed'].includes(el.getAttribute('role') ?? '');

/**
 * The row a clicked element belongs to: the nearest ancestor (or itself) that has siblings of the same kind
 * (a list shows its rows side by side), or the only child of a list element. Null when nothing above the
 * click looks like a list.
 */
export function rowOf(clicked: Element, stopAt?: Element | null): Element | null {
  for (let el: Element | null = clicked; el && el !== stopAt; el = el.parentElement) {
    const parent = el.parentElement;
    if (!parent) break;
    const kin = Array.from(parent.children).filter((c) => alike(c, el)).length;
    // A list that shows one question right now (a tab with a single pending one) is still a list.
    if (kin >= 2 || (kin === 1 && LIST_CONTAINER(parent))) return el;
  }
  return null;
}

export interface RowSelector {
  selector: string;
  /** Rows it matches in the scope. */
  count: number;
}

/**
 * A selector for the rows, from one or more clicked rows (a click anywhere inside a row will do): the first
 * candidate that matches every clicked row and every row like them, and nothing that is not such a row.
 */
export function deriveRowSelector(scope: ParentNode, clicked: readonly Element[]): RowSelector | null {
  const rows = clicked.map((c) => rowOf(c)).filter((r): r is Element => r !== null);
  if (!rows.length) return null;
  const first = rows[0]!;
  if (rows.some((r) => !alike(r, first))) return null; // clicks in two kinds of rows: ask again
  // Every row like the clicked ones, in every list where one was clicked (and any other list of the same kind).
  const kin = new Set<Element>();
  for (const r of rows) for (const c of Array.from(r.parentElement!.children)) if (alike(c, first)) kin.add(c);
  // A row's own state marks (answered, claimed) are not candidates: the selector must hold for every row.
  for (const selector of candidates(first)) {
    const matched = safeAll(scope, selector);
    if (!rows.every((r) => matched.includes(r))) continue;
    if (![...kin].every((r) => matched.includes(r))) continue;
    // Nothing that is not such a row (other lists of the same kind count as rows).
    if (matched.some((m) => !alike(m, first))) continue;
    return { selector, count: matched.length };
  }
  return null;
}

export interface FieldSelector {
  spec: FieldSpec;
  /** Rows in which the spec finds the field (the moderator sees the preview table row by row). */
  found: number;
  of: number;
}

/**
 * A selector for a field (author, time, votes …), from the element clicked inside one row, that finds the
 * field in the other rows too: a path of stable steps below the row (`:scope > .autor`, `:scope > time`).
 * A <time> is read by its datetime attribute.
 */
export function deriveFieldSelector(row: Element, clicked: Element, rows: readonly Element[]): FieldSelector | null {
  if (!row.contains(clicked) || row === clicked) return null;
  // The steps from the row down to the clicked element, each with its candidates.
  const path: Element[] = [];
  for (let el: Element | null = clicked; el && el !== row; el = el.parentElement) path.unshift(el);
  const attr = clicked.tagName === 'TIME' && clicked.hasAttribute('datetime') ? 'datetime' : undefined;
  let best: FieldSelector | null = null;
  // Full paths from the row first (an answer's text inside the row does not pass for the question's), then
  // the clicked element anywhere in the row.
  const tries: string[] = [];
  const stepCandidates = path.map((el) => candidates(el));
  const build = (i: number, prefix: string) => {
    if (tries.length > 200) return;
    if (i === path.length) return void tries.push(prefix);
    for (const c of stepCandidates[i]!.slice(0, 4)) build(i + 1, `${prefix} > ${c}`);
  };
  build(0, ':scope');
  for (const c of candidates(clicked)) tries.push(`:scope ${c}`);
  for (const selector of tries) {
    let first: Element | null = null;
    try {
      first = row.querySelector(selector);
    } catch {
      continue;
    }
    if (first !== clicked) continue; // it must pick the clicked element in its own row
    const found = rows.filter((r) => {
      try {
        return r.querySelector(selector) !== null;
      } catch {
        return false;
      }
    }).length;
    const candidate: FieldSelector = { spec: attr ? { selector, attr } : { selector }, found, of: rows.length };
    if (!best || found > best.found) best = candidate;
    if (found === rows.length) break;
  }
  return best;
}
