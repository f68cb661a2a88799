import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests: the production build in real browsers (Debian's chromium and firefox-esr) against the
// sandbox. `npm run test:e2e` builds first; E2E_SKIP_BUILD=1 reuses .output/ (scripts/test.mjs builds once).
export default defineConfig({
  // Paths below are from the repository root, wherever this file lives.
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});
