#!/usr/bin/env node
// `npm test`: unit tests, integration tests (the sandbox's servers and CLI), production build, e2e tests
// in real browsers.
// Ends with one plain line "N passed, N failed" summed over both vitest runs.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowsers } from './ensure-browsers.mjs';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function run(cmd, args, env = {}) {
  console.log(`\n[test] $ ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(1));
    child.on('close', (c) => resolve(c ?? 1));
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`[test] ${cmd} ${args[0] ?? ''} ${args[1] ?? ''} ${args[3] ?? ''} -> exit ${code} (${secs}s)`);
  return code;
}

const outDir = path.join(root, '.cache', 'test-results');
mkdirSync(outDir, { recursive: true });

async function vitest(name, extraArgs, env) {
  const file = path.join(outDir, `${name}.json`);
  rmSync(file, { force: true });
  const code = await run(
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

/**
 * Starts a command with its output held back in a file and printed in one piece when it ends: it runs while
 * other commands do, and interleaved lines would be unreadable. A file, not a pipe: nothing has to drain it.
 */
function runQuiet(label, cmd, args) {
  const t0 = Date.now();
  const log = path.join(outDir, `${label.replace(/\W+/g, '-')}.log`);
  const fd = openSync(log, 'w');
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env: process.env });
    let ended = false;
    const done = (code) => {
      if (ended) return;
      ended = true;
      closeSync(fd);
      console.log(`\n[test] $ ${cmd} ${args.join(' ')}`);
      process.stdout.write(readFileSync(log));
      console.log(`[test] ${label} -> exit ${code} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
      resolve(code);
    };
    child.on('error', (e) => {
      console.error(`[test] ${label}: ${e.message}`);
      done(1);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

const tAll = Date.now();
add(await vitest('unit', []));

// The production builds (what `npm run build` does: Chrome, then Firefox) run side by side, and beside the
// integration tests: a build is mostly one busy thread, the integration tests mostly wait on sockets and
// child processes. The e2e tests start once all of it is done.
const buildsDone = Promise.all([
  runQuiet('build chrome', npx, ['wxt', 'build']),
  runQuiet('build firefox', npx, ['wxt', 'build', '-b', 'firefox', '--mv3']),
]);
add(await vitest('integration', ['-c', 'test/integration/vitest.config.ts']));
const builds = await buildsDone;

if (builds.some((c) => c !== 0)) {
  console.error('[test] build failed: e2e tests not run');
  failed += 1;
} else {
  add(await vitest('e2e', ['-c', 'test/e2e/vitest.config.ts'], { E2E_SKIP_BUILD: '1' }));
}
console.log(`[test] all phases: ${((Date.now() - tAll) / 1000).toFixed(1)}s`);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
