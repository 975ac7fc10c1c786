/**
 * A catalog built from an AsyncAPI document the way EventCatalog's AsyncAPI generator builds one
 * (event-catalog/generators, packages/generator-asyncapi): one service per document, named by the
 * document's title and versioned by its `info.version`; for every operation of the document
 * (`allOperations()`), every message it carries becomes an event (or the command/query its
 * `x-eventcatalog-message-type` says) with the id the parser gives it, versioned by
 * `x-eventcatalog-message-version` or the document's version, with its payload as schema; and
 * the service sends it when the action is `send`/`publish` and receives it when it is
 * `receive`/`subscribe`. Read straight from @asyncapi/parser's model, independently of the
 * loader under test.
 */
import { Parser, type AsyncAPIDocumentInterface, type MessageInterface } from '@asyncapi/parser';
import type { FileMap } from './catalog-fixture.js';

const parser = new Parser({ ruleset: { core: false, recommended: false } });

export async function parseAsyncApi(text: string, source: string): Promise<AsyncAPIDocumentInterface | undefined> {
  return (await parser.parse(text, { source })).document;
}

/**
 * `specFile` is where the document sits in the catalog; `declare` false leaves sends/receives
 * empty (the document attached to a service that declares nothing).
 */
export function catalogFromAsyncApi(document: AsyncAPIDocumentInterface, serviceId: string, specFile: string, text: string, declare = true): FileMap {
  const version = document.info().version();
  const componentKeys = new Map<unknown, string>();
  for (const m of document.components().messages().all()) componentKeys.set(m.json(), m.id());
  const files: Record<string, string | object> = { 'teams/owners.mdx': { id: 'owners', name: 'Owners', summary: 'Own the generated catalog' } };
  const sends = new Map<string, { id: string; version: string }>();
  const receives = new Map<string, { id: string; version: string }>();
  for (const operation of document.allOperations().all()) {
    const action = operation.action();
    for (const message of operation.messages().all()) {
      const id = message.id() ?? componentKeys.get(message.json()) ?? message.name() ?? 'unnamed';
      const messageVersion = String(message.extensions().get('x-eventcatalog-message-version')?.value() ?? version);
      const type = String(message.extensions().get('x-eventcatalog-message-type')?.value() ?? 'event');
      const folder = `services/${serviceId}/${type === 'command' ? 'commands' : type === 'query' ? 'queries' : 'events'}/${id}`;
      const schema = jsonSchemaOf(message);
      files[`${folder}/index.mdx`] = {
        id,
        name: message.name() ?? id,
        version: messageVersion,
        summary: message.summary() ?? `The ${id} message of ${document.info().title()}`,
        owners: ['owners'],
        ...(schema === undefined ? {} : { schemaPath: 'schema.json' }),
      };
      if (schema !== undefined) files[`${folder}/schema.json`] = schema;
      if (!declare) continue;
      if (action === 'send' || action === 'publish') sends.set(id, { id, version: messageVersion });
      if (action === 'receive' || action === 'subscribe') receives.set(id, { id, version: messageVersion });
    }
  }
  files[`services/${serviceId}/index.mdx`] = {
    id: serviceId,
    name: document.info().title(),
    version,
    summary: `Generated from ${specFile}`,
    owners: ['owners'],
    ...(sends.size > 0 ? { sends: [...sends.values()] } : {}),
    ...(receives.size > 0 ? { receives: [...receives.values()] } : {}),
    specifications: [{ type: 'asyncapi', path: specFile.split('/').at(-1) }],
  };
  files[`services/${serviceId}/${specFile.split('/').at(-1)}`] = text;
  return files;
}

/** The payload as the generator writes it: the schema of a multi-format payload, JSON Schema only. */
function jsonSchemaOf(message: MessageInterface): object | undefined {
  const payload = (message.json() as { payload?: unknown }).payload as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== 'object') return undefined;
  const format = typeof payload.schemaFormat === 'string' ? payload.schemaFormat : message.schemaFormat();
  if (format && !/^application\/(vnd\.aai\.asyncapi|schema\+(json|yaml))/.test(format)) return undefined;
  const schema = 'schema' in payload && typeof payload.schemaFormat === 'string' ? payload.schema : payload;
  return JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key.startsWith('x-parser-') ? undefined : value))) as object;
}
