// The panel's Q&A view fed through the panel's own store, in real Chromium (a 420×900 page, as a side
// panel): first render at 10,000 and 20,000 questions (realistic text, answers on answered ones), search
// in every tab with a cold cache, one change applied and rendered with 10,000 questions, and the heap.
// Built with the same Preact preset as the extension (no extension APIs needed).
// Figures: qna.render_10k_first_ms, qna.render_20k_first_ms (median over RENDERS fresh pages; _max_ms,
// _samples: one first render is one sample, and one alone swung 100-235 ms between runs on this machine),
// qna.filter_20k_ms (median; _p95_ms, _samples),
// qna.panel_patch_10k_ms (median; _p95_ms, _samples): the panel's apply and render of one change;
// qna.patch_apply_10k_ms (median; _p95_ms, _samples): the same change end to end, the background's session
// code (lib/session/qna, in the page) applying it and emitting the patch, then the panel; qna.heap_10k_mb.
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import preact from '@preact/preset-vite';
import { compileHints } from '../../scripts/compile-hints';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness/chromium';
import { percentile } from './stats';
import { profilePage } from './cpu-profile';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SEARCHES = ['pricing', 'region 7', 'SSO', 'nothing matches this', 'keynote said', 'Attendee 42'];
const TABS = ['pending', 'approved', 'answered', 'dismissed'];
const PATCHES = 60;
const RENDERS = 7;

export async function run(): Promise<Record<string, number>> {
  // Profiling keeps the build beside the profiles (their line numbers point into it).
  const out = process.env.BENCH_PROFILE ? path.join(process.env.BENCH_PROFILE, 'build') : mkdtempSync(path.join(tmpdir(), 'qna-bench-'));
  try {
    await build({
      root: path.join(ROOT, 'test', 'bench', 'fixtures'),
      base: './',
      logLevel: 'warn',
      // The hint the side panel's build adds to its entry chunk (wxt.config.ts), so the fixture compiles as
      // the panel does; BENCH_COMPILE_HINT=0 leaves it out, for an A/B.
      plugins: [preact(), ...(process.env.BENCH_COMPILE_HINT === '0' ? [] : [compileHints((name) => name === 'qna-10k')])],
      resolve: { alias: { '@': ROOT } },
      // Profiling builds keep the names (a profile of minified code names nothing).
      build: { minify: !process.env.BENCH_PROFILE, outDir: out, emptyOutDir: true, rollupOptions: { input: path.join(ROOT, 'test', 'bench', 'fixtures', 'qna-10k.html') } },
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc', '--allow-file-access-from-files'],
    });
    const open = async (): Promise<{ page: Page; heap: () => Promise<number> }> => {
      const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`file://${path.join(out, 'qna-10k.html')}`);
      await page.waitForFunction('window.bench');
      const heap = async () => {
        await page.evaluate('gc()');
        return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      };
      return { page, heap };
    };
    const mount = async (page: Page, n: number) => {
      const mounted = (await page.evaluate(`window.bench.mount(${n})`)) as { ms: number; rows: number };
      if (mounted.rows === 0 || mounted.rows > 200) throw new Error(`the list rendered ${mounted.rows} rows: not virtualised as expected`);
      return mounted.ms;
    };
    /** First renders of n questions, each on a fresh page (a cold cache), `first` being one already made. */
    const firstRenders = async (n: number, first: number): Promise<number[]> => {
      const samples = [first];
      while (samples.length < RENDERS) {
        const { page } = await open();
        samples.push(await mount(page, n));
        await page.close();
      }
      return samples;
    };
    const renderFigures = (figures: Record<string, number>, name: string, samples: number[]) => {
      figures[`${name}_ms`] = Math.round(percentile(samples, 50));
      figures[`${name}_max_ms`] = Math.round(Math.max(...samples));
      figures[`${name}_samples`] = samples.length;
    };
    try {
      const figures: Record<string, number> = {};
      // 10,000: first render, heap, one change at a time.
      {
        const { page, heap } = await open();
        const before = await heap();
        const first10k = await mount(page, 10_000);
        figures['qna.heap_10k_mb'] = Math.round(((await heap()) - before) / 2 ** 20 * 10) / 10;
        const patches: number[] = [];
        const patchProfiler = process.env.BENCH_PROFILE ? await profilePage(page.context(), page) : null;
        for (let i = 0; i < PATCHES; i++) {
          patches.push(((await page.evaluate(`window.bench.patch(${JSON.stringify(i % 2 ? 'vote' : 'new')})`)) as { ms: number }).ms);
        }
        await patchProfiler?.stop(`${process.env.BENCH_PROFILE}/patch-10k.cpuprofile`);
        figures['qna.panel_patch_10k_ms'] = round1(percentile(patches, 50));
        figures['qna.panel_patch_10k_p95_ms'] = round1(percentile(patches, 95));
        figures['qna.panel_patch_10k_samples'] = patches.length;
        // The same kind of change end to end: the background's session code applies it and emits the patch
        // (in the page, serialised as the port would), the panel applies and renders it.
        await page.evaluate('window.bench.session()');
        const changes: number[] = [];
        for (let i = 0; i < PATCHES; i++) {
          changes.push(((await page.evaluate(`window.bench.change(${JSON.stringify(i % 2 ? 'vote' : 'new')})`)) as { ms: number }).ms);
        }
        figures['qna.patch_apply_10k_ms'] = round1(percentile(changes, 50));
        figures['qna.patch_apply_10k_p95_ms'] = round1(percentile(changes, 95));
        figures['qna.patch_apply_10k_samples'] = changes.length;
        await page.close();
        renderFigures(figures, 'qna.render_10k_first', await firstRenders(10_000, first10k));
      }
      // 20,000, a fresh page: first render, then the first search in each tab (a cold cache) and more.
      {
        const { page } = await open();
        // BENCH_PROFILE=dir: a CPU profile of the first render of 20,000 (where its time goes).
        const profiler = process.env.BENCH_PROFILE ? await profilePage(page.context(), page) : null;
        const first20k = await mount(page, 20_000);
        await profiler?.stop(`${process.env.BENCH_PROFILE}/render-20k.cpuprofile`);
        const filters: number[] = [];
        const filterProfiler = process.env.BENCH_PROFILE ? await profilePage(page.context(), page) : null;
        for (const tab of TABS) {
          await page.evaluate(`window.bench.tab(${JSON.stringify(tab)})`);
          for (const text of [...SEARCHES, '']) {
            filters.push(((await page.evaluate(`window.bench.filter(${JSON.stringify(text)})`)) as { ms: number }).ms);
          }
        }
        await filterProfiler?.stop(`${process.env.BENCH_PROFILE}/filter-20k.cpuprofile`);
        figures['qna.filter_20k_ms'] = round1(percentile(filters, 50));
        figures['qna.filter_20k_p95_ms'] = round1(percentile(filters, 95));
        figures['qna.filter_20k_samples'] = filters.length;
        await page.close();
        renderFigures(figures, 'qna.render_20k_first', await firstRenders(20_000, first20k));
      }
      return figures;
    } finally {
      await browser.close();
    }
  } finally {
    if (!process.env.BENCH_PROFILE) rmSync(out, { recursive: true, force: true });
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
