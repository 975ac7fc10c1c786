/**
 * The OpenTelemetry cases of the service layer, run on each transport (telemetry.test.ts for the
 * in-memory one, rabbit-telemetry.test.ts for RabbitMQ).
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Envelope, type Transport } from '../../../runtime/index.js';
import { buildMessage } from '../../../runtime/internal/encode.js';
import { internals } from '../../../runtime/internal/transport.js';
import { createTestOtel, type TestOtel } from '../../helpers/otel.js';
import { aPlaceOrder, checkoutContract, ordersContract } from '../fixtures/contracts.js';
import { waitFor } from './wait.js';

const spansOf = (getOtel: () => TestOtel, traceId: string) => getOtel().spans().filter((s) => s.spanContext().traceId === traceId);
const named = (spans: readonly ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

export interface Opened {
  readonly transport: Transport;
  /** The name prefix the transport declares under ('' for none). */
  readonly prefix: string;
  /** Deletes what the test declared on a shared broker. */
  readonly cleanup?: () => Promise<void>;
}

/** The cases on one transport; `open` makes a fresh transport for each test. */
export function telemetryCases(kind: 'memory' | 'rabbitmq', open: () => Promise<Opened>): void {
  describe(`OpenTelemetry on the ${kind} transport`, () => {
    let otel: TestOtel;
    let opened: Opened | undefined;
    const getOtel = () => otel;
    const setTransport = (o: Opened) => (opened = o);
  /** A resolved exchange name. */
  const x = (name: string) => `${opened?.prefix ?? ''}${name}`;

    beforeAll(() => {
      otel = createTestOtel();
      // Only the context manager goes global (handlers see their span as the active one); the
      // providers are passed to each service.
      otel.register(true);
    });

    afterAll(async () => {
      otel.unregister();
      await otel.shutdown();
    });

    afterEach(async () => {
      await opened?.transport.close();
      await opened?.cleanup?.();
      opened = undefined;
    });

    const system = kind === 'rabbitmq' ? 'rabbitmq' : 'catwire_memory';
    const withOtel = () => ({ tracerProvider: getOtel().tracerProvider, meterProvider: getOtel().meterProvider });

    it('traces a command and the event its handler publishes as one trace, producer spans parenting process spans', async () => {
      const { transport } = setTransport(await open());
      const events: Envelope[] = [];
      let activeInHandler: string | undefined;
      await startService(transport, ordersContract(), {
        telemetry: withOtel(),
        handlers: {
          placeOrder: async (payload, ctx) => {
            activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
            await ctx.producer.orderPlaced({ orderId: payload.orderId, total: 20 });
          },
          getOrder: async () => ({ orderId: 'ord-1', status: 'NEW', total: 10 }),
        },
      });
      const checkout = await startService(transport, checkoutContract(), {
        telemetry: withOtel(),
        handlers: { orderPlaced: async (_payload, ctx) => void events.push(ctx.envelope) },
      });
      await checkout.producer.placeOrder(aPlaceOrder('ord-trace'), { correlationId: 'corr-trace' });
      const envelope = await waitFor(() => events.find((e) => e.correlationId === 'corr-trace'), 'the order-placed event');
      const traceId = envelope.traceparent?.split('-')[1] as string;
      // The command's process span ends after its handler's publish is confirmed, which may be after the event was handled.
      await waitFor(() => spansOf(getOtel, traceId).length === 4, 'four spans');

      const spans = spansOf(getOtel, traceId);
      const [send, processCommand, publish, processEvent] = [`send ${x('orders.commands')}`, `process ${x('orders.commands')}`, `publish ${x('orders.test.events')}`, `process ${x('orders.test.events')}`].map(
        (name) => named(spans, name)[0] as ReadableSpan,
      ) as [ReadableSpan, ReadableSpan, ReadableSpan, ReadableSpan];
      expect(spans.map((s) => s.name).sort()).toEqual([processCommand, processEvent, publish, send].map((s) => s.name));

      expect(send.kind).toBe(SpanKind.PRODUCER);
      expect(send.parentSpanContext).toBeUndefined();
      expect(send.attributes).toMatchObject({
        'messaging.system': system,
        'messaging.destination.name': x('orders.commands'),
        'messaging.rabbitmq.destination.routing_key': 'place-order.v1',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.message.conversation_id': 'corr-trace',
        'catwire.service': 'checkout',
        'catwire.message': 'place-order@1.0.0',
      });
      expect(send.attributes['messaging.message.id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(send.attributes['messaging.message.body.size']).toBeGreaterThan(100);

      // The consumer's span is the producer span's child and links to it (the conventions' creation context).
      expect(processCommand.kind).toBe(SpanKind.CONSUMER);
      expect(processCommand.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
      expect(processCommand.links.map((l) => l.context.spanId)).toEqual([send.spanContext().spanId]);
      expect(processCommand.attributes).toMatchObject({
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.destination.name': x('orders.commands'),
        'messaging.destination.subscription.name': x('orders'),
        'messaging.message.id': send.attributes['messaging.message.id'],
        'messaging.message.conversation_id': 'corr-trace',
        'catwire.service': 'orders',
        'catwire.message': 'place-order@1.0.0',
        'catwire.outcome': 'ack',
      });
      expect(processCommand.status.code).toBe(SpanStatusCode.UNSET);
      expect(activeInHandler).toBe(processCommand.spanContext().spanId);

      // What the handler sent continues under its process span; the envelope carries that span's context.
      expect(publish.parentSpanContext?.spanId).toBe(processCommand.spanContext().spanId);
      expect(publish.attributes).toMatchObject({ 'messaging.operation.name': 'publish', 'messaging.message.conversation_id': 'corr-trace' });
      expect(envelope.traceparent).toBe(`00-${traceId}-${publish.spanContext().spanId}-01`);
      expect(processEvent.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(processEvent.attributes).toMatchObject({ 'catwire.service': 'checkout', 'catwire.outcome': 'ack', 'messaging.destination.name': x('orders.test.events') });

      expect(await getOtel().total('messaging.client.sent.messages', { 'catwire.service': 'checkout', 'catwire.message': 'place-order@1.0.0', 'messaging.system': system })).toBeGreaterThanOrEqual(1);
      expect(await getOtel().total('messaging.client.operation.duration', { 'catwire.message': 'place-order@1.0.0', 'messaging.system': system })).toBeGreaterThanOrEqual(1);
      expect(await getOtel().total('messaging.client.consumed.messages', { 'catwire.service': 'orders', 'catwire.outcome': 'ack', 'messaging.system': system })).toBeGreaterThanOrEqual(1);
      expect(await getOtel().total('messaging.process.duration', { 'catwire.service': 'checkout', 'messaging.system': system })).toBeGreaterThanOrEqual(1);
    });

    it('shows each retry and the dead-lettering with its reason on the process spans and in the metrics', async () => {
      const { transport } = setTransport(await open());
      const before = {
        retried: await getOtel().total('catwire.messages.retried', { 'catwire.service': 'orders' }),
        dead: await getOtel().total('catwire.messages.dead_lettered', { 'catwire.service': 'orders', 'catwire.dead_letter.reason': 'handler-failed' }),
      };
      let attempts = 0;
      await startService(transport, ordersContract({ retryDelaysMs: [10] }), {
        telemetry: withOtel(),
        handlers: {
          placeOrder: async () => {
            attempts++;
            throw new Error('the warehouse is on fire');
          },
          getOrder: async () => ({ orderId: 'ord-1', status: 'NEW', total: 10 }),
        },
      });
      const checkout = await startService(transport, checkoutContract(), { telemetry: withOtel(), handlers: { orderPlaced: async () => {} } });
      await checkout.producer.placeOrder(aPlaceOrder('ord-doomed'), { correlationId: 'corr-doomed' });
      const flow = () => getOtel().spans().filter((s) => s.attributes['messaging.message.conversation_id'] === 'corr-doomed' && s.kind === SpanKind.CONSUMER);
      await waitFor(() => flow().length === 2, 'two process spans');
      expect(attempts).toBe(2);
      const [first, last] = flow() as [ReadableSpan, ReadableSpan];
      expect(first.attributes).toMatchObject({ 'catwire.outcome': 'retry', 'catwire.attempt': 1, 'error.type': 'handler-failed' });
      expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: 'the warehouse is on fire' });
      expect(last.attributes).toMatchObject({ 'catwire.outcome': 'dead-letter', 'catwire.dead_letter.reason': 'handler-failed', 'error.type': 'handler-failed' });
      expect(last.status.code).toBe(SpanStatusCode.ERROR);
      // The retry came back through the retry queue, and still belongs to the sender's trace.
      expect(last.spanContext().traceId).toBe(first.spanContext().traceId);
      expect(last.attributes['messaging.destination.name']).toBe(x('orders.commands'));

      expect(await getOtel().total('catwire.messages.retried', { 'catwire.service': 'orders', 'catwire.message': 'place-order@1.0.0' })).toBe(before.retried + 1);
      expect(await getOtel().total('catwire.messages.dead_lettered', { 'catwire.service': 'orders', 'catwire.dead_letter.reason': 'handler-failed' })).toBe(before.dead + 1);
    });

    it('dead-letters an invalid payload from another sender with the reason on its process span', async () => {
      const { transport } = setTransport(await open());
      await startService(transport, ordersContract(), {
        telemetry: withOtel(),
        handlers: { placeOrder: async () => {}, getOrder: async () => ({ orderId: 'ord-1', status: 'NEW', total: 10 }) },
      });
      const before = await getOtel().total('catwire.messages.dead_lettered', { 'catwire.service': 'orders', 'catwire.dead_letter.reason': 'invalid-payload' });
      const rogue = buildMessage({ service: 'rogue', type: 'place-order', version: '1.0.0', body: { orderId: 'ord-rogue' }, correlationId: 'corr-rogue' }, 'structured');
      await transport[internals].wire.publish(x('orders.commands'), 'place-order.v1', rogue, { mandatory: true, label: 'place-order@1.0.0' });
      const span = await waitFor(
        () => getOtel().spans().find((s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.message.conversation_id'] === 'corr-rogue'),
        'the process span',
      );
      expect(span.attributes).toMatchObject({ 'catwire.outcome': 'dead-letter', 'catwire.dead_letter.reason': 'invalid-payload', 'error.type': 'invalid-payload' });
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toMatch(/customerId/);
      // Sent without a tracer, the message still carried a traceparent: the process span continues that trace.
      expect(span.spanContext().traceId).toBe(rogue.content.toString().match(/"traceparent":"00-([0-9a-f]{32})-/)?.[1]);
      expect(await getOtel().total('catwire.messages.dead_lettered', { 'catwire.service': 'orders', 'catwire.dead_letter.reason': 'invalid-payload' })).toBe(before + 1);

      // A type of the sender's invention shows on its span; the metrics keep to the contract's names.
      const made = buildMessage({ service: 'rogue', type: 'made-up-7', version: '1.0.0', body: {}, correlationId: 'corr-made-up' }, 'structured');
      await transport[internals].wire.publish(x('orders.commands'), 'place-order.v1', made, { mandatory: true, label: 'made-up-7@1.0.0' });
      const unknown = await waitFor(
        () => getOtel().spans().find((s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.message.conversation_id'] === 'corr-made-up'),
        'the unknown message\'s process span',
      );
      expect(unknown.attributes).toMatchObject({ 'catwire.outcome': 'dead-letter', 'catwire.dead_letter.reason': 'unknown-message', 'cloudevents.event_type': 'made-up-7' });
      const series = (await getOtel().points()).filter((p) => p.name === 'catwire.messages.dead_lettered' && p.attributes['catwire.dead_letter.reason'] === 'unknown-message');
      expect(series.map((p) => p.attributes['catwire.message'])).toEqual(['(unidentified)']);
    });

    it('records a refused payload as a failed producer span', async () => {
      const { transport } = setTransport(await open());
      const checkout = await startService(transport, checkoutContract(), { telemetry: withOtel(), handlers: { orderPlaced: async () => {} } });
      await expect(checkout.producer.placeOrder({ ...aPlaceOrder('ord-bad'), items: 'none' } as never, { correlationId: 'corr-bad' })).rejects.toThrow(/items/);
      const span = getOtel().spans().find((s) => s.attributes['catwire.message'] === 'place-order@1.0.0' && s.status.code === SpanStatusCode.ERROR && s.kind === SpanKind.PRODUCER);
      expect(span?.attributes['error.type']).toBe('invalid-payload');
    });
  });
}
