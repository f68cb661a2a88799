import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// Integration tests: they start the sandbox's servers or spawn its CLI (real sockets, real processes),
// so they live apart from the unit tests, which stay pure and fast. `npm test` runs both.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [WxtVitest()],
  test: {
    include: ['test/integration/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Worker threads start faster than child processes (each file still gets its own worker).
    pool: 'threads',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    mockReset: true,
    restoreMocks: true,
  },
});
