// Preloaded (`node --import`) into a benchmarked CLI process: when it exits, reports the
// process's peak resident set size (worker threads included) in KB on file descriptor 3.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(3, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
