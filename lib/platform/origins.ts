// White-labelled event domains: the moderator grants an origin at runtime (an optional host permission),
// then the content script is registered there and injected into the open tab.
import { browser } from 'wxt/browser';
import { BRIDGE_MARK_SCRIPT, BRIDGE_SCRIPT, CONTENT_SCRIPT } from './injection';

export { injectContentScript } from './injection';
const ID_PREFIX = 'custom-origin:';
const BRIDGE_ID_PREFIX = 'custom-origin-bridge:';
const MARK_ID_PREFIX = 'custom-origin-bridge-mark:';

export function originPattern(origin: string): string {
  return `${origin}/*`;
}

/** Must run inside the click handler of a user gesture (the panel's button). */
export async function requestOrigin(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(origin)] });
}

export async function hasOrigin(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(origin)] });
}

/** Origins granted beyond the manifest's own Kaltura hosts. */
export async function grantedCustomOrigins(isBuiltIn: (origin: string) => boolean): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins
    .map((pattern) => pattern.replace(/\/\*$/, ''))
    .filter((origin) => /^https:\/\/[^*/]+$/.test(origin) && !isBuiltIn(origin));
}

/**
 * Makes the registered scripts exactly match the granted origins. Registrations are re-made on every
 * background start because Firefox does not keep them across browser restarts in all versions.
 */
export async function syncOriginScripts(origins: readonly string[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const ours = registered.filter((s) => s.id.startsWith(ID_PREFIX) || s.id.startsWith(BRIDGE_ID_PREFIX) || s.id.startsWith(MARK_ID_PREFIX));
  const wanted = new Set(origins.flatMap((o) => [ID_PREFIX + o, BRIDGE_ID_PREFIX + o, MARK_ID_PREFIX + o]));
  const stale = ours.filter((s) => !wanted.has(s.id)).map((s) => s.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  const have = new Set(ours.map((s) => s.id));
  const missing = origins.filter((o) => !have.has(ID_PREFIX + o));
  if (missing.length) {
    await browser.scripting.registerContentScripts(
      missing.map((origin) => ({
        id: ID_PREFIX + origin,
        matches: [originPattern(origin)],
        js: [CONTENT_SCRIPT],
        runAt: 'document_idle' as const,
      })),
    );
  }
  const missingBridge = origins.filter((o) => !have.has(BRIDGE_ID_PREFIX + o));
  if (missingBridge.length) {
    await browser.scripting.registerContentScripts(
      missingBridge.map((origin) => ({
        id: BRIDGE_ID_PREFIX + origin,
        matches: [originPattern(origin)],
        js: [BRIDGE_SCRIPT],
        runAt: 'document_start' as const,
        world: 'MAIN' as const,
      })),
    );
  }
  // The bridge's ISOLATED-world mark, at the same moment (lib/platform/injection.ts says why).
  const missingMark = origins.filter((o) => !have.has(MARK_ID_PREFIX + o));
  if (missingMark.length) {
    await browser.scripting.registerContentScripts(
      missingMark.map((origin) => ({
        id: MARK_ID_PREFIX + origin,
        matches: [originPattern(origin)],
        js: [BRIDGE_MARK_SCRIPT],
        runAt: 'document_start' as const,
      })),
    );
  }
}
