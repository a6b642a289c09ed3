import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Tests import the package by name; each entry point maps to its source (exact matches, so
    // `canary-judge/prometheus` is not taken for a path under the core entry).
    alias: [
      { find: /^canary-judge$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^canary-judge\/prometheus$/, replacement: fileURLToPath(new URL('./src/prometheus.ts', import.meta.url)) },
      { find: /^canary-judge\/cloudwatch$/, replacement: fileURLToPath(new URL('./src/cloudwatch.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fail-on-console.ts', 'test/setup/fast-check.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 30_000,
  },
});
