import { defineConfig } from 'vitest/config';

// Projects run one after the other (groupOrder): `unit` (pure, no I/O), `storage` (everything that
// touches a database or HTTP; `.ci/run` runs it a second time with DATABASE_URL pointing at
// PostgreSQL), then `federation` (several nodes over real HTTP).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
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
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Federation: nodes over real HTTP (in-process, both engines) and the multi-process fault
        // test. One file at a time, after the other projects: the fault test needs both cores.
        test: {
          name: 'federation',
          include: ['packages/*/test/federation/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
