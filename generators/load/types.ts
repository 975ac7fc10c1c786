/**
 * What the load stage hands to the model stage: files found by EventCatalog's folder rules,
 * their parsed frontmatter, and every schema, spec and example file they point at — parsed,
 * not interpreted.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedRef } from './files.js';
import type { FileRef } from './refs.js';

/** The resource collections of EventCatalog core (content.config.ts), by folder rule. */
export type Collection =
  | 'domain'
  | 'system'
  | 'service'
  | 'event'
  | 'command'
  | 'query'
  | 'channel'
  | 'flow'
  | 'entity'
  | 'container'
  | 'team'
  | 'user'
  | 'agent'
  | 'data-product'
  | 'adr'
  | 'diagram';

export type Frontmatter = Readonly<Record<string, unknown>>;

/** Finds the line of a frontmatter value by its path, e.g. `['sends', 2, 'id']`. */
export type LineLookup = (path: readonly (string | number)[]) => number | undefined;

export interface LoadedResource {
  readonly collection: Collection;
  /** The index.mdx (or team/user file), relative to the catalog root, forward slashes. */
  readonly file: string;
  /** Folder of `file`, relative to the catalog root ('' for the root). */
  readonly dir: string;
  /** True when the file sits in a `versioned/<v>/` folder. */
  readonly versioned: boolean;
  readonly frontmatter: Frontmatter;
  readonly lineOf: LineLookup;
  /** Files this resource points at (schemas, specs), resolved against its folder. */
  readonly refs: readonly ResolvedFileRef[];
}

export interface ResolvedFileRef extends FileRef {
  readonly target: ResolvedRef;
}

export type SchemaFormat = 'jsonschema' | 'avro' | 'protobuf' | 'yaml' | 'other';

/** A schema file referenced by a message (`schemaPath`, `schemas[]`, `x-response-schema`). */
export interface LoadedSchema {
  readonly file: string;
  readonly format: SchemaFormat;
  /** Parsed content for JSON/YAML-based formats, raw text otherwise. */
  readonly content: unknown;
}

export type SpecType = 'asyncapi' | 'openapi' | 'graphql';

export interface LoadedSpec {
  readonly file: string;
  readonly type: SpecType;
  /** Spec version as written in the document (`asyncapi: 3.0.0`, `openapi: 3.1.0`). */
  readonly version: string | undefined;
  /** The parsed (and, for AsyncAPI/OpenAPI, dereferenced) document. */
  readonly document: unknown;
  /** AsyncAPI only: the operations as @asyncapi/parser exposes them (asyncapi-ids.ts). */
  readonly operations?: readonly SpecOperation[] | undefined;
}

/** A message of an AsyncAPI operation, under every name a reader of the document would use. */
export interface SpecMessage {
  /** The parser's `message.id()`: the id EventCatalog's AsyncAPI generator gives the catalog message. */
  readonly id: string;
  /** Other names of the same message: `messageId`, `name`, `title`, component key. */
  readonly names: readonly string[];
  /** `x-eventcatalog-message-id`: an explicit link to a catalog message. */
  readonly link: string | undefined;
  /** `x-eventcatalog-message-version`, as the generator reads it. */
  readonly version: string | undefined;
  /** The payload as a plain JSON Schema (dereferenced, unwrapped, no parser keys); undefined when absent or not JSON Schema. */
  readonly payload: unknown;
  /** The schema format of a payload that is not JSON Schema (Avro, RAML, …). */
  readonly payloadFormat: string | undefined;
}

export interface SpecOperation {
  /** 3.x: the key under `operations`; 2.x: `operationId`, else the channel and verb. */
  readonly id: string;
  readonly action: 'send' | 'receive' | 'publish' | 'subscribe';
  readonly direction: 'sends' | 'receives';
  /** Dotted document path of the operation, e.g. `operations.sendThing`. */
  readonly where: string;
  readonly messages: readonly SpecMessage[];
}

export interface LoadedExample {
  readonly file: string;
  readonly content: unknown;
}

export interface LoadedCatalog {
  /** Absolute path of the catalog root. */
  readonly root: string;
  readonly resources: readonly LoadedResource[];
  /** Keyed by file path relative to the root. Files that failed to load are absent. */
  readonly schemas: ReadonlyMap<string, LoadedSchema>;
  readonly specs: ReadonlyMap<string, LoadedSpec>;
  /** Example payloads by the message folder they belong to. */
  readonly examples: ReadonlyMap<string, readonly LoadedExample[]>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CatalogSource {
  /** Every file under the catalog root (relative, POSIX separators). */
  readonly files: readonly string[];
  /** A listed file's text; undefined for a file that is not listed, which is then read from disk. */
  read(file: string): string | undefined;
}

export interface LoadOptions {
  /** Run @asyncapi/parser's full Spectral ruleset (about 0.4 s per document). */
  readonly lintSpecs?: boolean;
  /** Do not read attached specifications (a base catalog compared for breaking changes needs only schemas). */
  readonly skipSpecs?: boolean;
  /** The catalog folder as the caller already listed and read it: loading neither walks nor reads it again. */
  readonly source?: CatalogSource;
  /** Called with each schema as soon as it is parsed, so a caller can start work on it while the rest loads. */
  readonly onSchema?: ((schema: LoadedSchema) => void) | undefined;
}
