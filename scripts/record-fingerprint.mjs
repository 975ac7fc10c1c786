// Records the hash of the emitter and template sources next to the built emitters (see
// generators/emit/fingerprint.ts), so the built CLI and a run from source agree.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FINGERPRINT_FILE, hashSources } from '../dist/generators/emit/fingerprint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'dist/generators/emit', FINGERPRINT_FILE), `${JSON.stringify({ sources: hashSources(root) })}\n`);
