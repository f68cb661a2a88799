// The content script reading 1,000 rendered Q&A rows through each bundled profile, in real Chromium: the
// rows built the way each profile's widget renders them (test/bench/fixtures/cnc-read.ts), read with the
// content script's own code (rows located, fields read, ids read or synthesised, state by attribute or tab).
// Figures (ms, median of 40 reads after 5 warm-ups, the profiles alternating): cnc.read_1k_rows_ms.<profile> (and _p95_ms, _samples).
// Goal (issue 13): < 20 ms. A bundled profile without a markup builder in the fixture is left out.
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness/chromium';
import { percentile } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ROWS = 1_000;
const WARMUP = 5;
const SAMPLES = 40;

export async function run(): Promise<Record<string, number>> {
  const out = mkdtempSync(path.join(tmpdir(), 'cnc-read-bench-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await build({
      root: ROOT,
      logLevel: 'warn',
      publicDir: false,
      resolve: { alias: { '@': ROOT } },
      build: {
        outDir: out,
        emptyOutDir: true,
        lib: { entry: path.join(ROOT, 'test', 'bench', 'fixtures', 'cnc-read.ts'), formats: ['iife'], name: 'cncReadBenchBundle', fileName: () => 'cnc-read.js' },
      },
    });
    // By its name: the build also copies public/ (bridge-mark.js sorts first), unless publicDir is off.
    const script = readFileSync(path.join(out, 'cnc-read.js'), 'utf8');
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    const profiles = (await page.evaluate('window.cncReadBench.profiles')) as string[];
    const figures: Record<string, number> = {};
    const mounted: string[] = [];
    for (const id of profiles) {
      if (await page.evaluate(`window.cncReadBench.mount(${JSON.stringify(id)}, ${ROWS})`)) mounted.push(id);
      else process.stderr.write(`[cnc-read] no markup builder for profile ${id}: left out\n`);
    }
    // Profiles alternate read by read, so a busy machine weighs on each alike.
    const times = new Map<string, number[]>(mounted.map((id) => [id, []]));
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      for (const id of mounted) {
        const r = (await page.evaluate(`window.cncReadBench.read(${JSON.stringify(id)})`)) as { ms: number; questions: number; unreadable: number };
        if (r.questions !== ROWS || r.unreadable) throw new Error(`profile ${id} read ${r.questions} of ${ROWS} rows (${r.unreadable} unreadable)`);
        if (i >= WARMUP) times.get(id)!.push(r.ms);
      }
    }
    for (const [id, t] of times) {
      figures[`cnc.read_1k_rows_ms.${id}`] = round(percentile(t, 50));
      figures[`cnc.read_1k_rows_p95_ms.${id}`] = round(percentile(t, 95));
      figures[`cnc.read_1k_rows_samples.${id}`] = t.length;
    }
    return figures;
  } finally {
    await browser.close().catch(() => {});
    rmSync(out, { recursive: true, force: true });
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
