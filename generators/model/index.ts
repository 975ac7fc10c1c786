/**
 * The model stage: from loaded files to the contract model. Resources are first read and
 * indexed by id and version, then every pointer is resolved, then catalog-wide rules run.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedCatalog, LoadedResource } from '../load/types.js';
import { checkMajors, checkOwners, majorMismatch, checkReceivers, checkRootIsLatest, type FileLines } from './checks.js';
import { Linker } from './links.js';
import { planMigrations } from './migrations.js';
import { planCodegen } from './plan.js';
import { checkSchemas } from './schema-safety.js';
import { readBase } from './resources.js';
import { summarize } from './summary.js';
import { SchemaChecker } from './schema-checks.js';
import { touchedByErrors } from './touched.js';
import type {
  CatalogModel, Channel, Domain, Flow, FlowStep, Message, MessageKind, OtherResource, Person,
  ResourceBase, SchemaAttachment, Service, SpecAttachment, System,
} from './types.js';
import { namespaceOf, VersionIndex } from './versions.js';

export type * from './types.js';

export interface ModelOptions {
  /** ISO date deciding whether dated deprecations are in effect; defaults to today. */
  readonly today?: string;
}

export interface ModelResult {
  readonly model: CatalogModel;
  readonly diagnostics: readonly Diagnostic[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Entry = { readonly loaded: LoadedResource; readonly base: Mutable<ResourceBase> };

export function buildModel(loaded: LoadedCatalog, options: ModelOptions = {}): ModelResult {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const diagnostics: Diagnostic[] = [];
  const people: Person[] = [];
  const entries: Entry[] = [];
  for (const resource of loaded.resources) {
    const base = readBase(resource, today, diagnostics);
    if (!base) continue;
    if (resource.collection === 'team' || resource.collection === 'user') {
      people.push({ collection: resource.collection, id: base.id, name: base.name, file: base.file });
    } else entries.push({ loaded: resource, base });
  }

  // Phase 1: index every resource by namespace; messages share one namespace, as in core.
  const messages = new VersionIndex<Message>();
  const byCollection = new Map<string, VersionIndex<ResourceBase>>([['message', messages as VersionIndex<ResourceBase>]]);
  const indexed: { entry: Entry; item: Mutable<ResourceBase> }[] = [];
  for (const entry of entries) {
    const namespace = namespaceOf(entry.base.collection);
    let index = byCollection.get(namespace);
    if (!index) byCollection.set(namespace, (index = new VersionIndex()));
    const twin = index.versions(entry.base.id).find((other) => other.version === entry.base.version);
    if (twin) {
      diagnostics.push(
        diagnostic('duplicate-resource', {
          file: entry.base.file,
          line: entry.loaded.lineOf(['version']),
          field: 'version',
          message: `${entry.base.collection} "${entry.base.id}" version ${entry.base.version} is also defined in ${twin.file}`,
          fix: 'Give one of them another id or version (older versions belong in versioned/<version>/)',
        }),
      );
      continue;
    }
    const item = entry.base;
    index.add(item);
    indexed.push({ entry, item });
  }
  for (const { item } of indexed) item.latest = byCollection.get(namespaceOf(item.collection))?.latest(item.id) === item;

  // Phase 2: fill each resource's own fields and resolve its pointers.
  const linker = new Linker({ messages, channels: (byCollection.get('channel') ?? new VersionIndex()) as VersionIndex<Channel>, byCollection }, diagnostics);
  const model = {
    domains: [] as Domain[], systems: [] as System[], services: [] as Service[], messages: [] as Message[],
    channels: [] as Channel[], flows: [] as Flow[], others: [] as OtherResource[],
  };
  for (const { entry, item } of indexed) {
    const r = entry.loaded;
    const fm = r.frontmatter;
    switch (item.collection) {
      case 'event':
      case 'command':
      case 'query':
        model.messages.push(
          Object.assign(item, {
            kind: item.collection as MessageKind,
            schema: attachment(loaded, r, 'payload'),
            declaresSchema: r.refs.some((ref) => ref.role === 'payload'),
            responseSchema: attachment(loaded, r, 'response'),
            examples: loaded.examples.get(r.dir) ?? [],
            operation: fm.operation && typeof fm.operation === 'object' ? (fm.operation as Message['operation']) : undefined,
            channels: linker.channelUses(r, fm.channels, ['channels']),
          }) as Message,
        );
        break;
      case 'channel':
        model.channels.push(
          Object.assign(item, {
            address: typeof fm.address === 'string' ? fm.address : undefined,
            protocols: Array.isArray(fm.protocols) ? fm.protocols.map(String) : [],
            parameters: readParameters(fm.parameters),
            routes: linker.channelUses(r, fm.routes, ['routes']),
          }) as Channel,
        );
        break;
      case 'service':
        model.services.push(
          Object.assign(item, {
            sends: linker.messageUses(r, 'sends'),
            receives: linker.messageUses(r, 'receives'),
            specifications: specs(loaded, r),
            externalSystem: fm.externalSystem === true,
            writesTo: linker.refs(r, 'writesTo', 'container'),
            readsFrom: linker.refs(r, 'readsFrom', 'container'),
          }) as Service,
        );
        linker.refs(r, 'entities', 'entity');
        linker.refs(r, 'flows', 'flow');
        break;
      case 'domain':
        model.domains.push(
          Object.assign(item, {
            subdomains: linker.refs<Domain>(r, 'domains', 'domain', 'subdomain'),
            services: linker.refs<Service>(r, 'services', 'service'),
            systems: linker.refs(r, 'systems', 'system'),
            sends: linker.messageUses(r, 'sends'),
            receives: linker.messageUses(r, 'receives'),
            specifications: specs(loaded, r),
          }) as Domain,
        );
        for (const [field, collection] of [['entities', 'entity'], ['flows', 'flow'], ['agents', 'agent'], ['data-products', 'data-product']] as const) {
          linker.refs(r, field, collection);
        }
        break;
      case 'system':
        model.systems.push(
          Object.assign(item, {
            services: linker.refs<Service>(r, 'services', 'service'),
            containers: linker.refs(r, 'containers', 'container'),
          }) as System,
        );
        linker.refs(r, 'flows', 'flow');
        linker.refs(r, 'entities', 'entity');
        break;
      case 'flow':
        model.flows.push(Object.assign(item, { steps: flowSteps(r, linker) }) as Flow);
        break;
      default:
        model.others.push(Object.assign(item, { frontmatter: fm }) as OtherResource);
    }
  }

  const lineOf = lineLookup(loaded);
  const schemaChecker = new SchemaChecker(diagnostics);
  for (const schema of [...loaded.schemas.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) schemaChecker.checkMetaSchema(schema);
  for (const message of model.messages) schemaChecker.checkExamples(message);
  if (loaded.resources.length === 0 && !loaded.diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      diagnostic('no-resources', {
        file: '.',
        message: `no EventCatalog resources under ${loaded.root}, so there is nothing to check: this is probably not the catalog folder`,
        fix: 'Point catwire at the folder that holds the catalog (domains/, services/, events/, channels/ …), e.g. `catwire validate path/to/catalog`',
      }),
    );
  }
  checkOwners(indexed.map(({ entry }) => entry), people, diagnostics);
  checkReceivers(model.services, messages, lineOf, diagnostics);
  const { migrations, unbridged: majorMismatches } = planMigrations(checkMajors(model.services), lineOf, diagnostics);
  for (const m of majorMismatches) diagnostics.push(majorMismatch(m, lineOf));
  checkRootIsLatest(indexed.map(({ item }) => item as ResourceBase), byCollection, lineOf, diagnostics);
  checkSchemas(model.messages, diagnostics);

  const sorted = <T extends ResourceBase>(list: T[]) =>
    list.sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.file < b.file ? -1 : 1));
  const result: Mutable<CatalogModel> = {
    root: loaded.root,
    domains: sorted(model.domains),
    systems: sorted(model.systems),
    services: sorted(model.services),
    messages: sorted(model.messages),
    channels: sorted(model.channels),
    flows: sorted(model.flows),
    others: sorted(model.others),
    people: people.sort((a, b) => (a.id < b.id ? -1 : 1)),
    summary: summarize(indexed.map(({ item }) => item as ResourceBase)),
    majorMismatches,
    migrations,
    codegen: planCodegen(model.services, model.channels, lineOf, diagnostics, migrations),
  };
  // Planning reports problems of its own (exchanges, routing keys, queues): only once it has run
  // is it known what every error touches. The plan is then made again without those services;
  // its diagnostics were all reported by the first pass.
  const touched = touchedByErrors([...loaded.diagnostics, ...diagnostics], indexed.map(({ item }) => item as ResourceBase), model.services);
  if (result.codegen.services.some((p) => touched.service(p.service))) {
    result.codegen = planCodegen(model.services, model.channels, lineOf, [], migrations, touched.service);
  }
  return { model: result, diagnostics: [...loaded.diagnostics, ...diagnostics] };
}

function lineLookup(loaded: LoadedCatalog): FileLines {
  const byFile = new Map(loaded.resources.map((r) => [r.file, r.lineOf]));
  return (file, path) => byFile.get(file)?.(path);
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

function flowSteps(r: LoadedResource, linker: Linker): FlowStep[] {
  const steps = Array.isArray(r.frontmatter.steps) ? (r.frontmatter.steps as (Record<string, unknown> | null)[]) : [];
  return steps.map((step, i) => {
    const at = (key: string) => ['steps', i, key];
    for (const [key, collection] of [['flow', 'flow'], ['container', 'container'], ['agent', 'agent'], ['dataProduct', 'data-product']] as const) {
      linker.one(r, step?.[key], at(key), collection);
    }
    const nextRaw = step?.next_steps ?? (step?.next_step === undefined ? [] : [step.next_step]);
    const next = (Array.isArray(nextRaw) ? nextRaw : []).map((n) =>
      typeof n === 'object' && n !== null
        ? { id: String((n as { id: unknown }).id), label: (n as { label?: string }).label }
        : { id: String(n), label: undefined },
    );
    return {
      id: String(step?.id ?? i),
      title: typeof step?.title === 'string' ? step.title : String(step?.id ?? i),
      message: linker.one<Message>(r, step?.message, at('message'), 'message'),
      service: linker.one<Service>(r, step?.service, at('service'), 'service'),
      next,
    };
  });
}
