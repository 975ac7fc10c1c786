/**
 * Per service: the contract module (data + phantom types), the typed producer and consumer
 * modules, and an index re-exporting them.
 */
import { tsHeader } from '../../templates/header.js';
import { renderContract, type ContractMessageView, type ContractView } from '../../templates/contract.js';
import type { ImportView } from '../../templates/imports.js';
import { renderConsumer, renderProducer, renderServiceIndex, type ServiceModulesView } from '../../templates/service-modules.js';
import type { CatalogModel, MessagePlan, ServicePlan } from '../model/types.js';
import { casterSpecifier } from './casters.js';
import { relativeSpecifier, runtimeSpecifier, type EmitOptions } from './files.js';
import type { PlannedFile } from './planned.js';

export function emitServices(model: CatalogModel, options: EmitOptions): PlannedFile[] {
  return model.codegen.services.flatMap((plan) => {
    const view = (module: string) => modulesView(plan, options, module);
    // Templates print finished code; only json-schema-to-typescript's output needs formatting.
    const modules: [string, () => string][] = [
      ['contract', () => renderContract(contractView(plan, options))],
      ['producer', () => renderProducer(view('producer'))],
      ['consumer', () => renderConsumer(view('consumer'))],
      ['index', () => renderServiceIndex(view('index'))],
    ];
    return modules.map(([name, render]) => ({ path: `${plan.module}/${name}.ts`, header: tsHeader, render }));
  });
}

function messageView(p: MessagePlan): ContractMessageView {
  const m = p.type.message;
  return {
    key: p.key,
    doc: [...(m.summary ? [m.summary] : []), `${m.kind} ${m.id}@${m.version} — exchange ${p.exchange}, routing key ${p.routingKey}.`],
    payloadType: p.type.typeName,
    responseType: p.type.responseTypeName,
    data: { id: m.id, version: m.version, kind: m.kind, exchange: p.exchange, routingKey: p.routingKey },
    schemaName: p.type.schemaName,
    responseSchemaName: p.type.responseSchemaName,
    bridges: p.bridges.map((b) => ({
      version: b.type.message.version,
      routingKey: b.routingKey,
      schemaName: b.type.schemaName,
      responseSchemaName: b.type.responseSchemaName,
      cast: b.old.caster.functionName,
      castReply: b.old.replyCaster?.functionName,
    })),
  };
}

function contractView(plan: ServicePlan, options: EmitOptions): ContractView {
  const file = `${plan.module}/contract.ts`;
  const typeImports = new Map<string, ImportView['names'][number][]>();
  for (const p of [...plan.sends, ...plan.receives]) {
    const from = relativeSpecifier(file, `./${p.type.module}.js`);
    const names = [
      { name: p.type.typeName, type: true },
      { name: p.type.schemaName, type: false },
      ...(p.type.responseTypeName && p.type.responseSchemaName
        ? [{ name: p.type.responseTypeName, type: true }, { name: p.type.responseSchemaName, type: false }]
        : []),
    ];
    const seen = typeImports.get(from) ?? [];
    for (const n of names) if (!seen.some((s) => s.name === n.name)) seen.push(n);
    typeImports.set(from, seen);
  }
  // Bridged older majors: their schemas, and the casters (generated, or the user's).
  const add = (from: string, name: string) => {
    const seen = typeImports.get(from) ?? [];
    if (!seen.some((s) => s.name === name)) seen.push({ name, type: false });
    typeImports.set(from, seen);
  };
  for (const p of [...plan.sends, ...plan.receives]) {
    for (const b of p.bridges) {
      const types = relativeSpecifier(file, `./${b.type.module}.js`);
      add(types, b.type.schemaName);
      if (b.old.replyCaster && b.type.responseSchemaName) add(types, b.type.responseSchemaName);
      for (const c of [b.old.caster, b.old.replyCaster]) if (c) add(casterSpecifier(c, file, options.layout), c.functionName);
    }
  }
  const s = plan.service;
  return {
    imports: [
      { from: runtimeSpecifier(options, file), names: [{ name: 'defineMessage', type: false }, { name: 'ServiceContract', type: true }] },
      ...[...typeImports].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, names]) => ({ from, names })),
    ],
    doc: [`${s.name} (${s.id}@${s.version})${s.summary ? `: ${s.summary}` : ''}`, '', `Catalog: ${s.file}`],
    constName: plan.names.contract,
    typeName: plan.names.contractType,
    service: { id: s.id, name: s.name, version: s.version },
    queue: plan.queue,
    prefetch: plan.prefetch,
    retryDelaysMs: plan.retryDelaysMs,
    sends: plan.sends.map(messageView),
    receives: plan.receives.map(messageView),
    topology: plan.topology,
    parameters: plan.parameters,
  };
}

function modulesView(plan: ServicePlan, options: EmitOptions, module: string): ServiceModulesView {
  return {
    runtimeImport: runtimeSpecifier(options, `${plan.module}/${module}.ts`),
    serviceLabel: `${plan.service.name} (${plan.service.id})`,
    contractConst: plan.names.contract,
    contractType: plan.names.contractType,
    producer: plan.names.producer,
    handlers: plan.names.handlers,
    context: plan.names.context,
    start: plan.names.start,
    sends: plan.sends.map((p) => p.key),
    receives: plan.receives.map((p) => p.key),
  };
}
