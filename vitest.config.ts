import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // expect.poll waits for asynchronous outcomes; its 1 s default is too short on a loaded
  // 2-core machine. A longer wait only turns a hang into a failure later.
  expect: { poll: { timeout: 15_000 } },
};

// The contract tests `catwire generate` writes for catalog/: the same files once per transport.
const CONTRACT_TESTS = ['generated/**/*.test.ts'];

export default defineConfig({
  test: {
    // Two cores: broker, compiler and tests compete for them, so keep the pool small.
    maxWorkers: 2,
    // A throwaway RabbitMQ node for the broker tests (or AMQP_URL when set), and a throwaway
    // PostgreSQL cluster for the order database tests (or DATABASE_URL when set). Set up once
    // for all projects; what they provide reaches every project. The three-node RabbitMQ
    // cluster starts only when a test of the `cluster` project is selected.
    globalSetup: ['test/setup/rabbitmq.ts', 'test/setup/postgres.ts', 'test/setup/cluster.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/cluster/**', '**/node_modules/**'] } },
      {
        test: {
          ...shared,
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          // The files stop and kill nodes of one shared cluster: one file at a time, so that a
          // majority of its nodes is always up.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      { test: { ...shared, name: 'contract-memory', include: CONTRACT_TESTS, env: { CATWIRE_TRANSPORT: 'memory' } } },
      {
        test: {
          ...shared,
          name: 'contract-rabbitmq',
          include: CONTRACT_TESTS,
          env: { CATWIRE_TRANSPORT: 'rabbitmq' },
          // Hands the test broker's URL to the generated tests as AMQP_URL.
          setupFiles: ['test/setup/contract-broker.ts'],
        },
      },
    ],
  },
});
