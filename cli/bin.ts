#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { processIo } from './io.js';
import { run } from './program.js';

// catwire runs for seconds, not hours. TurboFan's inlining budget suits long-running servers:
// here optimizing compilation of large inlined graphs (on V8's helper threads, for the main
// thread and both type workers) cost more CPU than it saved — a cold generate of 1,000 services
// used 0.7 s less CPU and ran ~6 % faster on 2 cores with a smaller budget (default 920 bytes of
// bytecode). Set before any of catwire's code is hot; it only changes what gets inlined.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

// A reader that stops early (`catwire inspect | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await run(process.argv.slice(2), processIo);
