/**
 * The OpenTelemetry SDK as an application would register it for the runtime bench's "on" pass:
 * tracer provider with a batch span processor into the in-memory exporter, meter provider with
 * a periodic reader into the in-memory metric exporter, AsyncLocalStorage context manager.
 * `reset()` drops what was recorded (between runs, so memory stays flat over 50,000-message
 * rounds); `disable()` unregisters it all.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

export interface BenchOtel {
  /** Spans exported since the last reset (after a flush). */
  flushedSpans(): Promise<number>;
  reset(): Promise<void>;
  disable(): Promise<void>;
}

export function enableOtel(): BenchOtel {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 10_000 })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    async flushedSpans() {
      await tracerProvider.forceFlush();
      return spans.getFinishedSpans().length;
    },
    async reset() {
      await tracerProvider.forceFlush();
      spans.reset();
      metricExporter.reset();
    },
    async disable() {
      trace.disable();
      metrics.disable();
      context.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
