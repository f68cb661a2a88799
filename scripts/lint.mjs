#!/usr/bin/env node
// `npm run lint`: type check, Firefox MV3 build, web-ext lint with warnings counted as failures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function run(args, opts = {}) {
  console.log(`\n[lint] $ npx ${args.join(' ')}`);
  return spawnSync(npx, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 64 << 20 });
}

let failures = 0;

if (run(['tsc', '--noEmit']).status !== 0) {
  console.error('[lint] tsc --noEmit failed');
  failures++;
}

const build = run(['wxt', 'build', '-b', 'firefox', '--mv3']);
if (build.status !== 0) {
  console.error('[lint] wxt build -b firefox --mv3 failed; web-ext lint skipped');
  failures++;
} else {
  const r = run(['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--output', 'json', '--no-config-discovery'], { capture: true });
  let report;
  try {
    const text = r.stdout;
    report = JSON.parse(text.slice(text.indexOf('{')));
  } catch (e) {
    console.error(`[lint] could not parse web-ext lint output (exit ${r.status}):\n${r.stdout}`);
    failures++;
  }
  if (report) {
    const show = (kind, list) => {
      for (const m of list ?? []) {
        console.log(`  ${kind}: ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`);
        if (m.description) console.log(`      ${String(m.description).replace(/\s+/g, ' ').slice(0, 300)}`);
      }
    };
    show('error', report.errors);
    show('warning', report.warnings);
    show('notice', report.notices);
    const errors = report.errors?.length ?? 0;
    const warnings = report.warnings?.length ?? 0;
    console.log(`[lint] web-ext lint: ${errors} errors, ${warnings} warnings, ${report.notices?.length ?? 0} notices`);
    if (errors + warnings > 0) failures++;
  }
}

if (failures) {
  console.error(`\n[lint] FAILED (${failures} step(s))`);
  process.exit(1);
}
console.log('\n[lint] OK');
