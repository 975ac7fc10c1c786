/**
 * Per service: the contract module (data + phantom types), the typed producer and consumer
 * modules, and an index re-exporting them.
 */
import { tsHeader } from '../../templates/header.js';
import { renderContract, type ContractMessageView, type ContractView } from '../../templates/contract.js';
import type { ImportView } from '../../templates/imports.js';
import { renderConsumer, renderProducer, renderServiceIndex, type ServiceMessageView, type ServiceModulesView } from '../../templates/service-modules.js';
import type { CatalogModel, MessagePlan, ServicePlan } from '../model/types.js';
import { casterAvailable, casterSpecifier } from './casters.js';
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

function messageView(p: MessagePlan, userCasters: ReadonlySet<string> | undefined): ContractMessageView {
  const m = p.type.message;
  const errors = p.type.queryErrors;
  const errorDoc =
    errors === undefined ? [] : errors.length === 0 ? ['Never refuses (x-errors: []).'] : [`Errors (ctx.refuse): ${errors.map((e) => (e.description ? `${e.name} — ${e.description}` : e.name)).join('; ')}.`];
  return {
    key: p.key,
    doc: [...(m.summary ? [m.summary] : []), `${m.kind} ${m.id}@${m.version} — exchange ${p.exchange}, routing key ${p.routingKey}.`, ...errorDoc],
    payloadType: p.type.typeName,
    responseType: p.type.responseTypeName,
    data: { id: m.id, version: m.version, kind: m.kind, exchange: p.exchange, routingKey: p.routingKey },
    schemaName: p.type.schemaName,
    responseSchemaName: p.type.responseSchemaName,
    errors: errors?.map((e) => e.name),
    bridges: p.bridges.map((b) => ({
      version: b.type.message.version,
      routingKey: b.routingKey,
      schemaName: b.type.schemaName,
      responseSchemaName: b.type.responseSchemaName,
      cast: b.old.caster.functionName,
      castReply: b.old.replyCaster?.functionName,
      upcast: b.old.recordCaster && casterAvailable(b.old.recordCaster, userCasters) ? b.old.recordCaster.functionName : undefined,
    })),
  };
}

function contractView(plan: ServicePlan, options: EmitOptions): ContractView {
  const file = `${plan.module}/contract.ts`;
  const typeImports = withValueImports(typeImportsOf(file, [...plan.sends, ...plan.receives], true), bridgeImports(plan, file, options));
  const s = plan.service;
  return {
    imports: [
      { from: runtimeSpecifier(options, file), names: [{ name: 'defineMessage', type: false }, { name: 'ServiceContract', type: true }] },
      ...typeImports,
    ],
    doc: [`${s.name} (${s.id}@${s.version})${s.summary ? `: ${s.summary}` : ''}`, '', `Catalog: ${s.file}`],
    constName: plan.names.contract,
    typeName: plan.names.contractType,
    service: { id: s.id, name: s.name, version: s.version },
    queue: plan.queue,
    prefetch: plan.prefetch,
    retryDelaysMs: plan.retryDelaysMs,
    sends: plan.sends.map((p) => messageView(p, options.userCasters)),
    receives: plan.receives.map((p) => messageView(p, options.userCasters)),
    topology: plan.topology,
    businessDeadLetters: Object.fromEntries(plan.businessDeadLetters.map((d) => [d.name, d.description === undefined ? { queue: d.queue } : { queue: d.queue, description: d.description }])),
    parameters: plan.parameters,
  };
}

/**
 * The type modules a service module imports its messages' payload and reply types from, sorted
 * by specifier; the schema constants too when `schemas` (the contract validates with them).
 */
/** Bridged older majors: their schemas, and the casters (generated, or the user's). */
function bridgeImports(plan: ServicePlan, file: string, options: EmitOptions): (readonly [from: string, name: string])[] {
  const names: (readonly [string, string])[] = [];
  for (const p of [...plan.sends, ...plan.receives]) {
    for (const b of p.bridges) {
      const types = relativeSpecifier(file, `./${b.type.module}.js`);
      names.push([types, b.type.schemaName]);
      if (b.old.replyCaster && b.type.responseSchemaName) names.push([types, b.type.responseSchemaName]);
      for (const c of [b.old.caster, b.old.replyCaster, b.old.recordCaster]) {
        if (c && casterAvailable(c, options.userCasters)) names.push([casterSpecifier(c, file, options.layout, options.userCasters), c.functionName]);
      }
    }
  }
  return names;
}

/** Adds value imports to a module's import list, once each, keeping the list sorted by module. */
function withValueImports(imports: readonly ImportView[], extra: readonly (readonly [string, string])[]): ImportView[] {
  const byModule = new Map(imports.map((i) => [i.from, [...i.names]]));
  for (const [from, name] of extra) {
    const seen = byModule.get(from) ?? [];
    if (!seen.some((s) => s.name === name)) seen.push({ name, type: false });
    byModule.set(from, seen);
  }
  return [...byModule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, names]) => ({ from, names }));
}

function typeImportsOf(file: string, plans: readonly MessagePlan[], schemas: boolean): ImportView[] {
  const byModule = new Map<string, ImportView['names'][number][]>();
  for (const p of plans) {
    const from = relativeSpecifier(file, `./${p.type.module}.js`);
    const names = [
      { name: p.type.typeName, type: true },
      ...(schemas ? [{ name: p.type.schemaName, type: false }] : []),
      ...(p.type.responseTypeName ? [{ name: p.type.responseTypeName, type: true }] : []),
      ...(schemas && p.type.responseTypeName && p.type.responseSchemaName ? [{ name: p.type.responseSchemaName, type: false }] : []),
    ];
    const seen = byModule.get(from) ?? [];
    for (const n of names) if (!seen.some((s) => s.name === n.name)) seen.push(n);
    byModule.set(from, seen);
  }
  return [...byModule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, names]) => ({ from, names }));
}

function serviceMessageView(p: MessagePlan): ServiceMessageView {
  const m = p.type.message;
  return {
    key: p.key,
    summary: m.summary,
    kind: m.kind,
    label: `${m.id}@${m.version}`,
    exchange: p.exchange,
    routingKey: p.routingKey,
    payloadType: p.type.typeName,
    responseType: p.type.responseTypeName,
  };
}

function modulesView(plan: ServicePlan, options: EmitOptions, module: string): ServiceModulesView {
  const file = `${plan.module}/${module}.ts`;
  const messages = module === 'producer' ? plan.sends : module === 'consumer' ? plan.receives : [];
  return {
    typeImports: typeImportsOf(file, messages, false),
    runtimeImport: runtimeSpecifier(options, file),
    serviceLabel: `${plan.service.name} (${plan.service.id})`,
    contractConst: plan.names.contract,
    contractType: plan.names.contractType,
    producer: plan.names.producer,
    handlers: plan.names.handlers,
    context: plan.names.context,
    start: plan.names.start,
    sends: plan.sends.map(serviceMessageView),
    receives: plan.receives.map(serviceMessageView),
    deps: depsView(plan, options, module),
  };
}

/** A service's deps type: its own entry, else the default when it has handlers. */
function depsView(plan: ServicePlan, options: EmitOptions, module: string): ServiceModulesView['deps'] {
  const ref = options.deps?.services[plan.service.id] ?? (plan.receives.length > 0 ? options.deps?.default : undefined);
  if (!ref) return undefined;
  // The alias keeps the user's type name from meeting a generated name in the same module.
  return { from: relativeSpecifier(`${plan.module}/${module}.ts`, ref.module), type: ref.type, alias: `${plan.names.context.replace(/Context$/, '')}Deps` };
}
