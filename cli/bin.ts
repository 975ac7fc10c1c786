#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './program.js';

// A reader that stops early (`catwire inspect | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await run(process.argv.slice(2), processIo);
