import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Three projects: pure unit tests; integration tests against a fresh Postgres database; and the
// local-stack proofs (Kubernetes, Prometheus, Jaeger), which need `npm run stack:up` first.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['lib/**/*.test.ts', 'manifests/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          include: ['lib/**/*.integration.test.ts', 'app/**/*.integration.test.ts', 'scripts/db/**/*.integration.test.ts', 'scripts/cli/**/*.integration.test.ts'],
          globalSetup: ['lib/test-support/database-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'stack',
          environment: 'node',
          include: ['scripts/stack/**/*.integration.test.ts', 'manifests/**/*.integration.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
