/**
 * Synthetic catalogs for the code generation benchmark: `services` services, each sending
 * `messages` events with an 8-property schema and receiving the events of the service before it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function messageSchema(s: number, m: number): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'occurredAt', 'amount'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Unique id' },
      occurredAt: { type: 'string', format: 'date-time' },
      amount: { type: 'number', minimum: 0 },
      [`field${s}x${m}`]: { type: 'integer' },
      status: { type: 'string', enum: ['NEW', 'DONE', `S${m}`] },
      tags: { type: 'array', items: { type: 'string' } },
      meta: { type: 'object', properties: { source: { type: 'string' }, retries: { type: 'integer' } } },
      note: { type: ['string', 'null'] },
    },
  };
}

export function writeSyntheticCatalog(root: string, services: number, messages: number): void {
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('teams/bench.mdx', '---\nid: bench\nname: Bench\nsummary: Benchmark team\n---\n');
  const id = (s: number, m: number) => `svc${s}-event${m}`;
  for (let s = 0; s < services; s++) {
    const prev = (s + services - 1) % services;
    const sends = Array.from({ length: messages }, (_, m) => `  - id: ${id(s, m)}\n    version: 1.0.0`).join('\n');
    const receives = Array.from({ length: messages }, (_, m) => `  - id: ${id(prev, m)}`).join('\n');
    write(
      `domains/Bench/services/Svc${s}/index.mdx`,
      `---\nid: service-${s}\nname: Service ${s}\nversion: 1.0.0\nsummary: Synthetic service ${s}\nowners: [bench]\nsends:\n${sends}\nreceives:\n${receives}\n---\n`,
    );
    for (let m = 0; m < messages; m++) {
      const dir = `domains/Bench/services/Svc${s}/events/E${m}`;
      write(`${dir}/index.mdx`, `---\nid: ${id(s, m)}\nname: Event ${m} of ${s}\nversion: 1.0.0\nsummary: Synthetic event\nowners: [bench]\nschemaPath: schema.json\n---\n`);
      write(`${dir}/schema.json`, JSON.stringify(messageSchema(s, m), null, 2));
    }
  }
}
