/**
 * The code generation plan: which services and message versions get code, and every name,
 * module path, exchange, routing key and queue that code uses — decided here, once.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import {
  channelExchange, checkQueueNames, checkRoutingKeyIsLiteral, DEFAULT_EXCHANGE, isAmqpChannel, queueSettings, routingKey, warnForeignProtocol, type Exchange,
} from './amqp.js';
import { FILE_NAME_SCOPE, fileName, identifier, GENERATED_MODULE_NAMES, idWords, isReservedWord, nameClaimer, uniqueFileNames, versionSuffix, type ScopeOptions } from './naming.js';
import type { FileLines } from './checks.js';
import { businessDeadLetters, queryErrors } from './failures.js';
import { RouteGroups } from './routes.js';
import { compareVersionsDesc } from './versions.js';
import type {
  BridgePlan, Channel, ChannelUse, CodegenPlan, Message, MessagePlan, MessageUse, Migration, QueuePlan, ReceivePlan, Service, ServicePlan, TopologyPlan, TypePlan,
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
  migrations: readonly Migration[] = [],
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
  // A bridging owner needs the old majors' types even when no planned service pins them any more.
  const bridging = migrations.filter((m) => m.owners.some((o) => planned.includes(o)));
  const messages = uniqueMessages([...uses.map((u) => u.target as Message), ...bridging.flatMap((m) => m.old.map((o) => o.message))]);
  const globals = globalNames(planned, messages, lineOf, diagnostics);
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
    const bridgesOf = (message: Message, direction: 'sends' | 'receives'): BridgePlan[] => {
      // The schema's owner bridges: an event's sender, a command's or query's receiver.
      if ((message.kind === 'event') !== (direction === 'sends')) return [];
      const migration = bridging.find((m) => m.current === message && m.owners.includes(service));
      return (migration?.old ?? []).map((old) => ({
        old,
        type: typeOf.get(key(old.message)) as TypePlan,
        routingKey: routingKeys.get(key(old.message)) as string,
      }));
    };
    const plan = (use: MessageUse, name: string): MessagePlan => {
      const message = use.target as Message;
      const exchange = exchanges.get(message.id) as Exchange;
      return {
        key: name,
        type: typeOf.get(key(message)) as TypePlan,
        exchange: exchange.name,
        exchangeType: exchange.type,
        routingKey: routingKeys.get(key(message)) as string,
        bridges: bridgesOf(message, use.direction),
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
        bridges: p.bridges,
        stubModule: `${base}/${stubNames[i]}`,
        bindExchanges: [p.exchange],
      };
    });
    const queue = base;
    const names = globals.service.get(service.id) as ServicePlan['names'];
    const own = topology(queue, settings, sends, receives, exchanges);
    checkQueueNames(service, own.queues.map((q) => q.name), diagnostics);
    const deadLetters = businessDeadLetters(service, queue, own.queues.map((q) => q.name), receives.length > 0, lineOf, diagnostics);
    const built: TopologyPlan = {
      exchanges: own.exchanges,
      queues: [...own.queues, ...deadLetters.map((d): QueuePlan => ({ name: d.queue, role: 'business-dead-letter', type: settings.type }))],
      bindings: own.bindings,
    };
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
      businessDeadLetters: deadLetters,
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

/** The catalog key that sets a message's generated type name (and through it its module and schema constant). */
export const NAME_KEY = 'x-catwire-name';

/**
 * The name a message's catalog entry chooses with `x-catwire-name`: a TypeScript identifier
 * that is no reserved word and no name the generated modules use themselves (CW056 otherwise).
 */
function chosenName(m: Message, lineOf: FileLines, diagnostics: Diagnostic[]): string | undefined {
  const value = m.extensions[NAME_KEY];
  if (value === undefined) return undefined;
  const refuse = (problem: string) => {
    diagnostics.push(
      diagnostic('invalid-generated-name', {
        file: m.file,
        line: lineOf(m.file, [NAME_KEY]),
        field: NAME_KEY,
        message: `${problem}, so the generated name of ${m.kind} "${m.id}@${m.version}" is derived from its id`,
        fix: 'Use a TypeScript identifier in PascalCase, e.g. OrderCancelledByCustomer',
      }),
    );
    return undefined;
  };
  if (typeof value !== 'string') return refuse(`${NAME_KEY} is not a string`);
  if (!/^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u.test(value)) return refuse(`${JSON.stringify(value)} is not a TypeScript identifier`);
  if (isReservedWord(value)) return refuse(`${JSON.stringify(value)} is a reserved word`);
  if (GENERATED_MODULE_NAMES.includes(value)) return refuse(`${JSON.stringify(value)} is a name the generated modules use themselves`);
  return value;
}

/**
 * Every exported identifier of the generated code shares one scope, so that no module ever
 * imports two things of the same name. Names a catalog chose (`x-catwire-name`) are claimed
 * first, then service names, then the names derived from message ids. A derived name that is
 * taken is numbered (`OrderCancelled2`), which works but reads as an accident and depends on
 * how the ids sort: it is reported (CW055) with both resources, so one of them can be named.
 */
function globalNames(services: readonly Service[], messages: readonly Message[], lineOf: FileLines, diagnostics: Diagnostic[]): GlobalNames {
  const wanted = new Map<string, string>();
  /** Who asked for each key, for the collision report. */
  const owners = new Map<string, { readonly file: string; readonly label: string }>();
  const serviceParts = ['Contract', 'Producer', 'Handlers', 'Context'] as const;
  for (const s of services) {
    const pascal = identifier(s.id, 'pascal', 'Service');
    wanted.set(`a:${s.id}:contract`, identifier(`${idWords(s.id, 'service')} contract`, 'camel', 'serviceContract'));
    for (const part of serviceParts) wanted.set(`a:${s.id}:${part}`, `${pascal}${part}`);
    wanted.set(`a:${s.id}:start`, `start${pascal}`);
    for (const part of ['contract', ...serviceParts, 'start']) owners.set(`a:${s.id}:${part}`, { file: s.file, label: `service "${s.id}@${s.version}"` });
  }
  // Only an id used in several versions needs the version in its names; the newest keeps the plain name.
  const newest = new Map<string, Message>();
  for (const m of messages) {
    const seen = newest.get(m.id);
    if (!seen || compareVersionsDesc(m.version, seen.version) < 0) newest.set(m.id, m);
  }
  const versioned = (m: Message) => newest.get(m.id) !== m;
  const chosen = new Map<string, string>();
  const explicit = new Map<string, string>();
  for (const m of messages) {
    const own = chosenName(m, lineOf, diagnostics);
    if (own !== undefined) chosen.set(key(m), own);
    const base = `${own ?? identifier(idWords(m.id, 'message'), 'pascal', 'Message')}${versioned(m) ? versionSuffix(m.version) : ''}`;
    const into = own !== undefined ? explicit : wanted;
    into.set(`b:${key(m)}:type`, base);
    if (m.kind === 'query') into.set(`b:${key(m)}:response`, `${base}Response`);
    for (const part of ['type', 'response']) owners.set(`b:${key(m)}:${part}`, { file: m.file, label: `${m.kind} "${m.id}@${m.version}"` });
  }
  const fileSuffix = (m: Message) => (versioned(m) ? ` v${m.version.replace(/\./g, ' ')}` : '');
  // A chosen name names the module too (OrderCancelledByCustomer → order-cancelled-by-customer.ts).
  const modules = uniqueFileNames(new Map(messages.map((m) => [key(m), fileName(`${chosen.get(key(m)) ?? idWords(m.id, 'message')}${fileSuffix(m)}`, 'message')])));
  const claim = nameClaimer({}, GENERATED_MODULE_NAMES);
  const unique = new Map<string, string>();
  const claimedBy = new Map<string, string>();
  const messageOf = new Map(messages.map((m) => [key(m), m]));
  // Claimed in key order: chosen names, then services (a:) before types (b:).
  const claimAll = (group: ReadonlyMap<string, string>, numbered: (k: string, base: string, got: string) => void) => {
    for (const k of [...group.keys()].sort()) {
      const base = group.get(k) as string;
      const got = claim(base);
      unique.set(k, got);
      claimedBy.set(got, k);
      if (got !== base) numbered(k, base, got);
    }
  };
  const other = (base: string) => {
    const k = claimedBy.get(base);
    const owner = k === undefined ? undefined : owners.get(k);
    return owner ? `${owner.label} (${owner.file})` : 'a name the generated modules use themselves';
  };
  claimAll(explicit, (k, base) => {
    const m = messageOf.get(k.split(':').slice(1, -1).join(':')) as Message;
    diagnostics.push(
      diagnostic('duplicate-generated-name', {
        file: m.file,
        line: lineOf(m.file, [NAME_KEY]),
        field: NAME_KEY,
        message: `${m.kind} "${m.id}@${m.version}" asks for the name ${base}, which ${other(base)} already has`,
        fix: `Choose another ${NAME_KEY} for one of the two`,
      }),
    );
  });
  claimAll(wanted, (k, base, got) => {
    const owner = owners.get(k);
    if (!owner || (!k.endsWith(':type') && !k.endsWith(':Contract'))) return; // one report per resource
    const m = k.startsWith('b:') ? messageOf.get(k.split(':').slice(1, -1).join(':')) : undefined;
    const first = claimedBy.get(base);
    // x-catwire-name names messages: the fix names whichever of the two is one.
    const messageFiles = [...(m ? [owner.file] : []), ...(first?.startsWith('b:') ? [owners.get(first)?.file as string] : [])];
    const kind = (m ?? messageOf.get((first ?? '').split(':').slice(1, -1).join(':')))?.kind ?? 'event';
    const example = `${NAME_KEY}: ${base}${identifier(kind, 'pascal', 'Message')}`;
    diagnostics.push(
      diagnostic('name-collision', {
        file: owner.file,
        line: lineOf(owner.file, ['id']),
        field: 'id',
        message: `${owner.label} is generated as ${got}${m ? ` in types/${modules.get(key(m))}.ts` : ''}: ${other(base)} already has the name ${base}`,
        fix:
          messageFiles.length === 2
            ? `Set ${NAME_KEY} in either file to give the message a name of its own (e.g. ${example})`
            : messageFiles.length === 1
              ? `Set ${NAME_KEY} in ${messageFiles[0]} to give the message a name of its own (e.g. ${example})`
              : 'Give one of the two services another id',
      }),
    );
  });
  // Schema constants (c:) are named after their (already unique) types: OrderCancelled2 → orderCancelled2Schema.
  const schemas = new Map<string, string>();
  for (const m of messages) {
    schemas.set(`c:${key(m)}:schema`, schemaConstant(unique.get(`b:${key(m)}:type`) as string));
    if (m.kind === 'query') schemas.set(`c:${key(m)}:responseSchema`, schemaConstant(unique.get(`b:${key(m)}:response`) as string));
  }
  claimAll(schemas, () => {});
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
  return { message, ...names, queryErrors: queryErrors(message, lineOf, diagnostics) };
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
      // An upcast older major arrives on the same exchange under its own routing key.
      for (const routingKey of [r.routingKey, ...r.bridges.map((b) => b.routingKey)]) {
        for (const exchange of r.bindExchanges) bindings.set(`${exchange}\u0000${routingKey}`, { exchange, queue, routingKey });
      }
    }
  }
  return {
    exchanges: [...used.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    queues,
    bindings: [...bindings.values()].sort((a, b) => (a.exchange + a.routingKey < b.exchange + b.routingKey ? -1 : 1)),
  };
}
