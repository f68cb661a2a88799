import { describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT, CONTENT_SCRIPT, injectContentScript, markPageBridge, type Scripting } from '@/lib/platform/injection';

/**
 * One open document as scripting.executeScript sees it: the page's MAIN world and the extension's
 * ISOLATED world, each its own global. A `func` is serialized and run against the world's global, as the
 * browser does (so a func that used anything from outside itself would fail here too).
 */
function fakeTab(opts: { failBridgeOnce?: boolean } = {}) {
  const worlds = { MAIN: {} as Record<string, unknown>, ISOLATED: {} as Record<string, unknown> };
  const ran: string[] = [];
  let failBridge = opts.failBridgeOnce ?? false;
  const scripting: Scripting = {
    async executeScript({ files, func, args = [], world = 'ISOLATED' }) {
      await Promise.resolve(); // the browser answers later
      if (func) {
        const run = new Function('globalThis', 'args', `return (${func.toString()})(...args);`);
        return [{ result: run(worlds[world], args) }];
      }
      const file = files![0]!.slice(1);
      if (file === BRIDGE_SCRIPT && failBridge) {
        failBridge = false;
        throw new Error('Cannot access contents of the page');
      }
      ran.push(`${world}:${file}`);
      // What the scripts themselves do on start.
      if (file === CONTENT_SCRIPT) markPageBridge(worlds[world]);
      return [{}];
    },
  };
  const bridges = () => ran.filter((r) => r === `MAIN:${BRIDGE_SCRIPT}`).length;
  const contents = () => ran.filter((r) => r === `ISOLATED:${CONTENT_SCRIPT}`).length;
  return { worlds, scripting, ran, bridges, contents };
}

describe('injectContentScript: the page bridge once per document, the content script every time', () => {
  it('a tab open before the grant gets the bridge, then the content script; a second injection adds no bridge', async () => {
    const tab = fakeTab();
    await injectContentScript(1, tab.scripting);
    expect(tab.ran).toEqual([`MAIN:${BRIDGE_SCRIPT}`, `ISOLATED:${CONTENT_SCRIPT}`]);
    await injectContentScript(1, tab.scripting);
    expect(tab.bridges()).toBe(1);
    expect(tab.contents()).toBe(2);
  });

  it('a document whose bridge came with the manifest gets no second bridge, even while it still loads', async () => {
    const tab = fakeTab();
    // The manifest's bridge and its ISOLATED-world companion at document_start; the content script not yet.
    markPageBridge(tab.worlds.ISOLATED);
    await injectContentScript(1, tab.scripting);
    expect(tab.ran).toEqual([`ISOLATED:${CONTENT_SCRIPT}`]);
  });

  it('three injections at once (an install while a grant runs) put in one bridge', async () => {
    const tab = fakeTab();
    await Promise.all([1, 2, 3].map(() => injectContentScript(1, tab.scripting)));
    expect(tab.bridges()).toBe(1);
    expect(tab.contents()).toBe(3);
    // The last content script to start (the one that lives on) started after the bridge.
    expect(tab.ran.lastIndexOf(`ISOLATED:${CONTENT_SCRIPT}`)).toBeGreaterThan(tab.ran.indexOf(`MAIN:${BRIDGE_SCRIPT}`));
  });

  it('nothing the page sets keeps our bridge out: it cannot reach the isolated world the check reads', async () => {
    const tab = fakeTab();
    // A hostile page plants every marker it might guess, in its own world and on its window.
    tab.worlds.MAIN.__cncModeratorPageBridge = true;
    await injectContentScript(1, tab.scripting);
    expect(tab.bridges()).toBe(1);
    expect(tab.contents()).toBe(1);
  });

  it('a bridge injection that failed is tried again by the next injection', async () => {
    const tab = fakeTab({ failBridgeOnce: true });
    await expect(injectContentScript(1, tab.scripting)).rejects.toThrow(/Cannot access/);
    expect(tab.ran).toEqual([]);
    await injectContentScript(1, tab.scripting);
    expect(tab.ran).toEqual([`MAIN:${BRIDGE_SCRIPT}`, `ISOLATED:${CONTENT_SCRIPT}`]);
  });
});

describe('the bridge mark at document_start (public/bridge-mark.js)', () => {
  it('sets the mark injectContentScript asks for, and nothing else', async () => {
    const { readFileSync } = await import('node:fs');
    const { runInNewContext } = await import('node:vm');
    const { BRIDGE_MARK, BRIDGE_MARK_SCRIPT } = await import('@/lib/platform/injection');
    const world: Record<string, unknown> = {};
    world.globalThis = world;
    runInNewContext(readFileSync(`public/${BRIDGE_MARK_SCRIPT}`, 'utf8'), world);
    expect(world[BRIDGE_MARK]).toBe(true);
    expect(Object.keys(world).sort()).toEqual([BRIDGE_MARK, 'globalThis'].sort());
  });
});
