import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, no I/O) and `storage` (everything that touches a database or HTTP).
// `.ci/run` runs the storage project a second time with DATABASE_URL pointing at PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'storage',
          include: ['packages/*/test/integration/**/*.test.ts', 'packages/*/test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One database per test file; files run in parallel on two cores.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
