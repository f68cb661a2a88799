// Running the content scripts in a tab that is already open (a custom origin granted from the panel, the
// extension installed or updated): the MAIN-world page bridge at most once per document, the content
// script every time (the newest instance takes over: lib/content/instance.ts).
//
// Why once: the bridge is plain page JavaScript; it outlives an extension update and nothing stops it. A
// second one is a second CONNECT listener on the page's window, so the page's globals may be answered
// twice. Whether a document already has one is asked in the extension's ISOLATED world, never in the MAIN
// world or the DOM: the page cannot read, set or clear anything there. A marker the page could see would
// let it fingerprint the extension; one it could set would let it keep our bridge out.
import { browser } from 'wxt/browser';

/** The content script's bundle path in both builds (WXT names it after the entrypoint). */
export const CONTENT_SCRIPT = 'content-scripts/content.js' as const;
/** The MAIN-world page bridge (entrypoints/page-bridge.content.ts): at document_start, before the page's scripts. */
export const BRIDGE_SCRIPT = 'content-scripts/page-bridge.js' as const;

/** Its ISOLATED-world companion (public/bridge-mark.js, in the manifest from wxt.config.ts): marks the document. */
export const BRIDGE_MARK_SCRIPT = 'bridge-mark.js' as const;

import { BRIDGE_MARK } from './bridge-mark';

export { BRIDGE_MARK, markPageBridge } from './bridge-mark';

/**
 * Runs in the tab's isolated world (serialized by executeScript: it must use nothing from outside).
 * Test-and-set in one call, so injections at the same time agree on which one puts the bridge in.
 */
export function claimPageBridge(mark: string): boolean {
  const g = globalThis as unknown as Record<string, unknown>;
  const had = g[mark] === true;
  g[mark] = true;
  return had;
}

function releasePageBridge(mark: string): void {
  delete (globalThis as unknown as Record<string, unknown>)[mark];
}

/** The part of scripting.executeScript used here, the same in Chrome and Firefox (128+ for `world`). */
export interface Scripting {
  executeScript(injection: {
    target: { tabId: number };
    files?: string[];
    func?: (...args: never[]) => unknown;
    args?: unknown[];
    world?: 'MAIN' | 'ISOLATED';
  }): Promise<{ result?: unknown }[]>;
}

/**
 * Runs the content script in a tab that was open before access was granted (or before the install), and
 * the page bridge before it unless the document has one already.
 */
export async function injectContentScript(tabId: number, scripting: Scripting = browser.scripting as unknown as Scripting): Promise<void> {
  const target = { tabId };
  const [probe] = await scripting.executeScript({ target, func: claimPageBridge as (...args: never[]) => unknown, args: [BRIDGE_MARK] });
  if (probe?.result !== true) {
    // The bridge first, so it listens before the content script connects (late: see lib/messaging/bridge.ts).
    try {
      await scripting.executeScript({ target, files: [`/${BRIDGE_SCRIPT}`], world: 'MAIN' });
    } catch (error) {
      // No bridge after all: the next injection must try again.
      await scripting.executeScript({ target, func: releasePageBridge as (...args: never[]) => unknown, args: [BRIDGE_MARK] }).catch(() => undefined);
      throw error;
    }
  }
  await scripting.executeScript({ target, files: [`/${CONTENT_SCRIPT}`] });
}
