/**
 * Catalog ↔ spec drift: a service's attached AsyncAPI and OpenAPI documents must say what its
 * catalog entry says. AsyncAPI operations (as @asyncapi/parser exposes them; 2.x `publish` = the
 * service sends, as EventCatalog's generator reads it) against `sends`/`receives`, each linked
 * message's payload against the catalog schema, and OpenAPI operations against the commands and
 * queries the service receives. Entries are linked by the rules of spec-links.ts, and a finding
 * is made only where no rule links them.
 */
import { diffSchemas } from '../compat/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { SpecMessage, SpecOperation } from '../load/types.js';
import type { CatalogModel, Message, MessageUse, Service, SpecAttachment } from '../model/types.js';
import { bestLinks, conventionKey, CONVENTIONS, routeKey, routeOf } from './spec-links.js';

export function specDrift(model: CatalogModel): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const service of model.services.filter((s) => s.latest)) {
    for (const spec of service.specifications) {
      if (spec.document === undefined) continue;
      if (spec.type === 'asyncapi') found.push(...asyncApiDrift(service, spec));
      if (spec.type === 'openapi') found.push(...openApiDrift(service, spec, model.messages));
    }
  }
  return found;
}

interface Carried {
  readonly operation: SpecOperation;
  readonly message: SpecMessage;
}

const VERB = { sends: 'send', receives: 'receive' } as const;
const OTHER = { sends: 'receives', receives: 'sends' } as const;

function asyncApiDrift(service: Service, spec: SpecAttachment): Diagnostic[] {
  const found: Diagnostic[] = [];
  const title = spec.name ?? 'the AsyncAPI document';
  const carried: Carried[] = (spec.operations ?? []).flatMap((operation) => operation.messages.map((message) => ({ operation, message })));
  const accounted = new Set<Carried>();
  for (const direction of ['sends', 'receives'] as const) {
    for (const use of service[direction]) {
      const links = bestLinks(use, carried.filter((c) => c.operation.direction === direction), (c) => c.message);
      links.forEach((c) => accounted.add(c));
      if (links.length === 0) {
        const opposite = bestLinks(use, carried.filter((c) => c.operation.direction === OTHER[direction]), (c) => c.message)[0];
        found.push(
          diagnostic('spec-operation-missing', {
            file: spec.file,
            message: opposite
              ? `${service.id} ${direction} "${use.id}" in the catalog, but ${title} ${OTHER[direction]} it (${opposite.operation.where}, action ${opposite.operation.action})`
              : `${service.id} ${direction} "${use.id}" in the catalog, but no ${VERB[direction]} operation of ${title} carries a message whose id, messageId, name, title or x-eventcatalog-message-id is "${use.id}" (${CONVENTIONS})`,
            fix: opposite
              ? `Move "${use.id}" to ${OTHER[direction]} in ${service.file}, or change the operation's action`
              : `Add a ${VERB[direction]} operation for it to ${spec.file} (or link its message with x-eventcatalog-message-id: ${use.id}), or remove "${use.id}" from ${direction} in ${service.file}`,
          }),
        );
        continue;
      }
      // A message carried by several operations is one payload: compared once.
      const byMessage = new Map(links.map((c) => [c.message.id, c]));
      for (const c of byMessage.values()) {
        const drift = payloadDrift(use, c);
        if (drift) found.push(diagnostic('spec-payload-drift', { file: spec.file, field: c.operation.where, ...drift }));
      }
    }
  }
  // One finding per operation, listing each message of it the catalog does not declare.
  for (const operation of spec.operations ?? []) {
    const missing = [...new Set(operation.messages.filter((message) => !carried.some((c) => c.operation === operation && c.message === message && accounted.has(c))).map((m) => m.id))];
    if (missing.length === 0) continue;
    const direction = operation.direction;
    const listed = missing.slice(0, 12).map((id) => `"${id}"`).join(', ') + (missing.length > 12 ? ` and ${missing.length - 12} more` : '');
    found.push(
      diagnostic('spec-operation-undeclared', {
        file: spec.file,
        field: operation.where,
        message: `operation "${operation.id}" (action ${operation.action}) ${VERB[direction]}s ${missing.length === 1 ? 'message' : 'messages'} ${listed}, which ${service.file} does not list in ${direction} (${CONVENTIONS})`,
        fix:
          missing.length === 1
            ? `Add "${missing[0]}" to ${direction} of ${service.id} (the id EventCatalog's AsyncAPI generator gives it), link it to a catalog message with x-eventcatalog-message-id, or remove the operation`
            : `Add them to ${direction} of ${service.id} (the ids EventCatalog's AsyncAPI generator gives them), link each to a catalog message with x-eventcatalog-message-id, or remove the operation`,
      }),
    );
  }
  return found;
}

function payloadDrift(use: MessageUse, carried: Carried): { message: string; fix: string } | undefined {
  const schema = use.target?.schema;
  if (!schema || schema.format !== 'jsonschema' || carried.message.payload === undefined) return undefined;
  const changes = diffSchemas(schema.content, carried.message.payload).filter((c) => c.effect !== 'none');
  if (changes.length === 0) return undefined;
  return {
    message: `the payload of "${carried.message.id}" differs from the catalog schema ${schema.file}${carried.message.id === use.id ? '' : ` of "${use.id}"`}: ${changes.map((c) => `${c.pointer || '/'} ${c.message}`).join('; ')}`,
    fix: `Point the payload at the catalog schema ($ref: the relative path of ${schema.file}) or make them equal`,
  };
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface HttpOperation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
}

function openApiDrift(service: Service, spec: SpecAttachment, messages: readonly Message[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  const title = spec.name ?? 'the OpenAPI document';
  const operations = new Map<string, HttpOperation>();
  for (const [path, item] of Object.entries(obj(obj(spec.document).paths))) {
    for (const method of HTTP_METHODS) {
      const op = obj(item)[method];
      if (!op) continue;
      const operationId = obj(op).operationId;
      operations.set(routeKey(method, path), { method: method.toUpperCase(), path, operationId: typeof operationId === 'string' ? operationId : undefined });
    }
  }
  const received = service.receives.flatMap((use) => (use.target ? [use.target] : []));
  const accounted = new Set<string>();
  // Explicit link: a received command or query whose `operation` names a route of the document.
  for (const message of received) {
    const route = routeOf(message);
    if (!route) continue;
    const key = routeKey(route.method, route.path);
    if (operations.has(key)) {
      accounted.add(key);
      continue;
    }
    found.push(
      diagnostic('spec-operation-missing', {
        file: spec.file,
        message: `${message.kind} "${message.id}" is received over ${route.method} ${route.path} according to its operation in the catalog, but ${title} has no such operation`,
        fix: `Add ${route.method} ${route.path} to ${spec.file}, or correct operation in ${message.file}`,
      }),
    );
  }
  // Then a received command or query without `operation` whose id is the operationId in another convention.
  const unrouted = received.filter((m) => !routeOf(m));
  for (const [key, op] of operations) {
    if (accounted.has(key) || op.operationId === undefined) continue;
    const id = conventionKey(op.operationId);
    if (unrouted.some((m) => conventionKey(m.id) === id || conventionKey(m.name) === id)) accounted.add(key);
  }
  for (const [key, op] of operations) {
    if (accounted.has(key)) continue;
    const route = `${op.method} ${op.path}`;
    // A message of this service's folder that names the route, but that the service does not receive.
    const owned = messages.find((m) => m.latest && m.dir.startsWith(`${service.dir}/`) && routeOf(m) && routeKey(routeOf(m)!.method, routeOf(m)!.path) === key);
    found.push(
      diagnostic('spec-operation-undeclared', {
        file: spec.file,
        field: route,
        message: owned
          ? `${route} is ${owned.kind} "${owned.id}" in the catalog (its operation says so), but ${service.id} does not list "${owned.id}" in receives`
          : `${route}${op.operationId ? ` (operationId "${op.operationId}")` : ''} is no command or query ${service.id} receives in the catalog: none has operation { method: ${op.method}, path: ${op.path} }${op.operationId ? `, and no received message's id matches the operationId (${CONVENTIONS})` : ''}`,
        fix: owned
          ? `Add "${owned.id}" to receives of ${service.id} in ${service.file}`
          : `Declare it in the catalog as a command or query with operation { method: ${op.method}, path: ${op.path} } and add it to receives of ${service.id}, or remove the operation from ${spec.file}`,
      }),
    );
  }
  return found;
}
