/**
 * OpenTelemetry traces and metrics of a service, through `@opentelemetry/api` alone, after the
 * messaging semantic conventions (RabbitMQ flavour): a PRODUCER span per publish, send or
 * request, a CONSUMER `process` span per delivery handled, and the counters and histograms
 * below. The message's `traceparent` is the producer span's own context, so the consumer's
 * process span is its child (and links to it, as the conventions ask); messages a handler sends
 * are children of the process span. One checkout is then one trace across every service.
 *
 * Telemetry is decided once per service, at start: with no SDK registered (and no provider
 * passed in) `createTelemetry` returns undefined and the runtime takes its uninstrumented
 * paths, so an application without OpenTelemetry pays nothing per message. An SDK has to be
 * registered before services start, as OpenTelemetry's own setup guides say.
 */
import {
  context as contextApi,
  createNoopMeter,
  createTraceState,
  isSpanContextValid,
  metrics,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Link,
  type Meter,
  type MeterProvider,
  type Span,
  type SpanContext,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { Envelope, Lineage } from './envelope.js';
import { errorText } from './errors.js';
import { formatTraceparent, parseTraceparent } from './trace.js';
import type { Delivery, WireMessage } from './wire.js';

export interface TelemetryOptions {
  /** Defaults to the globally registered one (`trace.setGlobalTracerProvider`). */
  readonly tracerProvider?: TracerProvider | undefined;
  /** Defaults to the globally registered one (`metrics.setGlobalMeterProvider`). */
  readonly meterProvider?: MeterProvider | undefined;
}

/** How a delivery was settled; the dispatcher reports one per delivery. */
export type Outcome =
  | { readonly kind: 'ack'; readonly error?: string | undefined }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'retry'; readonly attempt: number; readonly error: string }
  | { readonly kind: 'dead-letter'; readonly reason: string; readonly error: string }
  | { readonly kind: 'requeue' | 'reject'; readonly error: string };

/** What telemetry knows of a sent message before sending it (once per planned message). */
export interface SentMessage {
  readonly label: string;
  readonly kind: 'event' | 'command' | 'query';
  readonly exchange: string;
  readonly routingKey: string;
}

export interface Telemetry {
  /** Instruments one sent message type; made once, used for every message of that type. */
  sender(m: SentMessage): SendTelemetry;
  /**
   * Starts the process span of one delivery. `exchange`/`routingKey`: where it was first
   * published (from its headers after a retry: the span names them, metrics do not).
   */
  process(delivery: Delivery, envelope: Envelope, exchange: string, routingKey: string): Processing;
}

export interface SendTelemetry {
  /** `parent`: the traceparent the message continues (handled message's, or the caller's). */
  start(parent: string | undefined, tracestate: string | undefined): Sending;
}

export interface Sending {
  /** The traceparent the message carries: the producer span's own context. */
  readonly traceparent: string | undefined;
  /** The encoded message: its id, flow (correlation id; absent: its own id) and body size go on the span. */
  encoded(message: WireMessage, correlationId: string | undefined): void;
  /** Confirmed (or replied, for a query), or failed with `error`. */
  end(error?: unknown): void;
}

/** Ends the producer span when the publish settles; uninstrumented, the promise goes back as it is. */
export function endSending(published: Promise<void>, sending: Sending | undefined): Promise<void> {
  if (sending === undefined) return published;
  return published.then(
    () => sending.end(),
    (err: unknown) => {
      sending.end(err);
      throw err;
    },
  );
}

export interface Processing {
  /** Runs the handler with the process span active, so the application's own spans nest under it. */
  run<T>(fn: () => T): T;
  /** The lineage handed to the handler's producer: its messages become children of the process span. */
  lineage(base: Lineage): Lineage;
  /** The delivery was matched to a message of the contract. */
  identified(label: string): void;
  end(outcome: Outcome): void;
}

const SCOPE = '@catwire/runtime';
const maxStatusLength = 300;

// Attribute names: OpenTelemetry messaging semantic conventions, then catwire's own.
const A = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  subscription: 'messaging.destination.subscription.name',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  bodySize: 'messaging.message.body.size',
  routingKey: 'messaging.rabbitmq.destination.routing_key',
  errorType: 'error.type',
  service: 'catwire.service',
  message: 'catwire.message',
  outcome: 'catwire.outcome',
  attempt: 'catwire.attempt',
  deadLetterReason: 'catwire.dead_letter.reason',
  eventType: 'cloudevents.event_type',
} as const;

/**
 * Metric series are made per attribute set, and a delivery's type and origin headers are the
 * sender's word: only names from the contract and the plan go on metrics, so a hostile sender
 * cannot mint unbounded series. What it claimed goes on its own span only.
 */
const UNIDENTIFIED = '(unidentified)';

/** What catwire calls sending each kind of message; also the span name's verb. */
const operationOf = { event: 'publish', command: 'send', query: 'request' } as const;

/** A tracer provider is "set" when the global proxy has a delegate, i.e. an SDK registered one. */
function tracingOn(provider: TracerProvider | undefined): boolean {
  if (provider !== undefined) return true;
  const global = trace.getTracerProvider();
  return !(global instanceof ProxyTracerProvider) || global.getDelegateTracer(SCOPE) !== undefined;
}

const noopMeterType = createNoopMeter().constructor;

export function createTelemetry(service: string, system: 'rabbitmq' | 'memory', queue: string | undefined, options: TelemetryOptions = {}): Telemetry | undefined {
  const tracer = tracingOn(options.tracerProvider) ? (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE) : undefined;
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const metered = meter.constructor !== noopMeterType;
  if (tracer === undefined && !metered) return undefined;
  // The in-memory transport is not RabbitMQ; naming it so would mislead a dashboard.
  const systemName = system === 'rabbitmq' ? 'rabbitmq' : 'catwire_memory';
  return build({ service, system: systemName, queue, tracer: tracer ?? trace.getTracer('noop'), meter: metered ? meter : createNoopMeter() });
}

interface Setup {
  readonly service: string;
  readonly system: string;
  readonly queue: string | undefined;
  readonly tracer: Tracer;
  readonly meter: Meter;
}

interface Instruments {
  readonly sent: Counter;
  readonly sendDuration: Histogram;
  readonly consumed: Counter;
  readonly processDuration: Histogram;
  readonly retried: Counter;
  readonly deadLettered: Counter;
}

function instruments(meter: Meter): Instruments {
  // Durations in seconds, the unit the conventions prescribe.
  return {
    sent: meter.createCounter('messaging.client.sent.messages', { unit: '{message}', description: 'Messages published, sent or requested (confirmed or failed)' }),
    sendDuration: meter.createHistogram('messaging.client.operation.duration', {
      unit: 's',
      description: 'From publish to the broker\'s confirm (to the reply, for a query)',
    }),
    consumed: meter.createCounter('messaging.client.consumed.messages', { unit: '{message}', description: 'Deliveries handled, by outcome' }),
    processDuration: meter.createHistogram('messaging.process.duration', { unit: 's', description: 'From delivery to settlement, handler included' }),
    retried: meter.createCounter('catwire.messages.retried', { unit: '{message}', description: 'Failed deliveries moved to a retry queue' }),
    deadLettered: meter.createCounter('catwire.messages.dead_lettered', { unit: '{message}', description: 'Deliveries moved to the dead-letter queue, by reason' }),
  };
}

/** The remote span context a traceparent (and tracestate) names; undefined when there is none to continue. */
function remoteSpanContext(traceparent: string | undefined, tracestate: string | undefined): SpanContext | undefined {
  const parts = parseTraceparent(traceparent);
  if (parts === undefined) return undefined;
  return {
    traceId: parts.traceId,
    spanId: parts.spanId,
    traceFlags: parts.flags,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
}

/** The span's own traceparent, when the tracer made a new span (a no-op tracer hands back its parent's). */
function ownTraceparent(span: Span, parent: Context | undefined): string | undefined {
  const own = span.spanContext();
  if (!isSpanContextValid(own)) return undefined;
  if (parent !== undefined && trace.getSpanContext(parent)?.spanId === own.spanId) return undefined;
  return formatTraceparent({ traceId: own.traceId, spanId: own.spanId, flags: own.traceFlags });
}

function failed(span: Span, errorType: string, error: string): void {
  span.setAttribute(A.errorType, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.slice(0, maxStatusLength) });
}

function build(setup: Setup): Telemetry {
  const { service, system, tracer } = setup;
  const inst = instruments(setup.meter);
  const seconds = (since: number) => (performance.now() - since) / 1000;

  function sender(m: SentMessage): SendTelemetry {
    const operation = operationOf[m.kind];
    const name = `${operation} ${m.exchange || '(default)'}`;
    const spanAttributes: Attributes = {
      [A.system]: system,
      [A.destination]: m.exchange,
      [A.operationType]: 'send',
      [A.operationName]: operation,
      [A.service]: service,
      [A.message]: m.label,
      ...(m.routingKey ? { [A.routingKey]: m.routingKey } : {}),
    };
    const metricAttributes: Attributes = { [A.system]: system, [A.destination]: m.exchange, [A.operationName]: operation, [A.service]: service, [A.message]: m.label };
    return {
      start(parentTraceparent, tracestate) {
        // The handled message (or the caller's traceparent) is the parent; else whatever span is active.
        const active = contextApi.active();
        const remote = remoteSpanContext(parentTraceparent, tracestate);
        const parent = remote && trace.setSpanContext(active, remote);
        const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes: spanAttributes }, parent ?? active);
        const started = performance.now();
        return {
          traceparent: ownTraceparent(span, parent ?? active),
          encoded(message, correlationId) {
            if (!span.isRecording()) return;
            span.setAttribute(A.bodySize, message.content.length);
            if (message.id !== undefined) span.setAttribute(A.messageId, message.id);
            const conversation = correlationId ?? message.id;
            if (conversation !== undefined) span.setAttribute(A.conversationId, conversation);
          },
          end(error) {
            inst.sendDuration.record(seconds(started), error === undefined ? metricAttributes : { ...metricAttributes, [A.errorType]: errorType(error) });
            inst.sent.add(1, error === undefined ? metricAttributes : { ...metricAttributes, [A.errorType]: errorType(error) });
            if (error !== undefined) failed(span, errorType(error), errorText(error));
            span.end();
          },
        };
      },
    };
  }

  function process(delivery: Delivery, envelope: Envelope, exchange: string, routingKey: string): Processing {
    const started = performance.now();
    const remote = remoteSpanContext(envelope.traceparent, undefined);
    const creation = remote && trace.setSpanContext(ROOT_CONTEXT, remote);
    const links: Link[] = remote === undefined ? [] : [{ context: remote }];
    // Single-message processing: the creation context is the parent as well as the link.
    const span = tracer.startSpan(
      `process ${exchange || '(default)'}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          [A.system]: system,
          [A.destination]: exchange,
          [A.operationType]: 'process',
          [A.operationName]: 'process',
          [A.service]: service,
          [A.messageId]: envelope.messageId,
          [A.conversationId]: envelope.correlationId,
          [A.bodySize]: delivery.content.length,
          [A.eventType]: envelope.type,
          ...(setup.queue ? { [A.subscription]: setup.queue } : {}),
          ...(routingKey ? { [A.routingKey]: routingKey } : {}),
        },
      },
      creation ?? ROOT_CONTEXT,
    );
    const active = trace.setSpan(ROOT_CONTEXT, span);
    const own = ownTraceparent(span, creation);
    let label = UNIDENTIFIED;
    return {
      run: (fn) => contextApi.with(active, fn),
      lineage: (base) => (own === undefined ? base : { ...base, traceparent: own }),
      identified(identifiedLabel) {
        label = identifiedLabel;
        span.setAttribute(A.message, label);
      },
      end(outcome) {
        const attributes: Attributes = { [A.system]: system, [A.service]: service, [A.message]: label, [A.outcome]: outcome.kind };
        if (setup.queue) attributes[A.subscription] = setup.queue;
        span.setAttribute(A.outcome, outcome.kind);
        switch (outcome.kind) {
          case 'retry':
            span.setAttribute(A.attempt, outcome.attempt);
            failed(span, 'handler-failed', outcome.error);
            inst.retried.add(1, { [A.service]: service, [A.message]: label });
            break;
          case 'dead-letter':
            span.setAttribute(A.deadLetterReason, outcome.reason);
            failed(span, outcome.reason, outcome.error);
            inst.deadLettered.add(1, { [A.service]: service, [A.message]: label, [A.deadLetterReason]: outcome.reason });
            break;
          case 'requeue':
          case 'reject':
            failed(span, 'move-failed', outcome.error);
            break;
          case 'ack':
            if (outcome.error !== undefined) failed(span, 'handler-failed', outcome.error);
            break;
          case 'duplicate':
            break;
        }
        inst.consumed.add(1, attributes);
        inst.processDuration.record(seconds(started), attributes);
        span.end();
      },
    };
  }

  return { sender, process };
}

function errorType(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}
