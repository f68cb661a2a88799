// White-labelled event domains: the moderator grants an origin at runtime (an optional host permission),
// then the content script is registered there and injected into the open tab.
import { browser } from 'wxt/browser';
import { BRIDGE_MARK_SCRIPT, BRIDGE_SCRIPT, CONTENT_SCRIPT } from './injection';

export { injectContentScript } from './injection';
/**
 * What a granted origin gets, as the manifest gives the Kaltura hosts: the content script, the MAIN-world
 * page bridge at document start, and the bridge's ISOLATED-world mark at the same moment
 * (lib/platform/injection.ts says why). Each registration's id is its prefix and the origin.
 */
const ORIGIN_SCRIPTS = [
  { prefix: 'custom-origin:', js: [CONTENT_SCRIPT], runAt: 'document_idle' as const },
  { prefix: 'custom-origin-bridge:', js: [BRIDGE_SCRIPT], runAt: 'document_start' as const, world: 'MAIN' as const },
  { prefix: 'custom-origin-bridge-mark:', js: [BRIDGE_MARK_SCRIPT], runAt: 'document_start' as const },
];

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

/** A registration as syncOriginScripts makes it. */
export interface OriginScript {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start' | 'document_idle';
  world?: 'MAIN';
}

/** The part of browser.scripting the registrations use (a fake one in tests). */
export interface OriginScripting {
  getRegisteredContentScripts(): Promise<Array<{ id: string }>>;
  registerContentScripts(scripts: OriginScript[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/**
 * Makes the registered scripts exactly match the granted origins. Registrations are re-made on every
 * background start because Firefox does not keep them across browser restarts in all versions.
 */
export async function syncOriginScripts(origins: readonly string[], scripting: OriginScripting = browser.scripting as unknown as OriginScripting): Promise<void> {
  const registered = await scripting.getRegisteredContentScripts();
  const ours = registered.filter((s) => ORIGIN_SCRIPTS.some((k) => s.id.startsWith(k.prefix)));
  const wanted = new Set(origins.flatMap((o) => ORIGIN_SCRIPTS.map((k) => k.prefix + o)));
  const stale = ours.filter((s) => !wanted.has(s.id)).map((s) => s.id);
  if (stale.length) await scripting.unregisterContentScripts({ ids: stale });
  const have = new Set(ours.map((s) => s.id));
  const missing = ORIGIN_SCRIPTS.flatMap(({ prefix, ...script }) =>
    origins.filter((o) => !have.has(prefix + o)).map((origin) => ({ ...script, id: prefix + origin, matches: [originPattern(origin)] })),
  );
  if (missing.length) await scripting.registerContentScripts(missing);
}
