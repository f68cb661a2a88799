// Bundle figures: how long a production Chrome build takes, and the gzipped size of the JavaScript each
// surface loads (content script, MAIN-world page bridge, background, the side panel's first load), and each
// lazily loaded chunk of the side panel apart (bundle.lazy.<chunk>_gz_bytes; the report view's also as
// bundle.report_chunk_gz_bytes).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, '.output', 'chrome-mv3');

/** Resolves an import specifier or src as the extension would: "/x" from the root, "./x" from `fromFile`. */
function resolveRef(ref, fromFile) {
  if (/^[a-z-]+:/i.test(ref)) return null; // chrome-extension://, https:, data:
  const base = ref.startsWith('/') ? out : path.dirname(fromFile);
  return path.join(base, ref.replace(/^\//, '').split(/[?#]/)[0]);
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'`]([^"'`]+\.m?js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["'`]([^"'`]+\.m?js)["'`]/g;

/**
 * A JS file plus every module it imports, transitively: statically and dynamically, or (`staticOnly`) what
 * loads with it before any lazy view is opened; `lazy` collects the dynamic imports left out.
 */
function withImports(file, seen = new Set(), { staticOnly = false, lazy = new Set() } = {}) {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(STATIC_IMPORT)) {
    const f = resolveRef(m[1], file);
    if (f) withImports(f, seen, { staticOnly, lazy });
  }
  for (const m of src.matchAll(DYNAMIC_IMPORT)) {
    const f = resolveRef(m[1], file);
    if (!f) continue;
    if (staticOnly) lazy.add(f);
    else withImports(f, seen, { staticOnly, lazy });
  }
  return seen;
}

function gzBytes(files) {
  let total = 0;
  for (const f of files) total += gzipSync(readFileSync(f), { level: 9 }).length;
  return total;
}

export async function run() {
  const t0 = process.hrtime.bigint();
  const b = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (b.status !== 0) throw new Error(`wxt build failed (exit ${b.status})`);

  const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  // The page bridge runs in the page's MAIN world on every Kaltura page: counted on its own.
  const content = new Set();
  const bridge = new Set();
  for (const cs of manifest.content_scripts ?? []) {
    for (const js of cs.js ?? []) withImports(path.join(out, js), cs.world === 'MAIN' || /page-bridge/.test(js) ? bridge : content);
  }
  // An older layout injected the bridge as a web-accessible <script>.
  if (bridge.size === 0 && existsSync(path.join(out, 'page-bridge.js'))) withImports(path.join(out, 'page-bridge.js'), bridge);
  const background = withImports(path.join(out, manifest.background?.service_worker ?? 'background.js'));
  const panelHtmlPath = path.join(out, manifest.side_panel?.default_path ?? 'sidepanel.html');
  const html = readFileSync(panelHtmlPath, 'utf8');
  // What the side panel loads first: its scripts and their static imports; lazy views (the report) apart.
  const sidepanel = new Set();
  const lazy = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)) {
    const f = resolveRef(m[1], panelHtmlPath);
    if (f) withImports(f, sidepanel, { staticOnly: true, lazy });
  }
  for (const m of html.matchAll(/<link\b[^>]*rel=["']modulepreload["'][^>]*href=["']([^"']+)["']/g)) {
    const f = resolveRef(m[1], panelHtmlPath);
    if (f) withImports(f, sidepanel, { staticOnly: true, lazy });
  }
  // Each lazily loaded part (a view, the Q&A's on-demand sections): what opening it loads beyond the first
  // load, named after its chunk (the file name without its hash). The report view's keeps its older name.
  const lazyChunks = {};
  for (const f of lazy) {
    if (sidepanel.has(f)) continue;
    const name = path.basename(f).replace(/-[\w-]{8}\.m?js$/, '').replace(/\.m?js$/, '');
    const chunk = new Set();
    for (const g of withImports(f, new Set(), { staticOnly: true })) if (!sidepanel.has(g)) chunk.add(g);
    lazyChunks[name] = chunk;
  }
  const reportChunk = lazyChunks.ReportView ?? new Set();
  if (content.size === 0 || background.size === 0 || sidepanel.size === 0 || bridge.size === 0) {
    throw new Error(`found no JS for a surface: content ${content.size}, background ${background.size}, sidepanel ${sidepanel.size}, page bridge ${bridge.size}`);
  }
  return {
    'build.seconds': Math.round(seconds * 100) / 100,
    'bundle.content_gz_bytes': gzBytes(content),
    'bundle.background_gz_bytes': gzBytes(background),
    'bundle.sidepanel_gz_bytes': gzBytes(sidepanel),
    'bundle.page_bridge_gz_bytes': gzBytes(bridge),
    'bundle.report_chunk_gz_bytes': reportChunk.size ? gzBytes(reportChunk) : NaN,
    ...Object.fromEntries(Object.entries(lazyChunks).map(([name, files]) => [`bundle.lazy.${name}_gz_bytes`, gzBytes(files)])),
  };
}
