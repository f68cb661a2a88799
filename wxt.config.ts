import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { noInnerHtml } from './scripts/no-inner-html';
import { compileHints } from './scripts/compile-hints';
import { CONTENT_MATCHES } from './lib/content/matches';

// Kaltura hosts the extension may talk to (KALTURA.md §1): the API hosts (www.kaltura.com,
// *.ovp.kaltura.com) and the sites. The content scripts run on fewer: events sites, MediaSpace and KAF
// only (lib/content/matches.ts), never the admin console.
const KALTURA_HOSTS = ['https://*.kaltura.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The side panel's entry chunk is compiled eagerly (scripts/compile-hints.ts says why).
  vite: () => ({ plugins: [preact(), noInnerHtml(), compileHints((name) => name === 'sidepanel')] }),
  // The sources zip is for store reviewers rebuilding the extension: no local results or caches.
  zip: { excludeSources: ['bench-results/**', '.cache/**', 'coverage/**'] },
  manifest: ({ browser }) => ({
    name: 'CnC Moderator',
    description: 'Moderate Kaltura Chat & Collaborate from a side panel: Q&A, chat, polls and announcements.',
    permissions: ['storage', 'tabs', 'scripting', 'notifications', 'alarms'],
    host_permissions: KALTURA_HOSTS,
    // White-labelled event domains are granted one origin at a time, from the panel.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: 'Open CnC Moderator' },
    // The page bridge's isolated-world mark (public/bridge-mark.js; lib/platform/injection.ts says why).
    content_scripts: [{ matches: CONTENT_MATCHES, js: ['bridge-mark.js'], run_at: 'document_start' }],
    // No web_accessible_resources: the MAIN-world bridge is a content script (entrypoints/page-bridge.content.ts),
    // so no page can load a file of ours to tell that the extension is installed.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'cnc-moderator@cnc-moderator.dev',
              strict_min_version: '142.0',
              // The extension collects nothing: it talks only to the Kaltura hosts the moderator uses.
              // (data_collection_permissions needs Firefox 140, and Firefox for Android 142.)
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
