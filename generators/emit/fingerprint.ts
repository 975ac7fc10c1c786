/**
 * The generator's own code is an input of every generated file: a new catwire version must
 * regenerate even when the catalog did not change. The fingerprint hashes the TypeScript
 * sources of the emitters and templates plus the versions of the libraries that print code.
 * Built code has no sources beside it, so the build records their hash in fingerprint.json;
 * that way a run from source and a run of the built CLI agree byte for byte.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['generators/emit', 'templates'];
export const FINGERPRINT_FILE = 'fingerprint.json';

/** Hash of the emitter and template sources under a repository root. */
export function hashSources(root: string): string {
  const hash = createHash('sha1');
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
      hash.update(`${dir}/${file}\n`).update(readFileSync(path.join(root, dir, file)));
    }
  }
  return hash.digest('hex');
}

let cached: string | undefined;

export function generatorFingerprint(): string {
  if (cached) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const recorded = path.join(here, FINGERPRINT_FILE);
  const sources = existsSync(recorded)
    ? (JSON.parse(readFileSync(recorded, 'utf8')) as { sources: string }).sources
    : hashSources(path.resolve(here, '../..'));
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  cached = createHash('sha1').update(`${sources} json-schema-to-typescript@${version('json-schema-to-typescript')} ts-morph@${version('ts-morph')}`).digest('hex');
  return cached;
}
