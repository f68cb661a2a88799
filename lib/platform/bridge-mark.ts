// The ISOLATED-world mark of a document that has our page bridge (lib/platform/injection.ts says why). Its
// own module, without the browser API. The document_start companion that sets it on every matching page is
// the plain file public/bridge-mark.js (test/unit/platform/injection.test.ts checks it sets this name).

/** A global of the extension's isolated world (per document, per extension; invisible to the page). */
export const BRIDGE_MARK = '__cncModeratorPageBridge';

/**
 * Called where the bridge runs: by its companion at document_start (public/bridge-mark.js: in the manifest, and
 * registered per granted origin), and by the content script first thing (it runs only where the bridge does, and an
 * injection puts the bridge in first), for documents loaded before the companion existed.
 */
export function markPageBridge(global: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  global[BRIDGE_MARK] = true;
}
