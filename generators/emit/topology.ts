/** The whole system's broker topology as a Mermaid diagram (`topology.md`). */
import { mdHeader } from '../../templates/header.js';
import { renderTopologyMarkdown } from '../../templates/topology-md.js';
import type { CatalogModel } from '../model/types.js';
import type { PlannedFile } from './planned.js';

export function emitTopology(model: CatalogModel): PlannedFile[] {
  const plans = model.codegen.services;
  const exchanges = new Map<string, string>();
  for (const plan of plans) for (const e of plan.topology.exchanges) exchanges.set(e.name, e.type);
  const exchangeNames = [...exchanges.keys()].sort();
  const exchangeId = new Map(exchangeNames.map((name, i) => [name, `x${i + 1}`]));
  const queueId = new Map(plans.map((p, i) => [p.queue, `q${i + 1}`]));
  const view = {
    exchanges: exchangeNames.map((name) => ({ id: exchangeId.get(name) as string, name, type: exchanges.get(name) as string })),
    services: plans.map((plan, i) => {
      const main = plan.topology.queues.find((q) => q.role === 'main');
      return {
        id: `s${i + 1}`,
        label: plan.service.name,
        queue: main && {
          id: queueId.get(plan.queue) as string,
          name: main.name,
          retries: plan.topology.queues.filter((q) => q.role === 'retry').map((q) => q.name),
          dlq: plan.topology.queues.find((q) => q.role === 'dead-letter')?.name ?? '',
        },
        businessDeadLetters: plan.businessDeadLetters.map((d, j) => ({ id: `d${i + 1}_${j + 1}`, name: d.name, queue: d.queue })),
        publishes: [...new Map(plan.sends.map((p) => [`${p.exchange} ${p.routingKey}`, { exchange: exchangeId.get(p.exchange) as string, routingKey: p.routingKey }])).values()],
      };
    }),
    bindings: plans.flatMap((plan) =>
      plan.topology.bindings.map((b) => ({ exchange: exchangeId.get(b.exchange) as string, queue: queueId.get(b.queue) as string, routingKey: b.routingKey })),
    ),
  };
  return [{ path: 'topology.md', header: mdHeader, render: () => renderTopologyMarkdown(view) }];
}
