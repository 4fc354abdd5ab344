// Test runner configuration: every test under test/ except the Playwright e2e and the benchmarks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/bench/**', 'node_modules/**'],
    // Sized for process spawns (the CLI from source, serve, Chromium) on a loaded 2-core machine: a CLI start there has
    // been seen to take over 20 s. Tests wait for events, never for time, so a long limit costs nothing when green.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
