/**
 * OpenTelemetry through the service layer on the in-memory transport (the cases are in
 * helpers/telemetry-cases.ts; rabbit-telemetry.test.ts runs them on RabbitMQ), and the runtime
 * without an SDK: no telemetry object, no span, the traceparent chain as before.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryTransport, startService, type Envelope } from '../../runtime/index.js';
import { createTelemetry } from '../../runtime/internal/telemetry.js';
import { aPlaceOrder, checkoutContract, ordersContract, params } from './fixtures/contracts.js';
import { captureLogger } from './helpers/capture-logger.js';
import { telemetryCases } from './helpers/telemetry-cases.js';
import { waitFor } from './helpers/wait.js';

const logger = captureLogger();

telemetryCases('memory', async () => ({ transport: createMemoryTransport({ params, logger }), prefix: '' }));

describe('without an OpenTelemetry SDK', () => {
  it('records nothing: no telemetry object, so the runtime takes its uninstrumented paths', () => {
    expect(createTelemetry('orders', 'memory', 'orders')).toBeUndefined();
    expect(createTelemetry('orders', 'rabbitmq', undefined, {})).toBeUndefined();
  });

  it('still continues the trace a message carries, with a new span id per message', async () => {
    const transport = createMemoryTransport({ params, logger });
    try {
      const events: Envelope[] = [];
      const commands: Envelope[] = [];
      await startService(transport, ordersContract(), {
        handlers: {
          placeOrder: async (payload, ctx) => {
            commands.push(ctx.envelope);
            await ctx.producer.orderPlaced({ orderId: payload.orderId, total: 1 });
          },
          getOrder: async () => ({ orderId: 'ord-1', status: 'NEW', total: 10 }),
        },
      });
      const checkout = await startService(transport, checkoutContract(), { handlers: { orderPlaced: async (_p, ctx) => void events.push(ctx.envelope) } });
      await checkout.producer.placeOrder(aPlaceOrder(), { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` });
      await waitFor(() => events.length === 1, 'the event');
      const [, commandTrace, commandSpan] = commands[0]?.traceparent?.split('-') ?? [];
      expect(commandTrace).toBe('a'.repeat(32));
      expect(commandSpan).toMatch(/^[0-9a-f]{16}$/);
      expect(commandSpan).not.toBe('b'.repeat(16));
      const [, eventTrace, eventSpan] = events[0]?.traceparent?.split('-') ?? [];
      expect(eventTrace).toBe('a'.repeat(32));
      expect(eventSpan).not.toBe(commandSpan);
    } finally {
      await transport.close();
    }
  });
});
