// End-to-end tests: the UI in Debian's Chromium against `deskpilot serve`, packaging, and Electron where a binary exists.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
