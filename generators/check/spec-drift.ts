/**
 * Catalog ↔ spec drift: a service's attached AsyncAPI and OpenAPI documents must say what its
 * catalog entry says. AsyncAPI operations against `sends`/`receives` (3.x `send`/`receive`;
 * 2.x `publish` = the service sends, as EventCatalog's generator reads it), each message's
 * payload against the catalog schema, and OpenAPI operations against the catalog commands and
 * queries that carry `operation`.
 */
import { diffSchemas } from '../compat/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { CatalogModel, Service, SpecAttachment } from '../model/types.js';

interface SpecOperation {
  readonly direction: 'sends' | 'receives';
  readonly messageId: string;
  readonly payload: unknown;
  readonly where: string;
}

export function specDrift(model: CatalogModel): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const service of model.services.filter((s) => s.latest)) {
    for (const spec of service.specifications) {
      if (spec.document === undefined) continue;
      if (spec.type === 'asyncapi') found.push(...asyncApiDrift(service, spec));
      if (spec.type === 'openapi') found.push(...openApiDrift(service, spec));
    }
  }
  return found;
}

function asyncApiDrift(service: Service, spec: SpecAttachment): Diagnostic[] {
  const found: Diagnostic[] = [];
  const operations = asyncApiOperations(spec.document);
  const key = (direction: string, id: string) => `${direction} ${id}`;
  const inSpec = new Map(operations.map((op) => [key(op.direction, op.messageId), op]));
  for (const direction of ['sends', 'receives'] as const) {
    for (const use of service[direction]) {
      const op = inSpec.get(key(direction, use.id));
      if (!op) {
        found.push(
          diagnostic('spec-operation-missing', {
            file: spec.file,
            message: `${service.id} ${direction} "${use.id}" in the catalog, but ${spec.name ?? 'the AsyncAPI document'} has no ${direction === 'sends' ? 'send' : 'receive'} operation for it`,
            fix: `Add the operation to ${spec.file}, or remove "${use.id}" from ${direction} in ${service.file}`,
          }),
        );
      } else if (use.target?.schema && op.payload !== undefined) {
        const changes = diffSchemas(use.target.schema.content, withoutParserKeys(op.payload)).filter((c) => c.effect !== 'none');
        if (changes.length > 0) {
          found.push(
            diagnostic('spec-payload-drift', {
              file: spec.file,
              field: op.where,
              message: `the payload of "${use.id}" differs from the catalog schema ${use.target.schema.file}: ${changes.map((c) => `${c.pointer || '/'} ${c.message}`).join('; ')}`,
              fix: `Point the payload at the catalog schema ($ref: the relative path of ${use.target.schema.file}) or make them equal`,
            }),
          );
        }
      }
    }
  }
  const declared = new Set([...service.sends.map((u) => key('sends', u.id)), ...service.receives.map((u) => key('receives', u.id))]);
  for (const op of operations) {
    if (declared.has(key(op.direction, op.messageId))) continue;
    found.push(
      diagnostic('spec-operation-undeclared', {
        file: spec.file,
        field: op.where,
        message: `the AsyncAPI document ${op.direction === 'sends' ? 'sends' : 'receives'} "${op.messageId}", which ${service.file} does not list in ${op.direction}`,
        fix: `Add "${op.messageId}" to ${op.direction} of ${service.id}, or remove the operation`,
      }),
    );
  }
  return found;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const messageKey = (message: Json, fallback: string) =>
  String(message['x-parser-unique-object-id'] ?? message.messageId ?? message.name ?? fallback);

/** The operations of a parsed (dereferenced) AsyncAPI 2.x or 3.x document, as direction + message id. */
export function asyncApiOperations(document: unknown): SpecOperation[] {
  const doc = obj(document);
  const ops: SpecOperation[] = [];
  if (String(doc.asyncapi ?? '').startsWith('2.')) {
    for (const [channel, item] of Object.entries(obj(doc.channels))) {
      for (const [verb, direction] of [['publish', 'sends'], ['subscribe', 'receives']] as const) {
        const op = obj(obj(item)[verb]);
        const message = obj(op.message);
        const list = Array.isArray(message.oneOf) ? (message.oneOf as Json[]) : op.message ? [message] : [];
        list.forEach((m, i) => ops.push({ direction, messageId: messageKey(m, `${channel}.${verb}`), payload: m.payload, where: `channels.${channel}.${verb}.message${list.length > 1 ? `.oneOf.${i}` : ''}` }));
      }
    }
    return ops;
  }
  for (const [name, value] of Object.entries(obj(doc.operations))) {
    const op = obj(value);
    const direction = op.action === 'send' ? 'sends' : op.action === 'receive' ? 'receives' : undefined;
    if (!direction) continue;
    // Without an explicit message list, an operation carries every message of its channel.
    const listed = Array.isArray(op.messages) && op.messages.length > 0 ? (op.messages as Json[]) : Object.values(obj(obj(op.channel).messages)).map(obj);
    for (const m of listed) ops.push({ direction, messageId: messageKey(m, name), payload: m.payload, where: `operations.${name}` });
  }
  return ops;
}

/** The parser annotates every schema with `x-parser-*` keys; they are not part of the contract. */
function withoutParserKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-parser-')).map(([k, v]) => [k, withoutParserKeys(v)]));
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function openApiDrift(service: Service, spec: SpecAttachment): Diagnostic[] {
  const found: Diagnostic[] = [];
  const operations = new Map<string, { operationId: string | undefined }>();
  for (const [path, item] of Object.entries(obj(obj(spec.document).paths))) {
    for (const method of HTTP_METHODS) {
      const op = obj(item)[method];
      if (op) operations.set(`${method.toUpperCase()} ${path}`, { operationId: obj(op).operationId as string | undefined });
    }
  }
  // Catalog commands and queries this service receives that say they come in over HTTP.
  const http = service.receives.flatMap((use) => (use.target?.operation?.method && use.target.operation.path ? [use.target] : []));
  for (const message of http) {
    const route = `${String(message.operation?.method).toUpperCase()} ${message.operation?.path}`;
    const op = operations.get(route);
    if (!op) {
      found.push(
        diagnostic('spec-operation-missing', {
          file: spec.file,
          message: `${message.kind} "${message.id}" is received over ${route} according to the catalog, but ${spec.name ?? 'the OpenAPI document'} has no such operation`,
          fix: `Add ${route} to ${spec.file}, or correct operation in ${message.file}`,
        }),
      );
    } else if (op.operationId !== undefined && op.operationId !== message.id) {
      found.push(
        diagnostic('spec-operation-undeclared', {
          file: spec.file,
          field: `paths.${message.operation?.path}.${String(message.operation?.method).toLowerCase()}.operationId`,
          message: `${route} has operationId "${op.operationId}", but the catalog maps it to "${message.id}"`,
          fix: `Use operationId "${message.id}", or point the catalog message's operation elsewhere`,
        }),
      );
    }
  }
  const mapped = new Set(http.map((m) => `${String(m.operation?.method).toUpperCase()} ${m.operation?.path}`));
  for (const [route, op] of operations) {
    if (mapped.has(route)) continue;
    found.push(
      diagnostic('spec-operation-undeclared', {
        file: spec.file,
        field: route,
        message: `${route}${op.operationId ? ` (${op.operationId})` : ''} is not a command or query ${service.id} receives in the catalog`,
        fix: `Add the message to receives of ${service.id} with operation { method, path }, or remove the operation`,
      }),
    );
  }
  return found;
}
