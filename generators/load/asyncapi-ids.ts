/**
 * The operations of a parsed AsyncAPI document, read through @asyncapi/parser's model the way
 * EventCatalog's AsyncAPI generator reads them: every operation of the document, its action
 * (3.x `send`/`receive`; 2.x `publish` = the service sends, `subscribe` = it receives, as the
 * generator maps them), and each message by the id the parser gives it. A catalog the generator
 * wrote from a document therefore names the same messages this module finds in it.
 */
import type { AsyncAPIDocumentInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import type { SpecMessage, SpecOperation } from './types.js';

export function asyncApiOperations(document: AsyncAPIDocumentInterface): SpecOperation[] {
  const root = document.json();
  const componentKeys = new Map<unknown, string>();
  for (const message of document.components().messages().all()) componentKeys.set(message.json(), message.id());
  return document
    .allOperations()
    .all()
    .flatMap((operation) => {
      const action = operation.action() as SpecOperation['action'];
      const direction = action === 'send' || action === 'publish' ? 'sends' : action === 'receive' || action === 'subscribe' ? 'receives' : undefined;
      if (!direction) return [];
      return [
        {
          id: operationId(operation, document),
          action,
          direction,
          where: dotted(operation.meta().pointer),
          messages: operation
            .messages()
            .all()
            .map((message) => specMessage(message, componentKeys, root)),
        },
      ];
    });
}

/** 3.x: the key under `operations`; 2.x: `operationId` where given, else the channel and verb. */
function operationId(operation: OperationInterface, document: AsyncAPIDocumentInterface): string {
  if (document.version().startsWith('3.')) return operation.id() ?? dotted(operation.meta().pointer);
  const written = (operation.json() as { operationId?: unknown }).operationId;
  return typeof written === 'string' ? written : dotted(operation.meta().pointer);
}

/**
 * The parser's `message.id()` is the message's `messageId`, its component or channel key, or the
 * name the parser gave an anonymous message. A 2.x component message that has a `name` gets no
 * id from the parser, so its component key stands in, as the generator's users see it.
 */
function specMessage(message: MessageInterface, componentKeys: ReadonlyMap<unknown, string>, root: unknown): SpecMessage {
  const json = message.json() as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  const extension = (name: string) => text(message.extensions().get(name)?.value());
  const id = text(message.id()) ?? componentKeys.get(json) ?? text(json.name) ?? text(json['x-parser-message-name']) ?? '(unnamed message)';
  const names = [text(json.messageId), text(json.name), text(json.title), componentKeys.get(json)].filter((n): n is string => n !== undefined && n !== id);
  const { format, schema } = payloadOf(json);
  return {
    id,
    names: [...new Set(names)],
    link: extension('x-eventcatalog-message-id'),
    version: extension('x-eventcatalog-message-version'),
    payload: schema === undefined ? undefined : plainJson(schema, root),
    payloadFormat: format,
  };
}

/**
 * A 3.x multi-format payload is `{ schemaFormat, schema }`; 2.x names the format on the message.
 * Only JSON Schema and AsyncAPI schema payloads are compared with the catalog: the format of any
 * other (Avro, RAML, Protobuf) is reported back instead of a schema.
 */
function payloadOf(message: Record<string, unknown>): { format: string | undefined; schema: unknown } {
  const payload = message.payload;
  if (payload === undefined) return { format: undefined, schema: undefined };
  const wrapped = payload !== null && typeof payload === 'object' && typeof (payload as Record<string, unknown>).schemaFormat === 'string' && 'schema' in payload;
  const format = wrapped ? String((payload as Record<string, unknown>).schemaFormat) : typeof message.schemaFormat === 'string' ? message.schemaFormat : undefined;
  const schema = wrapped ? (payload as Record<string, unknown>).schema : payload;
  return isJsonSchemaFormat(format) ? { format: undefined, schema } : { format, schema: undefined };
}

function isJsonSchemaFormat(format: string | undefined): boolean {
  if (format === undefined) return true;
  const type = format.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('application/vnd.aai.asyncapi') || type === 'application/schema+json' || type === 'application/schema+yaml';
}

/**
 * The parser annotates every schema with `x-parser-*` keys, which are not part of the contract,
 * and leaves the `$ref`s of a recursive schema in place. A copy without those keys and with each
 * local `$ref` replaced by its target; a recursive schema stays recursive (the same copy is
 * reused), which the schema diff follows by identity.
 */
export function plainJson(value: unknown, root: unknown, copies = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(plainJson(item, root, copies));
    return out;
  }
  const ref = (value as { $ref?: unknown }).$ref;
  const target = typeof ref === 'string' ? resolveLocal(root, ref) : undefined;
  if (target !== undefined && target !== value) {
    const out = plainJson(target, root, copies);
    copies.set(value, out);
    return out;
  }
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('x-parser-')) out[key] = plainJson(item, root, copies);
  return out;
}

function resolveLocal(root: unknown, ref: string): object | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? node : undefined;
}

/** `/channels/a~1b/publish` → `channels.a/b.publish`: the document path a person can follow. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
