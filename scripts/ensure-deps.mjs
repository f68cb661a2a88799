// Installs the npm packages when they are missing or older than package-lock.json, so that `npm start`
// and `npm test` work on a fresh clone (where `wxt` is not there yet).
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function depsAreStale(root) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(path.join(root, 'node_modules', '.bin', 'wxt')) || !existsSync(marker)) return true;
  // npm rewrites node_modules/.package-lock.json on every install: older than the lock means stale.
  return statSync(marker).mtimeMs < statSync(path.join(root, 'package-lock.json')).mtimeMs;
}

/** Runs `npm ci` when needed; returns false when it failed. */
export function ensureDeps(root, log = (line) => console.log(line)) {
  if (!depsAreStale(root)) return true;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  log('[deps] node_modules is missing or older than package-lock.json: $ npm ci');
  const r = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}
