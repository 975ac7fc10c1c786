/**
 * The model's resources, one small constructor per kind. A resource is built whole as soon as
 * its common fields are read: what it reads from its own files is filled here, and its pointers
 * to other resources start empty, to be resolved once every resource is indexed (the index and
 * the pointers then hold these very objects).
 */
import type { LoadedCatalog, LoadedResource } from '../load/types.js';
import type {
  Channel, Domain, Flow, Message, MessageKind, OtherResource, ResourceBase, SchemaAttachment, Service, SpecAttachment, System,
} from './types.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A built resource, tagged with its kind for the resolving pass. */
export type Built =
  | { readonly kind: 'message'; readonly resource: Mutable<Message> }
  | { readonly kind: 'channel'; readonly resource: Mutable<Channel> }
  | { readonly kind: 'service'; readonly resource: Mutable<Service> }
  | { readonly kind: 'domain'; readonly resource: Mutable<Domain> }
  | { readonly kind: 'system'; readonly resource: Mutable<System> }
  | { readonly kind: 'flow'; readonly resource: Mutable<Flow> }
  | { readonly kind: 'other'; readonly resource: Mutable<OtherResource> };

type Own<T extends ResourceBase, Later extends keyof T = never> = Omit<T, keyof ResourceBase | Later>;

/*
 * Each constructor writes its object as one literal, the common fields spelled out rather than
 * spread from `base`: in V8, `{ ...base, more }` gives every object a hidden class of its own
 * (test/generators/model/hidden-classes.test.ts checks that they share one), and every later
 * read of the model's tens of thousands of objects becomes a slow, megamorphic one. Measured on
 * 2026-12-06, a cold `catwire generate` of 1,000 services x 10 messages took 15 % more CPU with
 * spreads in their place here, in the uses and plans (links.ts, plan.ts), in the loader's refs
 * and in emit's schema jobs (farm-bench, 4 pairs back to back, median CPU A/B 1.148, 0.90-1.17).
 */

export function newMessage(b: ResourceBase, kind: MessageKind, own: Own<Message, 'kind' | 'channels'>): Mutable<Message> {
  return {
    collection: kind, id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    kind, schema: own.schema, declaresSchema: own.declaresSchema, responseSchema: own.responseSchema, examples: own.examples, operation: own.operation,
    channels: [],
  };
}

export function newChannel(b: ResourceBase, own: Own<Channel, 'routes'>): Mutable<Channel> {
  return {
    collection: 'channel', id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    address: own.address, protocols: own.protocols, parameters: own.parameters,
    routes: [],
  };
}

export function newService(b: ResourceBase, own: Pick<Service, 'specifications' | 'externalSystem'>): Mutable<Service> {
  return {
    collection: 'service', id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    sends: [], receives: [], specifications: own.specifications, externalSystem: own.externalSystem, writesTo: [], readsFrom: [],
  };
}

export function newDomain(b: ResourceBase, own: Pick<Domain, 'specifications'>): Mutable<Domain> {
  return {
    collection: 'domain', id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    subdomains: [], services: [], systems: [], sends: [], receives: [], specifications: own.specifications,
  };
}

export function newSystem(b: ResourceBase): Mutable<System> {
  return {
    collection: 'system', id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    services: [], containers: [],
  };
}

export function newFlow(b: ResourceBase): Mutable<Flow> {
  return {
    collection: 'flow', id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    steps: [],
  };
}

export function newOther(b: ResourceBase, frontmatter: OtherResource['frontmatter']): Mutable<OtherResource> {
  return {
    collection: b.collection, id: b.id, version: b.version, name: b.name, summary: b.summary, file: b.file, dir: b.dir, versioned: b.versioned,
    owners: b.owners, deprecated: b.deprecated, draft: b.draft, extensions: b.extensions, latest: b.latest,
    frontmatter,
  };
}

/** The resource of `base`'s collection, with everything it reads from its own files. */
export function buildResource(base: ResourceBase, r: LoadedResource, loaded: LoadedCatalog): Built {
  const fm = r.frontmatter;
  switch (base.collection) {
    case 'event':
    case 'command':
    case 'query':
      return {
        kind: 'message',
        resource: newMessage(base, base.collection, {
          schema: attachment(loaded, r, 'payload'),
          declaresSchema: r.refs.some((ref) => ref.role === 'payload'),
          responseSchema: attachment(loaded, r, 'response'),
          examples: loaded.examples.get(r.dir) ?? [],
          operation: fm.operation && typeof fm.operation === 'object' ? (fm.operation as Message['operation']) : undefined,
        }),
      };
    case 'channel':
      return {
        kind: 'channel',
        resource: newChannel(base, {
          address: typeof fm.address === 'string' ? fm.address : undefined,
          protocols: Array.isArray(fm.protocols) ? fm.protocols.map(String) : [],
          parameters: readParameters(fm.parameters),
        }),
      };
    case 'service':
      return { kind: 'service', resource: newService(base, { specifications: specs(loaded, r), externalSystem: fm.externalSystem === true }) };
    case 'domain':
      return { kind: 'domain', resource: newDomain(base, { specifications: specs(loaded, r) }) };
    case 'system':
      return { kind: 'system', resource: newSystem(base) };
    case 'flow':
      return { kind: 'flow', resource: newFlow(base) };
    default:
      return { kind: 'other', resource: newOther(base, fm) };
  }
}

function attachment(loaded: LoadedCatalog, resource: LoadedResource, role: 'payload' | 'response'): SchemaAttachment | undefined {
  const refs = resource.refs.filter((ref) => ref.role === role && ref.target.kind === 'file');
  const chosen = refs.find((ref) => ref.isDefault) ?? refs[0];
  if (!chosen || chosen.target.kind !== 'file') return undefined;
  const schema = loaded.schemas.get(chosen.target.file);
  return schema ? { file: schema.file, format: schema.format, content: schema.content } : undefined;
}

function specs(loaded: LoadedCatalog, resource: LoadedResource): SpecAttachment[] {
  return resource.refs.flatMap((ref) => {
    if (ref.kind !== 'spec' || ref.target.kind !== 'file') return [];
    const spec = loaded.specs.get(ref.target.file);
    return [{ type: ref.specType, name: ref.name, file: ref.target.file, version: spec?.version, document: spec?.document, operations: spec?.operations }];
  });
}

function readParameters(value: unknown): Channel['parameters'] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, Record<string, unknown> | null>).map(([name, p]) => [
      name,
      {
        enum: Array.isArray(p?.enum) ? p.enum.map(String) : undefined,
        default: p?.default === undefined ? undefined : String(p.default),
        description: typeof p?.description === 'string' ? p.description : undefined,
      },
    ]),
  );
}
