import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run-cli.js';

describe('catwire validate catalog/', () => {
  it('reports 0 errors, and one warning: the order-created migration still in flight', async () => {
    const result = await cli(['validate', 'catalog', '--format', 'json']);
    const report = JSON.parse(result.out) as { diagnostics: unknown[]; summary: Record<string, number> };
    // Notifications still pins order-created 1.0.0 while Order Service sends 2.0.0 (docs/versions.md).
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'CW030',
        severity: 'warning',
        file: 'domains/E-Commerce/subdomains/Orders/services/NotificationService/index.mdx',
        field: 'receives[3].version',
      }),
    ]);
    expect(result.code).toBe(0);
    expect(report.summary).toEqual({ domains: 6, services: 14, events: 23, commands: 15, queries: 2, channels: 19, flows: 3, entities: 3, containers: 1 });
  });
});
