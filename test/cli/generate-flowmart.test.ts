/**
 * FlowMart, a real catalog with real flaws: `generate --partial` generates for every service
 * whose messages resolve and that no error touches, names the others, and the output type-checks.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../cli/tree.js';
import { tempProject, typeCheck, type TempProject } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';

const FLOWMART = path.resolve(REPO, '../shared/catalogs/flowmart');
let project: TempProject;
let result: { code: number; out: string; err: string };

beforeAll(async () => {
  project = tempProject(FLOWMART);
  result = await cli(['generate', '--runtime', project.runtime, '--partial'], project.root);
});
afterAll(() => project.cleanup());

describe('generate on FlowMart', () => {
  it('generates the services whose messages resolve and that no error touches, and reports the rest', () => {
    expect(result.code).toBe(0);
    expect(result.err.split('\n').filter((l) => l.startsWith('skipped '))).toEqual([
      'skipped InventoryService: unresolved messages: UserSignedUp@latest',
      'skipped NotificationService: unresolved messages: NotificationSent@latest',
      // It receives InventoryAdjusted@1.x, whose 1.2.3 schema.avro does not parse.
      'skipped OrdersService: an error touches it (CW021 in domains/E-Commerce/subdomains/Orders/services/InventoryService/events/InventoryAdjusted/versioned/1.2.3/schema.avro)',
      'skipped Snowflake: unresolved messages: PaymentComplete@0.0.1',
    ]);
    const services = [...readTree(path.join(project.root, 'generated/services')).keys()].filter((p) => p.endsWith('/contract.ts'));
    expect(services).toHaveLength(8);
  });

  it('warns, naming the file, where a schema is not JSON Schema', () => {
    expect(result.err).toContain(
      'warning CW052 catalog/domains/E-Commerce/subdomains/Orders/services/OrdersService/events/OrderAmended/schema.avro — avro schemas are not turned into types, so "OrderAmended@0.0.1" is typed as a plain object and not validated.',
    );
  });

  it('produces code that type-checks under strict', async () => {
    expect(await typeCheck(project.root)).toEqual([]);
  });
});
