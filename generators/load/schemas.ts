/**
 * Reading message schema files. The format follows the file extension, as EventCatalog's
 * schema loader does: json → JSON Schema, avsc/avro → Avro, proto → Protobuf, yaml/yml → YAML.
 */
import path from 'node:path';
import { parseData } from './bounds.js';
import { confinedFileResolver } from './confine-resolvers.js';
import type { LoadedSchema, SchemaFormat } from './types.js';

export function schemaFormat(file: string): SchemaFormat {
  switch (path.extname(file).toLowerCase()) {
    case '.json':
      return 'jsonschema';
    case '.avsc':
    case '.avro':
      return 'avro';
    case '.proto':
      return 'protobuf';
    case '.yaml':
    case '.yml':
      return 'yaml';
    default:
      return 'other';
  }
}

export type SchemaParse =
  | { readonly ok: true; readonly schema: LoadedSchema }
  | { readonly ok: false; readonly kind: 'unparsable' | 'nesting-too-deep' | 'document-too-large'; readonly problem: string };

export function parseSchema(file: string, text: string): SchemaParse {
  const format = schemaFormat(file);
  if (format !== 'jsonschema' && format !== 'avro' && format !== 'yaml') return { ok: true, schema: { file, format, content: text } };
  const parsed = parseData(text, format === 'yaml' ? 'yaml' : 'json');
  return parsed.ok ? { ok: true, schema: { file, format, content: parsed.value } } : parsed;
}

/** True when a JSON Schema points at another file (a `$ref` that is not a local `#...` pointer). */
export function hasExternalRef(value: unknown): boolean {
  // A loop, not recursion: a schema nested thousands deep must not overflow the stack here.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node && typeof node === 'object') {
      for (const [key, v] of Object.entries(node)) {
        if (key === '$ref' && typeof v === 'string' && !v.startsWith('#')) return true;
        stack.push(v);
      }
    }
  }
  return false;
}

/**
 * Inlines the files a schema references, so the schema travels alone: the runtime validates
 * with it and generated code embeds it. Remote references are refused, as everywhere.
 */
export async function bundleSchema(abs: string, root: string): Promise<{ ok: true; content: unknown } | { ok: false; problem: string }> {
  const { bundle } = await import('@apidevtools/json-schema-ref-parser');
  try {
    // Like every file reference, a $ref may not leave the catalog folder (the walk in ref-walk.ts
    // reports it first; the confined resolver keeps the bundler itself from opening anything else).
    return { ok: true, content: await bundle(abs, { resolve: { http: false, file: confinedFileResolver(root) } }) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message.split('\n')[0] ?? 'a $ref cannot be resolved' };
  }
}
