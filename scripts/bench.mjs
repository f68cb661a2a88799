#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.{mjs,js,ts} module's `run()` (each returns
// { name: number }), merges the figures into bench-results/latest.json and prints a table.
// Figures, not pass/fail: a bench that throws is reported and makes the exit code non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const benchDir = path.join(root, 'test', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => /\.bench\.(mjs|js|ts|mts)$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

async function runModule(file) {
  const abs = path.join(benchDir, file);
  if (/\.(mjs|js)$/.test(file)) {
    const mod = await import(pathToFileURL(abs).href);
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    return mod.run();
  }
  // TypeScript benches run in a tsx child; the figures come back on a marked stdout line.
  const code = `import(${JSON.stringify(pathToFileURL(abs).href)}).then((m) => m.run()).then((r) => console.log('__BENCH__' + JSON.stringify(r)))`;
  const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tsx', '--eval', code], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('__BENCH__'));
  if (r.status !== 0 || !line) throw new Error(`tsx exited ${r.status}`);
  return JSON.parse(line.slice('__BENCH__'.length));
}

const figures = {};
const failures = [];
for (const file of files) {
  const t0 = Date.now();
  process.stdout.write(`[bench] ${file} … `);
  try {
    const result = await runModule(file);
    for (const [k, v] of Object.entries(result ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`figure ${k} is not a finite number: ${v}`);
      figures[k] = v;
    }
    console.log(`${Object.keys(result ?? {}).length} figures in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } catch (e) {
    console.log('FAILED');
    console.error(`[bench] ${file}: ${e?.stack ?? e}`);
    failures.push(file);
  }
}

/** What the figures were measured on: a figure without its machine and commit says little. */
function machine() {
  const out = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const chromium = existsSync('/usr/bin/chromium') ? out('/usr/bin/chromium', ['--version']) : null;
  const firefox = existsSync('/usr/bin/firefox-esr') ? out('/usr/bin/firefox-esr', ['--version']) : null;
  return {
    commit: out('git', ['rev-parse', 'HEAD']),
    dirty: (out('git', ['status', '--porcelain']) ?? '') !== '',
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium,
    firefox,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

const result = { at: new Date().toISOString(), machine: machine(), benches: only.length ? only : 'all', figures };
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
writeFileSync(path.join(root, 'bench-results', 'latest.json'), JSON.stringify(result, null, 2) + '\n');

const names = Object.keys(figures).sort();
const w = Math.max(6, ...names.map((n) => n.length));
console.log(`\n${'figure'.padEnd(w)}  value`);
console.log(`${'-'.repeat(w)}  ${'-'.repeat(12)}`);
for (const n of names) console.log(`${n.padEnd(w)}  ${figures[n]}`);
console.log(`\nwrote bench-results/latest.json (${names.length} figures${failures.length ? `, ${failures.length} bench(es) failed: ${failures.join(', ')}` : ''})`);
process.exit(failures.length ? 1 : 0);
