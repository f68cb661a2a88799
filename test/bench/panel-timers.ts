// What schedules the side panel's timer and animation-frame tasks under a stream (for working on the panel,
// not a figure): the panel opened as the page-overhead bench opens it (PANEL_VIEW as in panel-profile.ts),
// setTimeout / setInterval / requestAnimationFrame wrapped in the panel page, each callback that ran counted
// by the stack that scheduled it (minified names: map them to the build's chunk by hand).
//   EXT_DIR=<build> PAGE_MIX=all PAGE_RATE=60 PANEL_VIEW=qna npx tsx test/bench/panel-timers.ts
import { CHAT_ONLY, openSide, type StreamSpec } from './page-overhead';

const { startSandbox } = await import('../../sandbox/server');
const rate = Number(process.env.PAGE_RATE ?? 60);
const windowMs = Number(process.env.WINDOW_MS ?? 15_000);
const stream: StreamSpec = { attendees: 300, rate, seed: 7, ...(process.env.PAGE_MIX === 'chat' ? { mix: CHAT_ONLY } : {}) };
const sb = await startSandbox({ port: 0 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs in the panel page: wraps the timer functions, counting callbacks that ran by where they were set.
 * (A string: tsx's helpers do not exist in the page.)
 */
const INSTALL = `(() => {
  const g = globalThis;
  const counts = (g.__timerCounts = {});
  const where = (kind) => kind + ' ' + (new Error().stack || '').split('\\n').slice(3, 7).map((l) => l.trim().replace(/chrome-extension:\\/\\/[a-z]+\\//, '')).join(' < ');
  for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame']) {
    const orig = g[name].bind(g);
    g[name] = (fn, ...rest) => {
      const key = where(name);
      const wrapped = typeof fn === 'function' ? (...a) => { counts[key] = (counts[key] || 0) + 1; return fn(...a); } : fn;
      return orig(wrapped, ...rest);
    };
  }
  // And the DOM changes the renders make: attributes by name and element, text and child lists.
  const dom = (g.__domCounts = {});
  const label = (n) => n && n.nodeType === 1 ? n.tagName.toLowerCase() + (n.dataset.testid ? '[' + n.dataset.testid + ']' : n.className && typeof n.className === 'string' ? '.' + n.className.split(' ')[0] : '') : n ? '#' + n.nodeName : '?';
  new MutationObserver((records) => {
    for (const r of records) {
      const key = r.type === 'attributes' ? 'attr ' + r.attributeName + ' on ' + label(r.target) : r.type === 'characterData' ? 'text in ' + label(r.target.parentElement) : 'children of ' + label(r.target);
      dom[key] = (dom[key] || 0) + 1;
    }
  }).observe(document.body, { subtree: true, attributes: true, characterData: true, childList: true });
})()`;

try {
  const side = await openSide(sb, { entryId: '1_sessiona1', withExtension: true, extensionDir: process.env.EXT_DIR });
  try {
    const panel = side.panel!;
    if (process.env.PANEL_VIEW) await panel.locator(`[data-testid=view-${process.env.PANEL_VIEW}]`).click();
    await panel.evaluate(INSTALL);
    sb.control.audience.start({ ...stream, entryIds: ['1_sessiona1'] });
    await sleep(windowMs); // the window (pacing, not a wait for a result)
    await sb.control.audience.stop();
    const counts = (await panel.evaluate('globalThis.__timerCounts')) as Record<string, number>;
    const secs = windowMs / 1000;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`panel timer and frame callbacks: ${(total / secs).toFixed(1)}/s (visibility ${await panel.evaluate('document.visibilityState')})`);
    for (const [k, n] of Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${(n / secs).toFixed(2).padStart(6)}/s  ${k}`);
    const dom = (await panel.evaluate('globalThis.__domCounts')) as Record<string, number>;
    console.log('panel DOM mutations by kind:');
    for (const [k, n] of Object.entries(dom).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(n / secs).toFixed(2).padStart(6)}/s  ${k}`);
  } finally {
    await side.close();
  }
} finally {
  await sb.control.audience.stop().catch(() => undefined);
  await sb.close();
}
process.exit(0);
