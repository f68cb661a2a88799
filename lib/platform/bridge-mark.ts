// The ISOLATED-world mark of a document that has our page bridge (lib/platform/injection.ts says why). Its
// own module, without the browser API, so the document_start script that sets it stays a few lines.

/** A global of the extension's isolated world (per document, per extension; invisible to the page). */
export const BRIDGE_MARK = '__cncModeratorPageBridge';

/**
 * Called where the bridge runs: by its companion at document_start (registered with it, statically and per
 * granted origin), and by the content script first thing (it runs only where the bridge does, and an
 * injection puts the bridge in first), for documents loaded before the companion existed.
 */
export function markPageBridge(global: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  global[BRIDGE_MARK] = true;
}
