/**
 * The spec parsers' own `$ref` readers, confined to the catalog folder. The walk in
 * ref-walk.ts refuses a document with an outside or remote reference before a parser sees it;
 * these keep the parsers from reading anything else should the walk and a parser ever
 * disagree about what a reference names.
 *
 * @asyncapi/parser tries its built-in readers (file, http, https) before any added one of the
 * same order, and falls through to the next reader when one throws: a refusing reader must
 * come first (order 0) and *answer* — with a document that says it was not read — or the
 * built-in one reads the file or fetches the URL after all.
 */
import { fileURLToPath } from 'node:url';
import { NOT_READ } from '../annotations.js';
import { readConfined } from './confine.js';

/** What a refused reference resolves to inside a parser: data, never the target's content. */
const notRead = (why: string) => JSON.stringify({ [NOT_READ]: why });

interface SpectralUri {
  href(): string;
  toString(): string;
}

/** Readers for @asyncapi/parser's resolver (`__unstable.resolver.resolvers`). */
export function confinedResolvers(root: string) {
  const remote = async () => notRead('remote references are not fetched');
  return [
    { schema: 'file', order: 0, read: async (uri: SpectralUri) => readOrRefuse(root, uri.href()) },
    { schema: 'http', order: 0, read: remote },
    { schema: 'https', order: 0, read: remote },
  ];
}

/** The `file` resolver for @apidevtools/json-schema-ref-parser and swagger-parser. */
export function confinedFileResolver(root: string) {
  return {
    // Every local path is this resolver's to answer, so that no other resolver is asked.
    canRead: (file: { url: string }) => !/^https?:/i.test(file.url),
    read: async (file: { url: string }) => {
      const target = toPath(file.url);
      const read = target === undefined ? undefined : readConfined(root, target);
      if (!read?.ok) throw new Error(`Error opening file ${target ?? file.url}: it ${read?.problem ?? 'is not a file path'}`);
      return read.bytes;
    },
  };
}

function readOrRefuse(root: string, href: string): string {
  const target = toPath(href);
  const read = target === undefined ? undefined : readConfined(root, target);
  return read?.ok ? read.bytes.toString('utf8') : notRead(`the reference ${read?.problem ?? 'is not a file path'}`);
}

function toPath(url: string): string | undefined {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : decodeURIComponent(url);
  } catch {
    return undefined;
  }
}
