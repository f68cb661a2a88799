import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import preact from '@preact/preset-vite';

export default defineConfig({
  // WxtVitest does not carry the Preact preset over from wxt.config.ts.
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // Fixtures contain Kaltura <script src> tags; the DOM under test must not try to fetch them.
    environmentOptions: {
      happyDOM: { settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } },
    },
    mockReset: true,
    restoreMocks: true,
  },
});
