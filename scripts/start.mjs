#!/usr/bin/env node
// `npm start`: build the extension, run the sandbox (Kaltura in a box) on port 8443 with a simulated
// audience, and open Chromium with the extension on the sandbox's event page when there is a display.
// Installs the npm packages first when they are missing (a fresh clone).
// Options: --port N (default 8443), --attendees N (200), --rate R (2), --no-build, --no-browser,
// --smoke (check that the printed pages answer, then stop: CI runs this first on a clean clone).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    attendees: { type: 'string', default: '200' },
    rate: { type: 'string', default: '2' },
    'no-build': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const chromeBuild = path.join(root, '.output', 'chrome-mv3');
const firefoxBuild = path.join(root, '.output', 'firefox-mv3');

if (!ensureDeps(root, (line) => console.log(`[start] ${line}`))) {
  console.error('[start] npm ci failed: see above');
  process.exit(1);
}

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
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.add(sandbox);
// The sandbox's own "listening on 127.0.0.1:PORT" would be the first URL a new user sees, and it answers
// 404 (the sandbox routes by host name): the summary below says it last, with why.
readline.createInterface({ input: sandbox.stderr }).on('line', (line) => {
  if (!/^\[sandbox\] listening on /.test(line)) console.error(line);
});
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
const isRoot = process.getuid?.() === 0;
const chromeFlags = [
  `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
  '--ignore-certificate-errors',
  '--disable-quic',
  // Chromium refuses to start as root without it (containers, CI machines).
  ...(isRoot ? ['--no-sandbox'] : []),
];
const firstSession = info.sessions?.find((s) => s.mode === 'cnc') ?? info.sessions?.[0];
const attendeeUrl = firstSession?.url ?? `https://${info.partnerId}.events.kaltura.com/`;
// The session page signed in as the sandbox's moderator: the CnC widget shows its moderator controls.
const moderatorUrl = `${attendeeUrl}?as=moderator`;
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

console.log(`
CnC sandbox ready (partner ${info.partnerId}, ${opt.attendees} simulated attendees at ${opt.rate} actions/s).
These URLs work in a browser started with the flags below (they name Kaltura's real hosts):
  moderator view: ${moderatorUrl}
  attendee view:  ${attendeeUrl}
  CnC moderator app: ${info.urls?.moderator}`);
for (const s of info.sessions ?? []) console.log(`  session ${s.entryId} (${s.mode === 'webcast' ? 'legacy webcast Q&A' : 'CnC'}): ${s.url}`);
console.log(`  sign in as anyone: https://${info.partnerId}.events.kaltura.com/login?user=ID&role=moderator (or role=attendee)`);
if (info.appToken) {
  console.log(`  app token (webcast Q&A moderation, in the panel's "This page" view): id ${info.appToken.id}, token ${info.appToken.token}`);
}
if (info.adminSecret) console.log(`  admin secret of partner ${info.partnerId} (for an admin KS): ${info.adminSecret}`);
if (info.urls?.plain) console.log(`  plain page (not Kaltura): ${info.urls.plain}`);
if (info.urls?.customDomain) console.log(`  white-label domain: ${info.urls.customDomain}`);
if (info.control) console.log(`  control API (tests): ${info.control}`);
console.log(`  (the sandbox listens on 127.0.0.1:${port}; it routes by host name, so that address alone answers 404)`);

if (opt.smoke) {
  // CI's first step on a clean clone: the build exists and the pages printed above answer.
  const problems = [];
  if (!existsSync(path.join(chromeBuild, 'manifest.json'))) problems.push(`no build at ${chromeBuild}`);
  for (const url of [moderatorUrl, attendeeUrl, info.urls?.moderator].filter(Boolean)) {
    const status = await statusOf(url, port).catch((e) => `error ${e.message}`);
    console.log(`[start] smoke: ${status} ${url}`);
    if (status !== 200) problems.push(`${url} answered ${status}`);
  }
  if (problems.length) console.error(`[start] smoke failed: ${problems.join('; ')}`);
  else console.log('[start] smoke: ok, stopping');
  stopAll(problems.length ? 1 : 0);
  await new Promise(() => {});
}

const profile = path.join(root, '.cache', 'chromium-profile');
if (hasDisplay && !opt['no-browser'] && existsSync(CHROMIUM)) {
  mkdirSync(profile, { recursive: true });
  const args = [
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    `--disable-extensions-except=${chromeBuild}`,
    `--load-extension=${chromeBuild}`,
    ...chromeFlags,
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
${hasDisplay ? (existsSync(CHROMIUM) ? 'Browser not opened (--no-browser).' : `No Chromium at ${CHROMIUM} (apt-get install chromium).`) : 'No display (DISPLAY / WAYLAND_DISPLAY unset): not opening a browser.'}

Open Chromium with the extension and the sandbox's hosts (a throwaway profile; these flags are for testing only):
  ${CHROMIUM} --user-data-dir=${profile} \\
    --disable-extensions-except=${chromeBuild} --load-extension=${chromeBuild} \\
    ${chromeFlags.map((f) => `'${f}'`).join(' \\\n    ')} \\
    '${moderatorUrl}'
Then click the extension's toolbar icon: the side panel opens beside the event page.

Or load the extension into a browser you already use (it will not reach the sandbox without the flags above):
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${chromeBuild}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on… → ${path.join(firefoxBuild, 'manifest.json')}
  Firefox reaches the sandbox through a manual HTTPS proxy that tunnels every CONNECT to 127.0.0.1:${port}
  (as test/e2e/harness/connect-proxy.ts does), after accepting the sandbox's self-signed certificate.

Headless (no display): add --headless=new --remote-debugging-port=9222 to the Chromium command, find the
extension id in chrome://extensions (or the service worker's URL at http://127.0.0.1:9222/json), and open
  chrome-extension://<id>/sidepanel.html?tab=<tab id of the event page>
in a tab of its own: the panel page works there as in the side panel (the e2e tests drive it this way).`);
}
console.log('\nThe sandbox runs until Ctrl-C.');

/** The HTTP status of a sandbox page, asked with the page's own host name (the sandbox routes by host). */
function statusOf(url, sandboxPort) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: sandboxPort,
        path: u.pathname + u.search,
        servername: u.hostname,
        headers: { host: u.host },
        rejectUnauthorized: false, // the sandbox's certificate is made at start, for *.kaltura.com
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
