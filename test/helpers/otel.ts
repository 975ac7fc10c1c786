/**
 * An OpenTelemetry SDK for tests: tracer and meter providers that keep what they record in
 * memory (the SDK's in-memory exporters), read back as finished spans and metric points.
 * `register()` installs them globally, as an application would, with the AsyncLocalStorage
 * context manager; `unregister()` removes them so the next test file in the same worker runs
 * without telemetry.
 */
import { context, metrics, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface MetricPoint {
  readonly name: string;
  readonly attributes: Attributes;
  /** A counter's sum, or a histogram's count. */
  readonly value: number;
}

export interface TestOtel {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  /** Every point of every metric recorded so far (cumulative). */
  points(): Promise<MetricPoint[]>;
  /** Sum of the points of `name` whose attributes include `where`. */
  total(name: string, where?: Attributes): Promise<number>;
  /** Installs the context manager, and the providers too unless `contextOnly`. */
  register(contextOnly?: boolean): void;
  unregister(): void;
  shutdown(): Promise<void>;
}

export function createTestOtel(): TestOtel {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exports when asked (forceFlush), never on a timer: what a test reads is what it recorded.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let contextManager: AsyncLocalStorageContextManager | undefined;

  async function points(): Promise<MetricPoint[]> {
    await reader.forceFlush();
    const last = metricExporter.getMetrics().at(-1);
    const out: MetricPoint[] = [];
    for (const scope of last?.scopeMetrics ?? []) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) {
          const value = metric.dataPointType === DataPointType.HISTOGRAM ? (point.value as { count: number }).count : (point.value as number);
          out.push({ name: metric.descriptor.name, attributes: point.attributes, value });
        }
      }
    }
    return out;
  }

  return {
    tracerProvider,
    meterProvider,
    spans: () => spanExporter.getFinishedSpans(),
    points,
    async total(name, where = {}) {
      const matching = (await points()).filter((p) => p.name === name && Object.entries(where).every(([k, v]) => p.attributes[k] === v));
      return matching.reduce((sum, p) => sum + p.value, 0);
    },
    register(contextOnly = false) {
      contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(contextManager);
      if (contextOnly) return;
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
    },
    unregister() {
      trace.disable();
      metrics.disable();
      context.disable();
      contextManager = undefined;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The spans of one trace as a parent → children map, for walking the tree. */
export function childrenOf(spans: readonly ReadableSpan[]): Map<string | undefined, ReadableSpan[]> {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  return children;
}
