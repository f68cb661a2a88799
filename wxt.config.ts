import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { noInnerHtml } from './scripts/no-inner-html';

// Kaltura hosts we attach to without asking (KALTURA.md §1): events sites, MediaSpace, KAF.
// The API hosts (www.kaltura.com, *.ovp.kaltura.com) are covered by the same wildcard.
const KALTURA_HOSTS = ['https://*.kaltura.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), noInnerHtml()] }),
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
    // The MAIN-world bridge is injected as a <script src>, so pages must be able to load it. Custom
    // domains are granted at runtime and can't be listed here, hence any https page.
    web_accessible_resources: [{ resources: ['page-bridge.js'], matches: ['https://*/*'] }],
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
