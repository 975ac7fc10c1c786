import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: broker, compiler and tests compete for them, so keep the pool small.
    maxWorkers: 2,
    // A throwaway RabbitMQ node for the runtime's broker tests (or AMQP_URL when set), and a
    // throwaway PostgreSQL cluster for the order database tests (or DATABASE_URL when set).
    globalSetup: ['test/setup/rabbitmq.ts', 'test/setup/postgres.ts'],
  },
});
