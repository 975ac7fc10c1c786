import { afterEach, describe, expect, it } from 'vitest';
import { analyzeCatalog, formatDiagnostic } from '../../../generators/index.js';
import { hasExternalRef } from '../../../generators/load/schemas.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
async function analyze(files: FileMap) {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  return analyzeCatalog(root, { today: '2026-11-22' });
}

const EVENT_DIR = 'services/Producer/events/ThingHappened';

describe('schemas that reference other files', () => {
  it('are bundled so the schema travels alone', async () => {
    const { model, diagnostics } = await analyze({
      ...BASE_FILES,
      [`${EVENT_DIR}/schema.json`]: {
        $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['total'],
        properties: { total: { $ref: '../../../../shared/money.json' } },
      },
      'shared/money.json': { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'number' }, currency: { enum: ['EUR', 'USD'] } } },
    });
    expect(diagnostics).toEqual([]);
    const schema = model.messages.find((m) => m.id === 'thing-happened')?.schema?.content;
    expect(hasExternalRef(schema)).toBe(false);
    expect(JSON.stringify(schema)).toContain('"currency"');
  });

  it('may not reach outside the catalog folder', async () => {
    const { diagnostics } = await analyze({
      ...BASE_FILES,
      [`${EVENT_DIR}/schema.json`]: { type: 'object', properties: { secret: { $ref: '../../../../../../../../../etc/hostname' } } },
    });
    expect(diagnostics.map((d) => `${d.code} ${formatDiagnostic(d)}`)).toEqual([
      'CW023 services/Producer/events/ThingHappened/schema.json:5 properties.secret.$ref — $ref "../../../../../../../../../etc/hostname" points outside the catalog folder. Keep referenced files inside the catalog and point to them with a relative $ref.',
    ]);
  });

  it('report a reference that does not resolve', async () => {
    const { diagnostics } = await analyze({
      ...BASE_FILES,
      [`${EVENT_DIR}/schema.json`]: { type: 'object', properties: { total: { $ref: './missing.json' } } },
    });
    expect(diagnostics.map(formatDiagnostic)[0]).toMatch(
      /^services\/Producer\/events\/ThingHappened\/schema\.json — the schema's references cannot be resolved: Error reading file .*missing\.json.*\. Point each \$ref at a file inside the catalog \(relative to this schema\) or at a #\/definitions entry\.$/,
    );
  });
});
