/**
 * The code generation plan: which services and message versions get code, and every name,
 * module path, exchange, routing key and queue that code uses — decided here, once.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import {
  channelExchange, checkQueueNames, checkRoutingKeyIsLiteral, DEFAULT_EXCHANGE, isAmqpChannel, queueSettings, routingKey, warnForeignProtocol, type Exchange,
} from './amqp.js';
import { FILE_NAME_SCOPE, fileName, identifier, GENERATED_MODULE_NAMES, idWords, nameClaimer, uniqueFileNames, versionSuffix, type ScopeOptions } from './naming.js';
import type { FileLines } from './checks.js';
import { RouteGroups } from './routes.js';
import { compareVersionsDesc } from './versions.js';
import type {
  Channel, ChannelUse, CodegenPlan, Message, MessagePlan, MessageUse, QueuePlan, ReceivePlan, Service, ServicePlan, TopologyPlan, TypePlan,
} from './types.js';

const VERB = { event: 'publish', command: 'send', query: 'request' } as const;

/**
 * `leaveOut` names services to leave out and why (what `generate --partial` must not write: see
 * touched.ts); services whose messages do not resolve are always left out.
 */
export function planCodegen(
  services: readonly Service[],
  channels: readonly Channel[],
  lineOf: FileLines,
  diagnostics: Diagnostic[],
  leaveOut: (service: Service) => string | undefined = () => undefined,
): CodegenPlan {
  const latest = services.filter((s) => s.latest);
  const skipped: { service: Service; reason: string }[] = [];
  const planned: Service[] = [];
  for (const service of latest) {
    const unresolved = [...service.sends, ...service.receives].filter((use) => !use.target).map((use) => `${use.id}@${use.version}`);
    const touched = unresolved.length > 0 ? undefined : leaveOut(service);
    if (unresolved.length > 0) skipped.push({ service, reason: `unresolved messages: ${unresolved.join(', ')}` });
    else if (touched) skipped.push({ service, reason: `an error touches it (${touched})` });
    else planned.push(service);
  }

  const uses = planned.flatMap((s) => [...s.sends, ...s.receives]);
  const messages = uniqueMessages(uses.map((u) => u.target as Message));
  const globals = globalNames(planned, messages);
  const types = messages.map((m) => typePlan(m, globals, lineOf, diagnostics));
  const typeOf = new Map(types.map((t) => [key(t.message), t]));
  // Once per message: a routing key problem is reported once, not once per sender and receiver.
  const routingKeys = new Map(messages.map((m) => [key(m), routingKey(m, diagnostics)]));
  const exchanges = exchangesByMessage(uses, new RouteGroups(channels), lineOf, diagnostics);
  for (const m of messages) checkRoutingKeyIsLiteral(m, routingKeys.get(key(m)) as string, exchanges.get(m.id) as Exchange, diagnostics);
  const moduleNames = uniqueFileNames(new Map(planned.map((s) => [s.id, fileName(s.id, 'service')])));

  const servicePlans = planned.map((service): ServicePlan => {
    const base = moduleNames.get(service.id) as string;
    const settings = queueSettings(service, diagnostics);
    const plan = (use: MessageUse, name: string): MessagePlan => {
      const message = use.target as Message;
      const exchange = exchanges.get(message.id) as Exchange;
      return {
        key: name,
        type: typeOf.get(key(message)) as TypePlan,
        exchange: exchange.name,
        exchangeType: exchange.type,
        routingKey: routingKeys.get(key(message)) as string,
      };
    };
    const message = (use: MessageUse) => use.target as Message;
    const sendKeys = uniqueByPosition(service.sends, (u) => sendKey(message(u)));
    const receiveKeys = uniqueByPosition(service.receives, (u) => identifier(idWords(message(u).id, 'message'), 'camel', 'message'));
    const stubNames = uniqueByPosition(service.receives, (u) => fileName(message(u).id, 'handler'), FILE_NAME_SCOPE);
    const sends = service.sends.map((use, i) => plan(use, sendKeys[i] as string));
    // Spelled out, not spread: see model/kinds.ts on hidden classes.
    const receives = service.receives.map((use, i): ReceivePlan => {
      const p = plan(use, receiveKeys[i] as string);
      return {
        key: p.key,
        type: p.type,
        exchange: p.exchange,
        exchangeType: p.exchangeType,
        routingKey: p.routingKey,
        stubModule: `${base}/${stubNames[i]}`,
        bindExchanges: [p.exchange],
      };
    });
    const queue = base;
    const names = globals.service.get(service.id) as ServicePlan['names'];
    const built = topology(queue, settings, sends, receives, exchanges);
    checkQueueNames(service, built.queues.map((q) => q.name), diagnostics);
    return {
      service,
      module: `services/${base}`,
      stubDir: base,
      names,
      queue,
      prefetch: settings.prefetch,
      retryDelaysMs: settings.retryDelaysMs,
      sends,
      receives,
      topology: built,
      parameters: serviceParameters([...sends, ...receives], exchanges),
    };
  });
  return { types, services: servicePlans, skipped };
}

const key = (m: Message) => `${m.id}@${m.version}`;

/** UNIQUE_IN_SCOPE over a list in list order: the first item wanting a name keeps it. */
function uniqueByPosition<T>(list: readonly T[], name: (item: T) => string, scope: ScopeOptions = {}): string[] {
  const claim = nameClaimer(scope);
  return list.map((item) => claim(name(item)));
}

function uniqueMessages(list: readonly Message[]): Message[] {
  const byKey = new Map(list.map((m) => [key(m), m]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as Message);
}

function sendKey(message: Message): string {
  return identifier(`${VERB[message.kind]} ${idWords(message.id, 'message')}`, 'camel', VERB[message.kind]);
}

interface GlobalNames {
  readonly service: ReadonlyMap<string, ServicePlan['names']>;
  readonly type: ReadonlyMap<string, { typeName: string; responseTypeName: string | undefined; schemaName: string; responseSchemaName: string | undefined; module: string }>;
}

/**
 * Every exported identifier of the generated code shares one scope, so that no module ever
 * imports two things of the same name; service names are claimed first.
 */
function globalNames(services: readonly Service[], messages: readonly Message[]): GlobalNames {
  const wanted = new Map<string, string>();
  const serviceParts = ['Contract', 'Producer', 'Handlers', 'Context'] as const;
  for (const s of services) {
    const pascal = identifier(s.id, 'pascal', 'Service');
    wanted.set(`a:${s.id}:contract`, identifier(`${idWords(s.id, 'service')} contract`, 'camel', 'serviceContract'));
    for (const part of serviceParts) wanted.set(`a:${s.id}:${part}`, `${pascal}${part}`);
    wanted.set(`a:${s.id}:start`, `start${pascal}`);
  }
  // Only an id used in several versions needs the version in its names; the newest keeps the plain name.
  const newest = new Map<string, Message>();
  for (const m of messages) {
    const seen = newest.get(m.id);
    if (!seen || compareVersionsDesc(m.version, seen.version) < 0) newest.set(m.id, m);
  }
  const versioned = (m: Message) => newest.get(m.id) !== m;
  for (const m of messages) {
    const base = `${identifier(idWords(m.id, 'message'), 'pascal', 'Message')}${versioned(m) ? versionSuffix(m.version) : ''}`;
    wanted.set(`b:${key(m)}:type`, base);
    if (m.kind === 'query') wanted.set(`b:${key(m)}:response`, `${base}Response`);
  }
  // Claimed in key order, services (a:) before types (b:): as one uniqueInScope over all of them.
  const claim = nameClaimer({}, GENERATED_MODULE_NAMES);
  const unique = new Map<string, string>();
  const claimAll = (group: ReadonlyMap<string, string>) => {
    for (const k of [...group.keys()].sort()) unique.set(k, claim(group.get(k) as string));
  };
  claimAll(wanted);
  // Schema constants (c:) are named after their (already unique) types: OrderCancelled2 → orderCancelled2Schema.
  const schemas = new Map<string, string>();
  for (const m of messages) {
    schemas.set(`c:${key(m)}:schema`, schemaConstant(unique.get(`b:${key(m)}:type`) as string));
    if (m.kind === 'query') schemas.set(`c:${key(m)}:responseSchema`, schemaConstant(unique.get(`b:${key(m)}:response`) as string));
  }
  claimAll(schemas);
  const fileSuffix = (m: Message) => (versioned(m) ? ` v${m.version.replace(/\./g, ' ')}` : '');
  const modules = uniqueFileNames(new Map(messages.map((m) => [key(m), fileName(`${idWords(m.id, 'message')}${fileSuffix(m)}`, 'message')])));
  const name = (k: string) => unique.get(k) as string;
  return {
    service: new Map(
      services.map((s) => [
        s.id,
        {
          contract: name(`a:${s.id}:contract`),
          contractType: name(`a:${s.id}:Contract`),
          producer: name(`a:${s.id}:Producer`),
          handlers: name(`a:${s.id}:Handlers`),
          context: name(`a:${s.id}:Context`),
          start: name(`a:${s.id}:start`),
        },
      ]),
    ),
    type: new Map(
      messages.map((m) => [
        key(m),
        {
          typeName: name(`b:${key(m)}:type`),
          responseTypeName: m.kind === 'query' ? name(`b:${key(m)}:response`) : undefined,
          schemaName: name(`c:${key(m)}:schema`),
          responseSchemaName: m.kind === 'query' ? name(`c:${key(m)}:responseSchema`) : undefined,
          module: `types/${modules.get(key(m))}`,
        },
      ]),
    ),
  };
}

/** `OrderCreated` → `orderCreatedSchema`; a `_` of a version suffix is kept (`orderV1_0_10Schema`). */
function schemaConstant(typeName: string): string {
  return typeName.includes('_') ? `${typeName[0]?.toLowerCase() ?? ''}${typeName.slice(1)}Schema` : identifier(`${typeName} schema`, 'camel', 'messageSchema');
}

function typePlan(message: Message, globals: GlobalNames, lineOf: FileLines, diagnostics: Diagnostic[]): TypePlan {
  const names = globals.type.get(key(message));
  if (!names) throw new Error(`no names planned for ${key(message)}`);
  const schemaProblem = (schema: Message['schema'], field: string) => {
    if (!schema && !message.declaresSchema) {
      diagnostics.push(
        diagnostic('no-schema', {
          file: message.file,
          line: lineOf(message.file, ['id']),
          field,
          message: `${message.kind} "${message.id}@${message.version}" has no schema, so its payload is typed as a plain object and not validated`,
          fix: 'Add a JSON Schema next to index.mdx and point to it with schemaPath',
        }),
      );
    } else if (schema && schema.format !== 'jsonschema' && schema.format !== 'yaml') {
      diagnostics.push(
        diagnostic('non-json-schema', {
          file: schema.file,
          message: `${schema.format} schemas are not turned into types, so "${message.id}@${message.version}" is typed as a plain object and not validated`,
          fix: 'Add a JSON Schema (schemas: [...] can list both) to get generated types and validation',
        }),
      );
    }
  };
  schemaProblem(message.schema, 'schemaPath');
  if (message.kind === 'query' && !message.responseSchema && message.extensions['x-response-schema'] === undefined) {
    diagnostics.push(
      diagnostic('no-schema', {
        file: message.file,
        line: lineOf(message.file, ['id']),
        field: 'x-response-schema',
        message: `query "${message.id}@${message.version}" has no reply schema, so its response is typed as a plain object and not validated`,
        fix: 'Add a JSON Schema for the reply and point to it with x-response-schema',
      }),
    );
  }
  return { message, ...names };
}

/**
 * One exchange per message id, agreed by its senders and receivers. Channels joined by routes
 * count as one; the exchange is an AMQP channel before others, upstream (no route leads to it)
 * before downstream, and a sender's channel before a receiver's.
 */
function exchangesByMessage(uses: readonly MessageUse[], routes: RouteGroups, lineOf: FileLines, diagnostics: Diagnostic[]): Map<string, Exchange> {
  const result = new Map<string, Exchange>();
  const byId = new Map<string, MessageUse[]>();
  for (const use of uses) byId.set(use.id, [...(byId.get(use.id) ?? []), use]);
  for (const [id, list] of [...byId].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const message = list[0]?.target as Message;
    // Where senders publish comes first: receivers bind there.
    const ordered = [...list.filter((u) => u.direction === 'sends'), ...list.filter((u) => u.direction === 'receives')];
    const candidates = [...ordered.flatMap((u) => u.channels), ...message.channels].filter((c) => c.target);
    const rank = (c: ChannelUse) => (isAmqpChannel(c.target) ? 0 : 2) + (routes.isRouteTarget(c.id) ? 1 : 0);
    const preferred = [...candidates].sort((a, b) => rank(a) - rank(b))[0];
    const exchange =
      (preferred && channelExchange(preferred, message.kind, diagnostics)) ??
      ({ name: DEFAULT_EXCHANGE[message.kind], type: message.kind === 'event' ? 'topic' : 'direct', durable: true, parameters: {} } as const);
    if (preferred?.target) warnForeignProtocol(preferred.target, exchange, lineOf(preferred.target.file, ['protocols']), diagnostics);
    const groups = new Map<string, ChannelUse[]>();
    for (const c of candidates) groups.set(routes.group(c.id), [...(groups.get(routes.group(c.id)) ?? []), c]);
    if (preferred && groups.size > 1) {
      // Named by id (as sends[].to and receives[].from name them), with the address where it differs.
      const named = (c: ChannelUse) => (c.target?.address && c.target.address !== c.id ? `${c.id} (${c.target.address})` : c.id);
      const sets = [...groups.values()].map((group) => [...new Set(group.map(named))].join(' + '));
      diagnostics.push(
        diagnostic('channel-mismatch', {
          file: message.file,
          line: lineOf(message.file, ['id']),
          field: 'id',
          message: `"${id}" is sent and received over channels that no route connects (${sets.join('; ')}); catwire routes it over exchange ${exchange.name} only`,
          fix: `Name the same channel, or channels connected by routes, in every sends[].to and receives[].from of this message`,
        }),
      );
    }
    result.set(id, exchange);
  }
  return result;
}

/**
 * What the runtime needs to fill the service's `{param}` placeholders without configuration:
 * each parameter's catalog default and allowed values. The first channel (by message id) to
 * define a parameter gives its definition.
 */
function serviceParameters(plans: readonly MessagePlan[], exchanges: ReadonlyMap<string, Exchange>): ServicePlan['parameters'] {
  const result = new Map<string, ServicePlan['parameters'][string]>();
  const used = [...new Set(plans.map((p) => p.type.message.id))].sort();
  for (const id of used) {
    for (const [name, p] of Object.entries(exchanges.get(id)?.parameters ?? {})) {
      if (result.has(name) || (p.default === undefined && p.enum === undefined)) continue;
      result.set(name, { default: p.default, enum: p.enum });
    }
  }
  return Object.fromEntries([...result].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function topology(
  queue: string,
  settings: ReturnType<typeof queueSettings>,
  sends: readonly MessagePlan[],
  receives: readonly ReceivePlan[],
  exchanges: ReadonlyMap<string, Exchange>,
): TopologyPlan {
  const used = new Map<string, TopologyPlan['exchanges'][number]>();
  for (const p of [...sends, ...receives]) {
    const e = exchanges.get(p.type.message.id) as Exchange;
    // What the broker declares; the parameters travel in the contract's own field.
    used.set(p.exchange, { name: e.name, type: e.type, durable: e.durable });
  }
  const queues: QueuePlan[] = [];
  const bindings = new Map<string, { exchange: string; queue: string; routingKey: string }>();
  if (receives.length > 0) {
    queues.push({ name: queue, role: 'main', type: settings.type, ...(settings.deliveryLimit ? { deliveryLimit: settings.deliveryLimit } : {}) });
    for (const delay of [...new Set(settings.retryDelaysMs)]) queues.push({ name: `${queue}.retry.${delay}`, role: 'retry', type: settings.type, delayMs: delay });
    queues.push({ name: `${queue}.dlq`, role: 'dead-letter', type: settings.type });
    for (const r of receives) {
      for (const exchange of r.bindExchanges) bindings.set(`${exchange}\u0000${r.routingKey}`, { exchange, queue, routingKey: r.routingKey });
    }
  }
  return {
    exchanges: [...used.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    queues,
    bindings: [...bindings.values()].sort((a, b) => (a.exchange + a.routingKey < b.exchange + b.routingKey ? -1 : 1)),
  };
}
