#!/usr/bin/env node
// `npm test`: unit tests, integration tests (the sandbox's servers and CLI), production build, e2e tests
// in real browsers.
// Ends with one plain line "N passed, N failed" summed over both vitest runs.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowsers } from './ensure-browsers.mjs';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, env = {}) {
  console.log(`\n[test] $ ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const code = r.status ?? 1;
  console.log(`[test] ${cmd} ${args[0] ?? ''} ${args[1] ?? ''} -> exit ${code} (${secs}s)`);
  return code;
}

const outDir = path.join(root, '.cache', 'test-results');
mkdirSync(outDir, { recursive: true });

function vitest(name, extraArgs, env) {
  const file = path.join(outDir, `${name}.json`);
  rmSync(file, { force: true });
  const code = run(
    npx,
    ['vitest', 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${file}`],
    env,
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(file)) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8'));
      passed = j.numPassedTests ?? 0;
      failed = j.numFailedTests ?? 0;
      // A test file that failed to load (syntax error, failing beforeAll) has no failed tests of its own.
      const brokenFiles = (j.testResults ?? []).filter(
        (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
      ).length;
      failed += brokenFiles;
    } catch (e) {
      console.error(`[test] could not read ${file}: ${e.message}`);
    }
  }
  if (code !== 0 && failed === 0) failed = 1; // the run failed without reporting a failing test
  console.log(`[test] ${name}: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

let passed = 0;
let failed = 0;
const add = (r) => {
  passed += r.passed;
  failed += r.failed;
};

if (!ensureDeps(root)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

try {
  ensureBrowsers();
} catch (e) {
  console.error(`[test] ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

add(vitest('unit', []));
add(vitest('integration', ['-c', 'test/integration/vitest.config.ts']));

if (run(npm, ['run', 'build']) !== 0) {
  console.error('[test] build failed: e2e tests not run');
  failed += 1;
} else {
  add(vitest('e2e', ['-c', 'test/e2e/vitest.config.ts'], { E2E_SKIP_BUILD: '1' }));
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
