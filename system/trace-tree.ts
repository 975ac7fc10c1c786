/**
 * What catwire's OpenTelemetry spans look like without a collector: `captureTraces()` registers
 * the SDK in this process (an in-memory exporter and the AsyncLocalStorage context manager, as
 * an application registers its own before starting services), and `renderTraceTree` prints
 * one trace as an indented tree: span, service, message, outcome, start offset and duration.
 * `npm start -- --trace-tree` prints the trace of the first checkout this way.
 */
import { context, metrics, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface TraceCapture {
  spans(): ReadableSpan[];
  /** Resolves once no span ended for `quietMs` (the last acknowledgements of a flow), at most `maxMs`. */
  settled(quietMs?: number, maxMs?: number): Promise<void>;
  /**
   * The trace of the first message `messageId` (catalog id) sent with this correlation id,
   * rendered; undefined if there is none. `label` names a service by its id.
   */
  treeOf(correlationId: string, messageId: string, label?: (serviceId: string) => string): string | undefined;
  /** Waits for the flow to settle, then writes `treeOf` to stdout. */
  print(correlationId: string, messageId: string, label?: (serviceId: string) => string): Promise<void>;
  close(): Promise<void>;
}

export function captureTraces(): TraceCapture {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  const spans = () => exporter.getFinishedSpans();
  const capture: TraceCapture = {
    spans,
    async settled(quietMs = 200, maxMs = 3_000) {
      const deadline = Date.now() + maxMs;
      let seen = -1;
      while (spans().length !== seen && Date.now() < deadline) {
        seen = spans().length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
      }
    },
    treeOf(correlationId, messageId, label) {
      const first = spans()
        .filter((s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.conversation_id'] === correlationId)
        .filter((s) => String(s.attributes['catwire.message']).startsWith(`${messageId}@`))
        .sort((a, b) => nanos(a.startTime) - nanos(b.startTime))[0];
      if (first === undefined) return undefined;
      const traceId = first.spanContext().traceId;
      return renderTraceTree(
        spans().filter((s) => s.spanContext().traceId === traceId),
        label,
      );
    },
    async print(correlationId, messageId, label) {
      await capture.settled();
      const tree = capture.treeOf(correlationId, messageId, label) ?? `no trace of ${messageId} in flow ${correlationId}`;
      process.stdout.write(`\n### OpenTelemetry trace of ${messageId}\n\n${tree}\n`);
    },
    async close() {
      trace.disable();
      metrics.disable();
      context.disable();
      await provider.shutdown();
    },
  };
  return capture;
}

type Time = readonly [number, number];
const nanos = (t: Time) => t[0] * 1e9 + t[1];
const ms = (n: number) => `${(n / 1e6).toFixed(1)} ms`;

/** One trace as a tree, children under their parent in start order; spans whose parent is absent are roots. */
export function renderTraceTree(spans: readonly ReadableSpan[], label: (serviceId: string) => string = (id) => id): string {
  if (spans.length === 0) return '';
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent !== undefined && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), span]);
    else roots.push(span);
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan) => nanos(a.startTime) - nanos(b.startTime);
  const origin = Math.min(...spans.map((s) => nanos(s.startTime)));
  const services = new Set(spans.map((s) => s.attributes['catwire.service']).filter((s) => s !== undefined));
  const lines = [`trace ${spans[0]?.spanContext().traceId}: ${spans.length} spans, ${services.size} services`];

  const describe = (s: ReadableSpan) => {
    const a = s.attributes;
    const parts = [s.name, `[${label(String(a['catwire.service']))}]`];
    if (a['catwire.message'] !== undefined) parts.push(String(a['catwire.message']));
    if (a['catwire.outcome'] !== undefined) parts.push(`→ ${String(a['catwire.outcome'])}${a['catwire.dead_letter.reason'] ? ` (${String(a['catwire.dead_letter.reason'])})` : ''}`);
    if (s.status.code === SpanStatusCode.ERROR) parts.push(`ERROR ${s.status.message ?? ''}`.trim());
    parts.push(`+${ms(nanos(s.startTime) - origin)}`, `(${ms(nanos(s.duration))})`);
    return parts.join('  ');
  };
  const walk = (span: ReadableSpan, prefix: string, last: boolean, root: boolean) => {
    lines.push(root ? describe(span) : `${prefix}${last ? '└─ ' : '├─ '}${describe(span)}`);
    const kids = (children.get(span.spanContext().spanId) ?? []).sort(byStart);
    const next = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
    kids.forEach((kid, i) => walk(kid, next, i === kids.length - 1, false));
  };
  for (const root of roots.sort(byStart)) walk(root, '', true, true);
  return lines.join('\n');
}
