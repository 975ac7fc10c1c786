/**
 * Contract tests per service (`contract-tests/<service>.test.ts`) and their support module.
 * Everything a test asserts is decided here from the plan: the payloads (catalog examples and
 * samples that validate), the handler files, and each sender → receiver pair of a message with
 * the exchange, routing key and envelope the catalog implies.
 */
import path from 'node:path';
import { tsHeader } from '../../templates/header.js';
import { renderContractTest, renderContractTestData, type ContractTestView, type PairView, type ServiceRefView } from '../../templates/contract-test.js';
import { renderContractTestSupport } from '../../templates/contract-test-support.js';
import { stubMessage } from '../../templates/stub.js';
import { applySteps } from '../model/casters.js';
import { userOwned } from './casters.js';
import type { BridgePlan, CasterPlan, CatalogModel, MessagePlan, ServicePlan } from '../model/types.js';
import { jsonSchemaOf, relativeSpecifier, runtimeSpecifier, type EmitOptions } from './files.js';
import type { PlannedFile } from './planned.js';
import { samplesFor } from './sample.js';

const DIR = 'contract-tests';
const SUPPORT = `${DIR}/support.ts`;
const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Who receives each message id: every sender looks its receivers up here (not in every plan). */
type Receivers = ReadonlyMap<string, readonly { readonly plan: ServicePlan; readonly receive: MessagePlan }[]>;

function receiversById(plans: readonly ServicePlan[]): Receivers {
  const byId = new Map<string, { plan: ServicePlan; receive: MessagePlan }[]>();
  for (const plan of plans) {
    for (const receive of plan.receives) {
      const id = receive.type.message.id;
      const list = byId.get(id);
      if (list) list.push({ plan, receive });
      else byId.set(id, [{ plan, receive }]);
    }
  }
  return byId;
}

/** Why a sender's message never reaches a receiver, by `receiver\0message\0sender`, from the model's major mismatches. */
type NeverArrives = ReadonlyMap<string, string>;

const pairKey = (receiver: string, message: string, sender: string) => `${receiver}\u0000${message}\u0000${sender}`;

function neverArrives(model: CatalogModel): NeverArrives {
  const reasons = new Map<string, string>();
  for (const m of model.majorMismatches) {
    const r = m.receiver;
    for (const s of m.senders) {
      reasons.set(
        pairKey(r.service.id, m.messageId, s.service.id),
        `never arrives: ${r.service.id} receives "${m.messageId}" at ${r.message.version} (major ${r.major}) and ${s.service.id} sends ${s.message.version} (major ${s.major}), which travels under another routing key (catalog error CW013)`,
      );
    }
  }
  return reasons;
}

export function emitContractTests(model: CatalogModel, options: EmitOptions): PlannedFile[] {
  const plans = model.codegen.services;
  const receivers = receiversById(plans);
  const never = neverArrives(model);
  const files = plans.filter((p) => p.sends.length + p.receives.length > 0).flatMap((p) => serviceTest(p, receivers, never, options));
  if (files.length === 0) return [];
  const support = { runtimeImport: runtimeSpecifier(options, SUPPORT), params: placeholderValues(plans) };
  return [{ path: SUPPORT, header: tsHeader, render: () => renderContractTestSupport(support) }, ...files];
}

/**
 * Every `{param}` in a name gets a fixed value, so that the tests need no configuration: one the
 * catalog allows (its default when that is allowed, else the first of its `enum`), or
 * `contract-test` for a parameter the catalog leaves open.
 */
function placeholderValues(plans: readonly ServicePlan[]): Record<string, string> {
  const names = new Set<string>();
  const defined = new Map<string, ServicePlan['parameters'][string]>();
  for (const plan of plans) {
    const t = plan.topology;
    for (const name of [...t.exchanges.map((e) => e.name), ...t.queues.map((q) => q.name), ...t.bindings.map((b) => b.routingKey)]) {
      for (const m of name.matchAll(PLACEHOLDER)) names.add(m[1] as string);
    }
    for (const [name, p] of Object.entries(plan.parameters)) if (!defined.has(name)) defined.set(name, p);
  }
  return Object.fromEntries([...names].sort().map((n) => [n, allowedValue(defined.get(n))]));
}

function allowedValue(p: ServicePlan['parameters'][string] | undefined): string {
  if (p?.enum && p.enum.length > 0) return p.default !== undefined && p.enum.includes(p.default) ? p.default : (p.enum[0] as string);
  return p?.default ?? 'contract-test';
}

/** What crosses a major through a caster: the copy's routing key and version, and what arrives. */
function bridgedPair(send: MessagePlan, receive: MessagePlan, source: string, payload: unknown, reply: unknown, userCasters: ReadonlySet<string> | undefined): Partial<PairView> {
  const sent = send.type.message;
  const received = receive.type.message;
  if (sent.version.split('.')[0] === received.version.split('.')[0]) return {};
  const cast = (c: CasterPlan | undefined, value: unknown) =>
    // A user-written caster (even of a derivable pair) is checked against the old schema only.
    !c ? undefined : c.derivation.derivable && !userOwned(c, userCasters) ? { value: applySteps(c.derivation.steps, value) } : ('unchecked' as const);
  const find = (bridges: readonly BridgePlan[], m: typeof sent) => bridges.find((b) => b.type.message === m);
  // An event's sender publishes a downcast copy under the old major's key and a derived id.
  const down = find(send.bridges, received);
  if (down) {
    return {
      routingKey: down.routingKey,
      envelope: { type: sent.id, version: received.version, source },
      bridged: { payload: cast(down.old.caster, payload) ?? 'unchecked', idSuffix: `.v${down.old.major}` },
    };
  }
  // A command's or query's receiver upcasts the old major; a query's reply comes back downcast.
  const up = find(receive.bridges, sent);
  if (!up) return {};
  return { bridged: { payload: cast(up.old.caster, payload) ?? 'unchecked', idSuffix: undefined, reply: cast(up.old.replyCaster, reply) } };
}

const label = (p: MessagePlan) => `${p.type.message.kind} ${p.type.message.id}@${p.type.message.version}`;
const serviceLabel = (plan: ServicePlan) => `${plan.service.name} (${plan.service.id})`;

/** A message's samples are needed by its sender's test and by every pair: sampled once per schema. */
const sampled = new WeakMap<object, ReturnType<typeof samplesFor>>();
function samplesOnce(schema: unknown): ReturnType<typeof samplesFor> {
  if (typeof schema !== 'object' || schema === null) return samplesFor(schema);
  let samples = sampled.get(schema);
  if (!samples) sampled.set(schema, (samples = samplesFor(schema)));
  return samples;
}

/** Samples first (they validate by construction), then the catalog's examples as written. */
function payloadsOf(p: MessagePlan): { name: string; payload: unknown }[] {
  const m = p.type.message;
  const schema = jsonSchemaOf(m.schema);
  // Without a JSON Schema nothing is validated, so any object is a payload.
  const samples = schema === undefined ? [{ shape: 'minimal', payload: {} }] : samplesOnce(schema);
  return [
    ...samples.map((s) => ({ name: `sample (${s.shape})`, payload: s.payload })),
    ...m.examples.map((e) => ({ name: path.posix.basename(e.file), payload: e.content })),
  ];
}

function replyOf(p: MessagePlan): { reply: unknown } | undefined {
  const m = p.type.message;
  if (m.kind !== 'query') return { reply: undefined };
  const schema = jsonSchemaOf(m.responseSchema);
  if (schema === undefined) return { reply: {} };
  const [first] = samplesOnce(schema);
  return first && { reply: first.payload };
}

/** The service's test file and, when its tests need data, the data module beside it. */
function serviceTest(plan: ServicePlan, receivers: Receivers, never: NeverArrives, options: EmitOptions): PlannedFile[] {
  const file = `${DIR}/${plan.stubDir}.test.ts`;
  const dataFile = `${plan.stubDir}.payloads`;
  const { layout } = options;
  const stubFile = (module: string) => `${layout.handlers}/${module}.ts`;
  const handlersFromOut = path.posix.relative(layout.out, layout.handlers);
  const handlersImport = relativeSpecifier(file, `${handlersFromOut.startsWith('.') ? '' : './'}${handlersFromOut}/${plan.stubDir}/index.js`);

  // Each sent message's payloads: all of them in its own test, the first in each pair.
  const sends = plan.sends.map((s) => ({ key: s.key, label: label(s), payloads: payloadsOf(s) }));
  const pairs: PairView[] = [];
  const consumers = new Map<string, ServicePlan>();
  for (const [i, send] of plan.sends.entries()) {
    const m = send.type.message;
    const [payload] = (sends[i] as (typeof sends)[number]).payloads;
    for (const { plan: other, receive } of receivers.get(m.id) ?? []) {
      if (other !== plan) consumers.set(other.service.id, other);
      const reply = replyOf(receive);
      const missing = !payload
        ? 'no payload: the schema is too constrained to sample and the catalog has no example. Add an example to the message'
        : !reply
          ? 'no reply: the reply schema is too constrained to sample'
          : undefined;
      pairs.push({
        sendKey: send.key,
        label: label(send),
        consumer: { id: other.service.id, label: serviceLabel(other), key: receive.key },
        query: m.kind === 'query',
        missing,
        never: never.get(pairKey(other.service.id, m.id, plan.service.id)),
        exchange: send.exchange,
        routingKey: send.routingKey,
        envelope: { type: m.id, version: m.version, source: plan.service.id },
        refusals: receive.type.queryErrors?.map((e) => e.name),
        deadLetters: m.kind === 'query' ? undefined : other.businessDeadLetters.map((d) => ({ name: d.name, queue: d.queue })),
        ...bridgedPair(send, receive, plan.service.id, payload?.payload, reply?.reply, options.userCasters),
      });
    }
  }
  const ref = (p: ServicePlan): ServiceRefView => ({
    id: p.service.id,
    contractConst: p.names.contract,
    start: p.names.start,
    from: relativeSpecifier(file, `./${p.module}/index.js`),
    replies: Object.fromEntries(p.receives.filter((r) => r.type.message.kind === 'query').map((r) => [r.key, replyOf(r)?.reply ?? {}])),
  });
  const view: ContractTestView = {
    serviceLabel: serviceLabel(plan),
    serviceId: plan.service.id,
    catalogFile: `${layout.catalog}/${plan.service.file}`,
    external: plan.service.externalSystem,
    supportImport: './support.js',
    dataImport: `./${dataFile}.js`,
    handlersImport: plan.receives.length > 0 && !plan.service.externalSystem ? handlersImport : undefined,
    handlersIndex: stubFile(`${plan.stubDir}/index`),
    services: [ref(plan), ...[...consumers.values()].map(ref)],
    sends,
    receives: plan.receives.map((r) => ({ key: r.key, label: label(r), file: stubFile(r.stubModule), stub: stubMessage(label(r), serviceLabel(plan)) })),
    pairs,
  };
  const data = renderContractTestData(view);
  return [
    { path: file, header: tsHeader, render: () => renderContractTest(view) },
    ...(data === undefined ? [] : [{ path: `${DIR}/${dataFile}.ts`, header: tsHeader, render: () => data }]),
  ];
}
