/**
 * The synthetic catalog of synthetic-catalog.ts with an AsyncAPI 3.0 document attached to every
 * service, saying exactly what the catalog says: one channel per sending service, a send
 * operation per event it sends and a receive operation per event it receives, each payload the
 * catalog schema inlined. `check` on it finds no drift, so the bench times the full comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { messageSchema, writeSyntheticCatalog } from './synthetic-catalog.js';

function asyncApiDocument(s: number, services: number, messages: number): string {
  const prev = (s + services - 1) % services;
  const id = (svc: number, m: number) => `svc${svc}-event${m}`;
  const channel = (svc: number) => ({
    address: `svc${svc}.events`,
    messages: Object.fromEntries(
      Array.from({ length: messages }, (_, m) => {
        const { $schema: _dialect, ...payload } = messageSchema(svc, m);
        return [id(svc, m), { name: id(svc, m), payload }];
      }),
    ),
  });
  const operation = (action: 'send' | 'receive', svc: number, m: number) => ({
    action,
    channel: { $ref: `#/channels/svc${svc}` },
    messages: [{ $ref: `#/channels/svc${svc}/messages/${id(svc, m)}` }],
  });
  return stringify({
    asyncapi: '3.0.0',
    info: { title: `Service ${s}`, version: '1.0.0' },
    channels: { [`svc${s}`]: channel(s), [`svc${prev}`]: channel(prev) },
    operations: Object.fromEntries([
      ...Array.from({ length: messages }, (_, m) => [`send${m}`, operation('send', s, m)]),
      ...Array.from({ length: messages }, (_, m) => [`receive${m}`, operation('receive', prev, m)]),
    ]),
  });
}

export function writeAsyncApiCatalog(root: string, services: number, messages: number): void {
  writeSyntheticCatalog(root, services, messages);
  for (let s = 0; s < services; s++) {
    const dir = path.join(root, `domains/Bench/services/Svc${s}`);
    const index = readFileSync(path.join(dir, 'index.mdx'), 'utf8');
    const spec = 'specifications:\n  - type: asyncapi\n    path: asyncapi.yml\n---\n';
    writeFileSync(path.join(dir, 'index.mdx'), index.replace(/---\n$/, spec));
    writeFileSync(path.join(dir, 'asyncapi.yml'), asyncApiDocument(s, services, messages));
  }
}
