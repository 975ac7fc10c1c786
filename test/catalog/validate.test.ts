import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

describe('catwire validate catalog/', () => {
  it('reports 0 errors and 0 warnings', async () => {
    const result = await cli(['validate', 'catalog', '--format', 'json']);
    const report = JSON.parse(result.out) as { diagnostics: unknown[]; summary: Record<string, number> };
    expect(report.diagnostics).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.summary).toEqual({ domains: 6, services: 14, events: 23, commands: 15, queries: 2, channels: 19, flows: 3, entities: 3, containers: 1 });
  });
});
