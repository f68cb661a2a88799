// Builds the extension once for the whole e2e run: the production builds (`npm run build`) unless
// E2E_SKIP_BUILD=1, and the Firefox probe variant (.output/firefox-mv3-e2e) when missing or older than the
// production Firefox build.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`e2e setup: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.error})`);
  console.log(`[e2e setup] ${cmd} ${args.join(' ')}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);

export default function setup() {
  if (process.env.E2E_SKIP_BUILD !== '1') run('npm', ['run', 'build']);
  const prod = path.join(root, '.output', 'chrome-mv3', 'manifest.json');
  if (!existsSync(prod)) throw new Error(`e2e setup: no production build at ${prod}; run \`npm run build\``);
  const ffProd = mtime(path.join(root, '.output', 'firefox-mv3', 'manifest.json'));
  const ffProbe = mtime(path.join(root, '.output', 'firefox-mv3-e2e', 'manifest.json'));
  if (ffProbe === 0 || ffProbe < ffProd || process.env.E2E_SKIP_BUILD !== '1') {
    run('node', ['scripts/build-e2e-firefox.mjs']);
  }
}
