/**
 * Cross-checks of catalog/ that the EventCatalog linter does not make: every pointer resolves to
 * an existing resource and version, every pointer names its RabbitMQ channel, commands and queries
 * have exactly one receiving service, and the AsyncAPI/OpenAPI documents say what the catalog says.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CATALOG, MESSAGE_TYPES, list, loadResources, str, type Frontmatter, type Resource, type ResourceType } from './catalog.js';

const resources = loadResources();
const ofType = (...types: ResourceType[]): Resource[] => resources.filter((r) => types.includes(r.type));
const latest = (r: Resource): boolean => !r.file.includes('/versioned/');
const messages = ofType('event', 'command', 'query');
const services = ofType('service');
const channels = new Map(ofType('channel').map((c) => [str(c.fm['id']), c]));
const id = (r: Resource): string => str(r.fm['id']);

/** Resolves a pointer like EventCatalog core: latest = highest semver, else exact, else a range. */
function resolve(types: readonly ResourceType[], pointer: Frontmatter): string | undefined {
  const versions = ofType(...types).filter((r) => id(r) === str(pointer['id'])).map((r) => str(r.fm['version']));
  const wanted = str(pointer['version']) || 'latest';
  if (versions.length === 0) return undefined;
  if (wanted === 'latest') return semver.rsort([...versions])[0];
  return versions.includes(wanted) ? wanted : semver.maxSatisfying(versions, wanted) ?? undefined;
}

function unresolved(types: readonly ResourceType[], pointers: Frontmatter[], where: string): string[] {
  return pointers.filter((p) => resolve(types, p) === undefined).map((p) => `${where}: ${str(p['id'])}@${str(p['version']) || 'latest'}`);
}

const pointersOf = (s: Resource, key: 'sends' | 'receives'): Frontmatter[] => list(s.fm[key]);
const channelsOf = (p: Frontmatter, key: 'to' | 'from'): string[] => list(p[key]).map((c) => str(c['id']));
const receivers = (messageId: string): string[] =>
  [...new Set(services.filter((s) => pointersOf(s, 'receives').some((p) => p['id'] === messageId)).map(id))];
const senders = (messageId: string): string[] =>
  services.filter((s) => pointersOf(s, 'sends').some((p) => p['id'] === messageId)).map(id);

describe('catalog consistency', () => {
  it('has unique ids across all resource types and strict semver versions', () => {
    const typeOfId = new Map<string, string>();
    const clashes: string[] = [];
    for (const r of resources) {
      const kind = MESSAGE_TYPES.includes(r.type) ? 'message' : r.type;
      const seen = typeOfId.get(id(r));
      if (seen !== undefined && seen !== kind) clashes.push(`${id(r)}: ${seen} and ${kind}`);
      typeOfId.set(id(r), kind);
    }
    expect(clashes).toEqual([]);
    const versioned = resources.filter((r) => r.type !== 'team' && r.type !== 'user');
    expect(versioned.filter((r) => typeof r.fm['version'] !== 'string' || !semver.valid(str(r.fm['version']))).map((r) => r.file)).toEqual([]);
  });

  it('gives every resource a summary and owners that exist', () => {
    const owners = new Set(ofType('team', 'user').map(id));
    expect(resources.filter((r) => !str(r.fm['summary'])).map((r) => r.file)).toEqual([]);
    const bad = resources
      .filter((r) => r.type !== 'team' && r.type !== 'user')
      .filter((r) => list(r.fm['owners']).length === 0 || (r.fm['owners'] as unknown[]).some((o) => !owners.has(str(o))));
    expect(bad.map((r) => r.file)).toEqual([]);
  });

  it('resolves every sends/receives pointer (and its triggers) to an existing message version', () => {
    const problems = services.flatMap((s) => [
      ...unresolved(MESSAGE_TYPES, pointersOf(s, 'sends'), `${id(s)} sends`),
      ...unresolved(MESSAGE_TYPES, pointersOf(s, 'receives'), `${id(s)} receives`),
      ...unresolved(MESSAGE_TYPES, pointersOf(s, 'receives').flatMap((p) => list(p['triggers'])), `${id(s)} triggers`),
    ]);
    expect(problems).toEqual([]);
  });

  it('names an existing AMQP channel on every pointer, topic for events and direct for commands and queries', () => {
    const problems: string[] = [];
    for (const s of services) {
      for (const [key, via] of [['sends', 'to'], ['receives', 'from']] as const) {
        for (const p of pointersOf(s, key)) {
          const type = messages.find((m) => id(m) === p['id'])?.type;
          const named = channelsOf(p, via);
          if (named.length === 0) problems.push(`${id(s)} ${key} ${str(p['id'])}: no ${via}`);
          for (const c of named) {
            const exchange = (channels.get(c)?.fm['x-amqp'] as { exchange?: { type?: string } } | undefined)?.exchange?.type;
            if (exchange === undefined) problems.push(`${id(s)} ${key} ${str(p['id'])}: channel ${c} missing`);
            else if ((type === 'event') !== (exchange === 'topic')) problems.push(`${id(s)} ${key} ${str(p['id'])}: ${type} on a ${exchange} exchange`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares every channel as an AMQP exchange with a parameterised address', () => {
    for (const c of channels.values()) {
      expect(c.fm['protocols'], c.file).toEqual(['amqp']);
      expect(c.fm['x-amqp'], c.file).toEqual({ exchange: { type: expect.stringMatching(/^(topic|direct)$/), durable: true } });
      const address = str(c.fm['address']);
      expect(address, c.file).toMatch(/^[a-z-]+\.\{env\}\.(events|commands|queries)$/);
      expect(c.fm['parameters'], c.file).toMatchObject({ env: { enum: ['dev', 'test', 'prod'], default: 'dev' } });
    }
  });

  it('has exactly one receiving service for every command and query, and a sender for every message', () => {
    const latestMessages = messages.filter(latest);
    const wrong = latestMessages.filter((m) => m.type !== 'event' && receivers(id(m)).length !== 1);
    expect(wrong.map((m) => `${m.type} ${id(m)}: ${receivers(id(m)).join(', ') || 'no receiver'}`)).toEqual([]);
    expect(latestMessages.filter((m) => senders(id(m)).length === 0).map(id)).toEqual([]);
  });

  it('nests every message under one of its senders', () => {
    const dirOf = new Map(services.map((s) => [id(s), s.dir]));
    const misplaced = messages.filter((m) => !senders(id(m)).some((s) => m.dir.startsWith(`${dirOf.get(s) ?? '?'}/`)));
    expect(misplaced.map((m) => m.file)).toEqual([]);
  });

  it('resolves domain, system, flow, entity and data-store references', () => {
    const problems = [
      ...ofType('domain').flatMap((d) => [
        ...unresolved(['domain'], list(d.fm['domains']), `${id(d)} domains`),
        ...unresolved(['service'], list(d.fm['services']), `${id(d)} services`),
        ...unresolved(['system'], list(d.fm['systems']), `${id(d)} systems`),
        ...unresolved(['entity'], list(d.fm['entities']), `${id(d)} entities`),
        ...unresolved(['flow'], list(d.fm['flows']), `${id(d)} flows`),
      ]),
      ...ofType('system').flatMap((s) => [
        ...unresolved(['service'], list(s.fm['services']), `${id(s)} services`),
        ...unresolved(['container'], list(s.fm['containers']), `${id(s)} containers`),
        ...unresolved(['system'], list(s.fm['relationships']), `${id(s)} relationships`),
      ]),
      ...services.flatMap((s) => [
        ...unresolved(['container'], [...list(s.fm['writesTo']), ...list(s.fm['readsFrom'])], `${id(s)} data stores`),
        ...unresolved(['entity'], list(s.fm['entities']), `${id(s)} entities`),
      ]),
      ...ofType('entity').flatMap((e) => unresolved(['entity'], list(e.fm['properties']).filter((p) => p['references']).map((p) => ({ id: p['references'] })), `${id(e)} properties`)),
      ...ofType('flow').flatMap((f) => {
        const steps = list(f.fm['steps']);
        const stepIds = new Set(steps.map((s) => String(s['id'])));
        const next = (s: Frontmatter): string[] => [s['next_step'], ...list(s['next_steps'])].filter((n) => n !== undefined)
          .map((n) => String(typeof n === 'object' && n !== null ? (n as Frontmatter)['id'] : n));
        return [
          ...unresolved(MESSAGE_TYPES, steps.flatMap((s) => (s['message'] ? [s['message'] as Frontmatter] : [])), `${id(f)} steps`),
          ...unresolved(['service'], steps.flatMap((s) => (s['service'] ? [s['service'] as Frontmatter] : [])), `${id(f)} steps`),
          ...unresolved(['flow'], steps.flatMap((s) => (s['flow'] ? [s['flow'] as Frontmatter] : [])), `${id(f)} steps`),
          ...steps.flatMap((s) => next(s).filter((n) => !stepIds.has(n)).map((n) => `${id(f)}: step ${String(s['id'])} -> ${n}`)),
        ];
      }),
    ];
    expect(problems).toEqual([]);
  });

  it('keeps InventoryAdjusted in two versions, consumed through ranges', () => {
    const versions = messages.filter((m) => id(m) === 'InventoryAdjusted').map((m) => [str(m.fm['version']), latest(m)]);
    expect(versions.sort()).toEqual([['1.0.0', false], ['1.1.0', true]]);
    const range = (svc: string): unknown => pointersOf(services.find((s) => id(s) === svc)!, 'receives').find((p) => p['id'] === 'InventoryAdjusted')?.['version'];
    expect(range('OrdersService')).toBe('1.x');
    expect(range('NotificationService')).toBe('^1.0.0');
  });

  describe.each(services.filter((s) => list(s.fm['specifications']).some((x) => x['type'] === 'asyncapi')).map((s) => [id(s), s] as const))('AsyncAPI of %s', (_, service) => {
    const spec = list(service.fm['specifications']).find((x) => x['type'] === 'asyncapi')!;
    const doc = parseYaml(fs.readFileSync(path.join(CATALOG, service.dir, str(spec['path'])), 'utf8')) as {
      channels: Record<string, { address: string }>;
      operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
      components: { messages: Record<string, { payload: { $ref: string }; 'x-eventcatalog-message-type'?: string }> };
    };
    const last = (ref: string): string => ref.split('/').pop() ?? '';

    it('uses the catalog channel ids and addresses', () => {
      for (const [key, channel] of Object.entries(doc.channels)) expect(channel.address, key).toBe(channels.get(key)?.fm['address']);
    });

    it('has one send/receive operation per catalog pointer, on the same channel', () => {
      const operations = Object.values(doc.operations).map((o) => `${o.action} ${last(o.messages[0]?.$ref ?? '')} @ ${last(o.channel.$ref)}`).sort();
      const catalog = [
        ...pointersOf(service, 'sends').map((p) => `send ${str(p['id'])} @ ${channelsOf(p, 'to').join()}`),
        ...pointersOf(service, 'receives').map((p) => `receive ${str(p['id'])} @ ${channelsOf(p, 'from').join()}`),
      ].sort();
      expect(operations).toEqual(catalog);
    });

    it('keys messages by catalog id and takes payloads from the catalog schema files', () => {
      for (const [key, message] of Object.entries(doc.components.messages)) {
        const target = messages.find((m) => id(m) === key && latest(m));
        expect(target, key).toBeDefined();
        expect(path.resolve(CATALOG, service.dir, message.payload.$ref), key).toBe(path.join(CATALOG, target!.dir, 'schema.json'));
        expect(message['x-eventcatalog-message-type'], key).toBe(target!.type === 'event' ? undefined : target!.type);
      }
    });
  });

  it('matches every command with an `operation` to an OpenAPI operation of its receiving service', () => {
    const problems: string[] = [];
    for (const message of messages.filter((m) => latest(m) && m.fm['operation'])) {
      const op = message.fm['operation'] as { method: string; path: string; statusCodes: string[] };
      const [receiver] = receivers(id(message));
      const service = services.find((s) => id(s) === receiver)!;
      const spec = list(service.fm['specifications']).find((x) => x['type'] === 'openapi');
      if (!spec) { problems.push(`${id(message)}: ${receiver} has no OpenAPI`); continue; }
      const doc = parseYaml(fs.readFileSync(path.join(CATALOG, service.dir, str(spec['path'])), 'utf8')) as {
        paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>;
      };
      const found = doc.paths[op.path]?.[op.method.toLowerCase()];
      if (found?.operationId !== id(message)) { problems.push(`${id(message)}: no ${op.method} ${op.path} with that operationId`); continue; }
      if (Object.keys(found.responses).sort().join() !== [...op.statusCodes].sort().join()) problems.push(`${id(message)}: status codes differ`);
      const body = found.requestBody?.content['application/json']?.schema.$ref;
      if (body !== undefined && path.resolve(CATALOG, service.dir, body) !== path.join(CATALOG, message.dir, 'schema.json')) problems.push(`${id(message)}: request body is not the catalog schema`);
    }
    expect(problems).toEqual([]);
    const operations = services.flatMap((s) => list(s.fm['specifications']).filter((x) => x['type'] === 'openapi').map((x) => {
      const doc = parseYaml(fs.readFileSync(path.join(CATALOG, s.dir, str(x['path'])), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
      return Object.values(doc.paths).flatMap((item) => Object.keys(item)).length;
    })).reduce((a, b) => a + b, 0);
    expect(operations).toBe(messages.filter((m) => latest(m) && m.fm['operation']).length);
  });
});
