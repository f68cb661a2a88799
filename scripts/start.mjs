#!/usr/bin/env node
// `npm start`: build the extension, run the sandbox (Kaltura in a box) on port 8443 with a simulated
// audience, and open Chromium with the extension on the sandbox's event page when there is a display.
// Options: --port N (default 8443), --attendees N (200), --rate R (2), --no-build, --no-browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    attendees: { type: 'string', default: '200' },
    rate: { type: 'string', default: '2' },
    'no-build': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
  },
});
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const chromeBuild = path.join(root, '.output', 'chrome-mv3');
const firefoxBuild = path.join(root, '.output', 'firefox-mv3');

if (!opt['no-build']) {
  console.log('[start] $ npm run build');
  const b = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('[start] build failed');
    process.exit(b.status ?? 1);
  }
}

const children = new Set();
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const sandbox = spawn(npx, ['tsx', 'sandbox/main.ts', '--port', opt.port, '--attendees', opt.attendees, '--rate', opt.rate], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
children.add(sandbox);
sandbox.on('exit', (code, signal) => {
  children.delete(sandbox);
  if (!stopping) {
    console.error(`[start] the sandbox exited (${signal ?? `code ${code}`})`);
    stopAll(code || 1);
  } else if (children.size === 0) process.exit(0);
});

const info = await new Promise((resolve, reject) => {
  const rl = readline.createInterface({ input: sandbox.stdout });
  const timer = setTimeout(() => reject(new Error('the sandbox printed no ready line within 60 s')), 60_000);
  rl.on('line', (line) => {
    try {
      const j = JSON.parse(line);
      if (j.ready) {
        clearTimeout(timer);
        resolve(j);
        return;
      }
    } catch {
      /* not the ready line */
    }
    console.log(`[sandbox] ${line}`);
  });
  sandbox.on('exit', () => reject(new Error('the sandbox exited before it was ready')));
}).catch((e) => {
  console.error(`[start] ${e.message}`);
  stopAll(1);
  return null;
});
if (!info) await new Promise(() => {});

const port = info.port;
const chromeFlags = [
  `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
  '--ignore-certificate-errors',
  '--disable-quic',
];
const attendeeUrl = info.sessions?.[0]?.url ?? `https://${info.partnerId}.events.kaltura.com/`;
const moderatorUrl = info.urls?.moderator ?? attendeeUrl;
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

console.log(`
CnC sandbox ready on https://127.0.0.1:${port} (partner ${info.partnerId}, ${opt.attendees} attendees at ${opt.rate}/s)
  moderator: ${moderatorUrl}
  attendee:  ${attendeeUrl}`);
for (const s of info.sessions ?? []) console.log(`  session ${s.entryId} (${s.mode}): ${s.url}`);
if (info.appToken) {
  console.log(`  app token (for webcast Q&A moderation, in the panel's "This page" view): id ${info.appToken.id}, token ${info.appToken.token}`);
}
if (info.control) console.log(`  control API (tests): ${info.control}`);
if (info.urls?.plain) console.log(`  plain page: ${info.urls.plain}`);
if (info.urls?.customDomain) console.log(`  white-label domain: ${info.urls.customDomain}`);

if (hasDisplay && !opt['no-browser'] && existsSync(CHROMIUM)) {
  const profile = path.join(root, '.cache', 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const args = [
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    `--disable-extensions-except=${chromeBuild}`,
    `--load-extension=${chromeBuild}`,
    ...chromeFlags,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    moderatorUrl,
    attendeeUrl,
  ];
  console.log(`\n[start] opening Chromium (profile ${profile}); the extension's icon opens the side panel.`);
  const browser = spawn(CHROMIUM, args, { stdio: 'ignore' });
  children.add(browser);
  browser.on('exit', () => {
    children.delete(browser);
    console.log('[start] Chromium closed; the sandbox keeps running until Ctrl-C.');
  });
} else {
  console.log(`
${hasDisplay ? (existsSync(CHROMIUM) ? 'Browser not opened (--no-browser).' : `No Chromium at ${CHROMIUM}.`) : 'No display (DISPLAY / WAYLAND_DISPLAY unset): not opening a browser.'}

Load the extension by hand:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${chromeBuild}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on… → ${path.join(firefoxBuild, 'manifest.json')}

Chromium reaches the sandbox at the real hostnames with these flags (test profile only):
  ${CHROMIUM} --user-data-dir=${path.join(root, '.cache', 'chromium-profile')} \\
    --load-extension=${chromeBuild} \\
    ${chromeFlags.map((f) => `'${f}'`).join(' \\\n    ')} \\
    '${moderatorUrl}'
Firefox: set a manual HTTPS proxy that tunnels every CONNECT to 127.0.0.1:${port} (as test/e2e/harness/connect-proxy.ts does),
  and accept the sandbox's self-signed certificate.`);
}
console.log('\nThe sandbox runs until Ctrl-C.');
