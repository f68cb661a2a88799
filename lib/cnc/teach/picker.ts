// Teach mode's element picker, after uBlock Origin's (src/js/scriptlets/epicker.js): a layer over the whole
// viewport catches every pointer event, so the page never sees the moderator's clicks while teaching; the
// element under the pointer is found by making the layer click-blind for one elementFromPoint, then
// descending into open shadow roots. Ours is a closed shadow root on a host with inline !important styles
// (the page's CSS cannot restyle or hide it, its scripts cannot reach inside), instead of uBO's iframe.
// Esc ends the pick; the layer is removed when the pick ends and when the signal aborts.
//
// The picker only reports the element: whether the click is then performed on the page (a menu opener, a
// test question) is the caller's choice.

export interface PickOptions {
  /** The line shown at the top of the page while picking (text, never HTML). */
  prompt: string;
  signal?: AbortSignal;
  /** The element at a point, for tests (a DOM without layout has no elementFromPoint). */
  hitTest?: (x: number, y: number) => Element | null;
}

export const PICKER_TAG = 'cnc-moderator-picker';

const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'inset: 0',
  'width: 100vw',
  'height: 100vh',
  'z-index: 2147483647',
  'pointer-events: auto',
  'cursor: crosshair',
  'display: block',
  'background: transparent',
].join(' !important; ') + ' !important;';

const CSS = `
  .box { position: fixed; pointer-events: none; outline: 2px solid #1a73e8; background: rgba(26,115,232,.15); border-radius: 2px; display: none; }
  .tip { position: fixed; pointer-events: none; font: 12px/1.4 system-ui, sans-serif; color: #fff; background: #1a3a6b; padding: 2px 6px; border-radius: 3px; max-width: 60vw; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; display: none; }
  .bar { position: fixed; top: 0; left: 0; right: 0; font: 14px/1.5 system-ui, sans-serif; color: #fff; background: #1a3a6b; padding: 6px 12px; text-align: center; pointer-events: none; }
`;

/** The deepest element at a point, through open shadow roots, not counting the picker itself. */
export function deepElementFromPoint(doc: Document, host: HTMLElement, x: number, y: number): Element | null {
  host.style.setProperty('pointer-events', 'none', 'important');
  try {
    // Any picker layer is skipped, not only this one: a second layer (a pick asked for twice, an old one
    // not yet removed) must not come back as the element the moderator clicked.
    let el: Element | null = doc.elementFromPoint(x, y);
    if (el && el.localName === PICKER_TAG) el = doc.elementsFromPoint(x, y).find((e) => e.localName !== PICKER_TAG) ?? null;
    for (let depth = 0; el?.shadowRoot && depth < 16; depth++) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el === host ? null : el;
  } finally {
    host.style.setProperty('pointer-events', 'auto', 'important');
  }
}

/** A short description of an element for the hover tip: role or tag, and its label or text. */
function describe(el: Element): string {
  const role = el.getAttribute('role');
  const label = el.getAttribute('aria-label') ?? el.textContent ?? '';
  return `${role ?? el.localName}${label.trim() ? ` · ${label.replace(/\s+/g, ' ').trim().slice(0, 60)}` : ''}`;
}

function scrollableAncestor(el: Element | null): Element | null {
  for (let e = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
    if (e.scrollHeight > e.clientHeight + 1) {
      const overflow = e.ownerDocument.defaultView?.getComputedStyle(e).overflowY ?? '';
      if (/(auto|scroll)/.test(overflow)) return e;
    }
  }
  return null;
}

/** Resolves with the element the moderator clicked, or null (Esc, or the signal aborted). */
export function pickElement(doc: Document, opts: PickOptions): Promise<Element | null> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) return resolve(null);
    const host = doc.createElement(PICKER_TAG);
    host.setAttribute('style', HOST_STYLE);
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS;
    const box = doc.createElement('div');
    box.className = 'box';
    const tip = doc.createElement('div');
    tip.className = 'tip';
    const bar = doc.createElement('div');
    bar.className = 'bar';
    bar.textContent = `${opts.prompt} (Esc to stop)`;
    shadow.append(style, box, tip, bar);
    const at = opts.hitTest ?? ((x: number, y: number) => deepElementFromPoint(doc, host, x, y));
    const win = doc.defaultView ?? window;

    let done = false;
    const finish = (el: Element | null) => {
      if (done) return;
      done = true;
      host.remove();
      win.removeEventListener('keydown', onKey, true);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(el);
    };
    const onAbort = () => finish(null);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      finish(null);
    };
    const swallow = (e: Event) => {
      // The page never sees the moderator's pointer while picking.
      e.preventDefault();
      e.stopPropagation();
    };
    const onMove = (e: PointerEvent | MouseEvent) => {
      swallow(e);
      const el = at(e.clientX, e.clientY);
      if (!el) {
        box.style.display = tip.style.display = 'none';
        return;
      }
      const r = el.getBoundingClientRect();
      Object.assign(box.style, { display: 'block', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
      tip.textContent = describe(el);
      Object.assign(tip.style, { display: 'block', left: `${Math.max(0, r.left)}px`, top: `${r.bottom + 4 > win.innerHeight - 24 ? Math.max(0, r.top - 24) : r.bottom + 4}px` });
    };
    const onClick = (e: MouseEvent) => {
      swallow(e);
      if (e.button !== 0) return;
      const el = at(e.clientX, e.clientY);
      if (el) finish(el);
    };
    const onWheel = (e: WheelEvent) => {
      // Lists stay scrollable under the layer (a virtualised list shows other rows when scrolled).
      e.preventDefault();
      scrollableAncestor(at(e.clientX, e.clientY))?.scrollBy(0, e.deltaY);
    };
    for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'dblclick', 'auxclick', 'contextmenu', 'touchstart', 'touchend']) host.addEventListener(type, swallow);
    host.addEventListener('pointermove', onMove);
    host.addEventListener('mousemove', onMove);
    host.addEventListener('click', onClick);
    host.addEventListener('wheel', onWheel, { passive: false });
    win.addEventListener('keydown', onKey, true);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    (doc.documentElement ?? doc.body).appendChild(host);
  });
}
