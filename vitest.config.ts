import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: broker, compiler and tests compete for them, so keep the pool small.
    maxWorkers: 2,
    // expect.poll waits for asynchronous outcomes; its 1 s default is too short on a loaded
    // 2-core machine. A longer wait only turns a hang into a failure later.
    expect: { poll: { timeout: 15_000 } },
    // A throwaway RabbitMQ node for the runtime's broker tests (or AMQP_URL when set), and a
    // throwaway PostgreSQL cluster for the order database tests (or DATABASE_URL when set).
    globalSetup: ['test/setup/rabbitmq.ts', 'test/setup/postgres.ts'],
  },
});
