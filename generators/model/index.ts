/**
 * The model stage: from loaded files to the contract model. Resources are first built (kinds.ts)
 * and indexed by id and version, then every pointer is resolved, then catalog-wide rules run.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedCatalog, LoadedResource } from '../load/types.js';
import { checkMajors, checkOwners, majorMismatch, checkReceivers, checkRootIsLatest, type FileLines } from './checks.js';
import { buildResource, type Built, type Mutable } from './kinds.js';
import { Linker } from './links.js';
import { located } from './located.js';
import { planMigrations, type CasterFiles } from './migrations.js';
import { planCodegen } from './plan.js';
import { checkSchemas } from './schema-safety.js';
import { readBase } from './resources.js';
import { summarize } from './summary.js';
import { SchemaChecker } from './schema-checks.js';
import { touchedByErrors } from './touched.js';
import type { CatalogModel, Channel, Domain, Flow, FlowStep, Message, OtherResource, Person, ResourceBase, Service, System } from './types.js';
import { namespaceOf, VersionIndex } from './versions.js';

export type * from './types.js';

export interface ModelOptions {
  /** ISO date deciding whether dated deprecations are in effect; defaults to today. */
  readonly today?: string;
  /** The handlers folder's casters, for what CW030 says of each bridge; without it, as if none were written in `handlers/`. */
  readonly casters?: CasterFiles;
}

export interface ModelResult {
  readonly model: CatalogModel;
  readonly diagnostics: readonly Diagnostic[];
}

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
  const indexed: { entry: Entry; item: Mutable<ResourceBase>; built: Built }[] = [];
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
    const built = buildResource(entry.base, entry.loaded, loaded);
    const item = built.resource;
    index.add(item);
    indexed.push({ entry, item, built });
  }
  for (const { item } of indexed) item.latest = byCollection.get(namespaceOf(item.collection))?.latest(item.id) === item;

  // Phase 2: resolve each resource's pointers, now that every resource is indexed.
  const linker = new Linker({ messages, channels: (byCollection.get('channel') ?? new VersionIndex()) as VersionIndex<Channel>, byCollection }, diagnostics);
  const model = {
    domains: [] as Domain[], systems: [] as System[], services: [] as Service[], messages: [] as Message[],
    channels: [] as Channel[], flows: [] as Flow[], others: [] as OtherResource[],
  };
  for (const { entry, built } of indexed) {
    const r = entry.loaded;
    const fm = r.frontmatter;
    switch (built.kind) {
      case 'message':
        built.resource.channels = linker.channelUses(r, fm.channels, ['channels']);
        model.messages.push(built.resource);
        break;
      case 'channel':
        built.resource.routes = linker.channelUses(r, fm.routes, ['routes']);
        model.channels.push(built.resource);
        break;
      case 'service': {
        const service = built.resource;
        service.sends = linker.messageUses(r, 'sends');
        service.receives = linker.messageUses(r, 'receives');
        service.writesTo = linker.refs(r, 'writesTo', 'container');
        service.readsFrom = linker.refs(r, 'readsFrom', 'container');
        linker.refs(r, 'entities', 'entity');
        linker.refs(r, 'flows', 'flow');
        model.services.push(service);
        break;
      }
      case 'domain': {
        const domain = built.resource;
        domain.subdomains = linker.refs<Domain>(r, 'domains', 'domain', 'subdomain');
        domain.services = linker.refs<Service>(r, 'services', 'service');
        domain.systems = linker.refs(r, 'systems', 'system');
        domain.sends = linker.messageUses(r, 'sends');
        domain.receives = linker.messageUses(r, 'receives');
        for (const [field, collection] of [['entities', 'entity'], ['flows', 'flow'], ['agents', 'agent'], ['data-products', 'data-product']] as const) {
          linker.refs(r, field, collection);
        }
        model.domains.push(domain);
        break;
      }
      case 'system':
        built.resource.services = linker.refs<Service>(r, 'services', 'service');
        built.resource.containers = linker.refs(r, 'containers', 'container');
        linker.refs(r, 'flows', 'flow');
        linker.refs(r, 'entities', 'entity');
        model.systems.push(built.resource);
        break;
      case 'flow':
        built.resource.steps = flowSteps(r, linker);
        model.flows.push(built.resource);
        break;
      case 'other':
        model.others.push(built.resource);
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
  const { migrations, unbridged: majorMismatches } = planMigrations(checkMajors(model.services), lineOf, diagnostics, options.casters);
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
  return { model: result, diagnostics: [...loaded.diagnostics, ...diagnostics.map((d) => located(d, lineOf))] };
}

function lineLookup(loaded: LoadedCatalog): FileLines {
  const byFile = new Map(loaded.resources.map((r) => [r.file, r.lineOf]));
  return (file, path) => byFile.get(file)?.(path);
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
