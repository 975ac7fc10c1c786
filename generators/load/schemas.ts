/**
 * Reading message schema files. The format follows the file extension, as EventCatalog's
 * schema loader does: json → JSON Schema, avsc/avro → Avro, proto → Protobuf, yaml/yml → YAML.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
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
  | { readonly ok: false; readonly problem: string };

export function parseSchema(file: string, text: string): SchemaParse {
  const format = schemaFormat(file);
  try {
    switch (format) {
      case 'jsonschema':
      case 'avro':
        return { ok: true, schema: { file, format, content: JSON.parse(text) } };
      case 'yaml':
        return { ok: true, schema: { file, format, content: parseYaml(text) } };
      default:
        return { ok: true, schema: { file, format, content: text } };
    }
  } catch (error) {
    return { ok: false, problem: (error as Error).message.split('\n')[0] ?? 'unreadable' };
  }
}
