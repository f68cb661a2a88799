// The panel's Q&A view holding 10,000 questions, in real Chromium: first render, a search filter,
// and the JS heap it takes. Built with the same Preact preset as the extension (no extension APIs needed).
// Figures: qna.render_10k_first_ms, qna.filter_10k_ms (median of 5 searches), qna.heap_10k_mb.
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import preact from '@preact/preset-vite';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness/chromium';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const N = 10_000;

export async function run(): Promise<Record<string, number>> {
  const out = mkdtempSync(path.join(tmpdir(), 'qna-bench-'));
  try {
    await build({
      root: path.join(ROOT, 'test', 'bench', 'fixtures'),
      base: './',
      logLevel: 'warn',
      plugins: [preact()],
      resolve: { alias: { '@': ROOT } },
      build: { outDir: out, emptyOutDir: true, rollupOptions: { input: path.join(ROOT, 'test', 'bench', 'fixtures', 'qna-10k.html') } },
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc', '--allow-file-access-from-files'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`file://${path.join(out, 'qna-10k.html')}`);
      await page.waitForFunction('window.bench');
      const heap = async () => {
        await page.evaluate('gc()');
        return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      };
      const before = await heap();
      const mounted = (await page.evaluate(`window.bench.mount(${N})`)) as { ms: number; rows: number };
      if (mounted.rows === 0 || mounted.rows > 200) throw new Error(`the list rendered ${mounted.rows} rows: not virtualised as expected`);
      const after = await heap();
      const filters: number[] = [];
      for (const text of ['pricing', 'region 7', 'SSO', 'nothing matches this', '']) {
        filters.push(((await page.evaluate(`window.bench.filter(${JSON.stringify(text)})`)) as { ms: number }).ms);
      }
      filters.sort((a, b) => a - b);
      return {
        'qna.render_10k_first_ms': Math.round(mounted.ms),
        'qna.filter_10k_ms': Math.round(filters[2]!),
        'qna.heap_10k_mb': Math.round(((after - before) / 2 ** 20) * 10) / 10,
      };
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
