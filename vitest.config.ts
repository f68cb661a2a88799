import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import preact from '@preact/preset-vite';

// Unit tests whose code under test never touches a DOM run in plain Node: setting up happy-dom costs about
// 0.6 s of CPU per test file (each file gets a fresh worker), more than most of those files' tests take.
// Everything else (components, the content scripts, the widget drivers, and any new folder) gets happy-dom.
// A test moved here that needs the DOM fails loudly ("document is not defined"): give it happy-dom again.
const NODE_ONLY = ['model', 'kaltura', 'sandbox', 'messaging', 'notify', 'platform', 'background', 'build'].map((d) => `test/unit/${d}/**/*.test.{ts,tsx}`);

export default defineConfig({
  // WxtVitest does not carry the Preact preset over from wxt.config.ts.
  plugins: [WxtVitest(), preact()],
  test: {
    // Worker threads start faster than child processes; each test file still gets its own (isolate).
    pool: 'threads',
    mockReset: true,
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: NODE_ONLY,
          environment: 'happy-dom',
          // Fixtures contain Kaltura <script src> tags; the DOM under test must not try to fetch them.
          environmentOptions: {
            happyDOM: { settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } },
          },
        },
      },
      { extends: true, test: { name: 'node', include: NODE_ONLY, environment: 'node' } },
    ],
  },
});
