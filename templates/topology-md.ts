/** The broker topology as a Mermaid diagram: who publishes to which exchange, and which queue binds what. */

export interface TopologyView {
  readonly exchanges: readonly { readonly id: string; readonly name: string; readonly type: string }[];
  readonly services: readonly {
    readonly id: string;
    readonly label: string;
    readonly queue: { readonly id: string; readonly name: string; readonly retries: readonly string[]; readonly dlq: string } | undefined;
    readonly publishes: readonly { readonly exchange: string; readonly routingKey: string }[];
    /** Named queues the service's permanent failures may be routed to (dotted edges). */
    readonly businessDeadLetters?: readonly { readonly id: string; readonly name: string; readonly queue: string }[];
  }[];
  readonly bindings: readonly { readonly exchange: string; readonly queue: string; readonly routingKey: string }[];
}

/**
 * Mermaid labels take entity codes, not backslash escapes. Angle brackets are coded too: Mermaid
 * renders labels as HTML, so catalog text must not become markup; line breaks of every kind
 * become the one `<br/>` catwire writes.
 */
const label = (text: string) =>
  `"${text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/`/g, '#96;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\r\n?|[\n\u2028\u2029]/g, '<br/>')}"`;

export function renderTopologyMarkdown(view: TopologyView): string {
  const lines = [
    '# Broker topology',
    '',
    'Exchanges (hexagons), service queues (cylinders) and the routing keys between them; dotted',
    "edges lead from a service to its business dead-letter queues (handlers' permanent failures).",
    '',
    '```mermaid',
    'flowchart LR',
  ];
  for (const e of view.exchanges) lines.push(`  ${e.id}{{${label(`${e.name} (${e.type})`)}}}`);
  for (const s of view.services) {
    lines.push(`  ${s.id}[${label(s.label)}]`);
    if (s.queue) {
      const extras = [...s.queue.retries, s.queue.dlq].join(', ');
      lines.push(`  ${s.queue.id}[(${label(`${s.queue.name}\n${extras}`)})]`, `  ${s.queue.id} --> ${s.id}`);
    }
    for (const d of s.businessDeadLetters ?? []) lines.push(`  ${d.id}[(${label(d.queue)})]`, `  ${s.id} -. ${label(d.name)} .-> ${d.id}`);
  }
  for (const s of view.services) for (const p of s.publishes) lines.push(`  ${s.id} -- ${label(p.routingKey)} --> ${p.exchange}`);
  for (const b of view.bindings) lines.push(`  ${b.exchange} -- ${label(b.routingKey)} --> ${b.queue}`);
  lines.push('```', '');
  return lines.join('\n');
}
