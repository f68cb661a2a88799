#!/usr/bin/env node
// Makes sure the Debian browsers the e2e tests and `npm start` drive are installed.
// Never downloads a browser from a test tool: only Debian's packages through apt.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const BROWSERS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/firefox-esr', pkg: 'firefox-esr' },
];

export function missingBrowsers() {
  return BROWSERS.filter((b) => !existsSync(b.bin));
}

function run(cmd, args) {
  console.log(`[ensure-browsers] $ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${r.error ?? `exit code ${r.status}`}`);
  }
}

export function ensureBrowsers() {
  const missing = missingBrowsers();
  if (missing.length === 0) {
    console.log('[ensure-browsers] chromium and firefox-esr are installed');
    return;
  }
  const pkgs = missing.map((b) => b.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `[ensure-browsers] missing: ${missing.map((b) => b.bin).join(', ')}\n` +
        `Install the Debian packages, then run again:\n` +
        `  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${pkgs.join(' ')}`,
    );
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...pkgs]);
  const still = missingBrowsers();
  if (still.length) {
    console.error(`[ensure-browsers] still missing after apt-get: ${still.map((b) => b.bin).join(', ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureBrowsers();
  } catch (e) {
    console.error(`[ensure-browsers] ${e.message}`);
    process.exit(1);
  }
}
