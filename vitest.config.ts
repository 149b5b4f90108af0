import { defineConfig } from 'vitest/config';

// Two projects: `node` runs the library under Node's backends; `browser` drives Debian's
// Chromium through playwright-core and runs churnkit inside a real page (webgl, wasm, cpu).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON results let .ci/run print a one-line 'N passed, N failed' summary.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
