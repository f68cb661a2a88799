#!/usr/bin/env node
// Builds the Firefox MV3 variant with the test-only probe (WXT_E2E_PROBE=1) into .output/firefox-mv3-e2e,
// leaving the production build in .output/firefox-mv3 untouched. Used by the e2e global setup.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
process.env.WXT_E2E_PROBE = '1';

const { build } = await import('wxt');
await build({
  root,
  browser: 'firefox',
  manifestVersion: 3,
  outDirTemplate: 'firefox-mv3-e2e',
});
console.log(`[build-e2e-firefox] built ${path.join(root, '.output', 'firefox-mv3-e2e')}`);
