// The row actions' icons: SVG (no icon font, no emoji whose glyph the system may lack), drawn with
// currentColor so they follow the light and dark themes. Decorative: each button carries its name
// (aria-label).
//
// Each icon is built once as a DOM template and cloned natively into its button (iconRef), not rendered
// as Preact elements: a screen of rows holds some forty icons, and as elements each was an svg and a path
// with a dozen attributes set one by one from script on the list's first render (about a quarter of what
// building a row cost). The markup is the same; it is constant (never attendee text) and made with
// createElementNS, never parsed from a string.
import type { RowAction } from '@/lib/model/qna/view';

const PATHS: Record<RowAction, string> = {
  approve: 'M3 8.5l3.2 3.2L13 4.8',
  'edit-approve': 'M10.5 2.8l2.7 2.7L6 12.7H3.3V10z M9 4.3l2.7 2.7',
  dismiss: 'M4 4l8 8M12 4l-8 8',
  restore: 'M5.5 2.5L2.5 5.5l3 3M2.5 5.5H9.5a3.8 3.8 0 010 7.5H6',
  'answer-public': 'M2.5 3h11v7.5H7l-3.2 2.7V10.5H2.5z',
  'answer-private': 'M3.5 7.5h9v6h-9z M5.5 7.5V5.2a2.5 2.5 0 015 0v2.3',
  'answered-live': 'M6.2 2.5h3.6v6.2a1.8 1.8 0 01-3.6 0z M3.8 7.5a4.2 4.2 0 008.4 0 M8 11.7v2.3',
};

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_ATTRS: ReadonlyArray<[string, string]> = [
  ['class', 'qna-icon'],
  ['viewBox', '0 0 16 16'],
  ['width', '16'],
  ['height', '16'],
  ['aria-hidden', 'true'],
  ['focusable', 'false'],
];
const PATH_ATTRS: ReadonlyArray<[string, string]> = [
  ['fill', 'none'],
  ['stroke', 'currentColor'],
  ['stroke-width', '1.7'],
  ['stroke-linecap', 'round'],
  ['stroke-linejoin', 'round'],
];

/** One template per document and action (a panel has one document; tests may make several). */
const templates = new WeakMap<Document, Map<RowAction, SVGSVGElement>>();

/** The icon of `action` as an element of `doc`: a clone of its template. */
export function actionIcon(action: RowAction, doc: Document = document): SVGSVGElement {
  let byAction = templates.get(doc);
  if (!byAction) templates.set(doc, (byAction = new Map()));
  let template = byAction.get(action);
  if (!template) {
    template = doc.createElementNS(SVG_NS, 'svg');
    for (const [k, v] of SVG_ATTRS) template.setAttribute(k, v);
    const path = doc.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', PATHS[action]);
    for (const [k, v] of PATH_ATTRS) path.setAttribute(k, v);
    template.appendChild(path);
    byAction.set(action, template);
  }
  return template.cloneNode(true) as SVGSVGElement;
}

const refs = new Map<RowAction, (el: Element | null) => void>();

/**
 * The ref of an action's button (no children of its own in the vnode): puts the icon in the button when it
 * is created. One function per action, the same on every render (Preact calls a changed ref again). Preact
 * leaves the icon alone: it only removes DOM nodes it made.
 */
export function iconRef(action: RowAction): (el: Element | null) => void {
  let ref = refs.get(action);
  if (!ref) {
    ref = (el) => {
      if (el && !el.firstChild) el.appendChild(actionIcon(action, el.ownerDocument));
    };
    refs.set(action, ref);
  }
  return ref;
}
