/**
 * Small things that read wrong: version suffixes that two versions could share, fallback names
 * that split between `Message` and `message`, and counts and articles in catwire's sentences.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { idWords, versionSuffix } from '../../../generators/model/naming.js';
import { count, withArticle } from '../../../templates/english.js';
import { renderStubIndex } from '../../../templates/stub.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, event, producer } from './fixtures.js';

async function codegen(files: FileMap) {
  const { root, cleanup } = writeCatalog(files);
  try {
    return (await analyzeCatalog(root)).model.codegen;
  } finally {
    cleanup();
  }
}

describe('VERSION_SUFFIX', () => {
  it('keeps V100 where every part is one digit, and joins with _ once one is longer', () => {
    expect(['1.0.0', '0.0.1', '2.1.3', '1.0.10', '10.1.0', '1.10.0', '2.0.0-beta.1'].map(versionSuffix)).toEqual([
      'V100', 'V001', 'V213', 'V1_0_10', 'V10_1_0', 'V1_10_0', 'V2_0_0_beta_1',
    ]);
  });

  it('gives 1.0.10 and 10.1.0 of one id names that cannot be confused', async () => {
    const schema = BASE_FILES['services/Producer/events/ThingHappened/schema.json'] as object;
    const at = (version: string): FileMap => ({
      [`services/Producer/events/ThingHappened/versioned/${version}/index.mdx`]: { ...event, version },
      [`services/Producer/events/ThingHappened/versioned/${version}/schema.json`]: schema,
    });
    const plan = await codegen({
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '11.0.0' },
      ...at('1.0.10'),
      ...at('10.1.0'),
      ...at('1.1.0'),
      'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', version: '1.0.10' }, { id: 'thing-happened', version: '10.1.0' }] },
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', version: '1.1.0' }, { id: 'thing-happened' }] },
    });
    expect(plan.types.map((t) => [t.message.version, t.typeName, t.schemaName, t.module])).toEqual([
      ['1.0.10', 'ThingHappenedV1_0_10', 'thingHappenedV1_0_10Schema', 'types/thing-happened-v1-0-10'],
      ['1.1.0', 'ThingHappenedV110', 'thingHappenedV110Schema', 'types/thing-happened-v1-1-0'],
      ['10.1.0', 'ThingHappenedV10_1_0', 'thingHappenedV10_1_0Schema', 'types/thing-happened-v10-1-0'],
      ['11.0.0', 'ThingHappened', 'thingHappenedSchema', 'types/thing-happened'],
    ]);
  });
});

describe('fallback names', () => {
  it('an id without word characters stands as its kind in every name made from it', async () => {
    const query = { id: '???', name: 'Odd query', version: '1.0.0', summary: 'Asks', owners: ['core'] };
    const plan = await codegen({
      ...BASE_FILES,
      'services/Producer/queries/Odd/index.mdx': query,
      'services/Producer/index.mdx': { ...producer, id: '***', sends: [{ id: 'thing-happened' }, { id: '???' }] },
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened' }, { id: '???' }] },
    });
    const odd = plan.types.find((t) => t.message.id === '???');
    expect([odd?.typeName, odd?.responseTypeName, odd?.schemaName, odd?.responseSchemaName, odd?.module]).toEqual([
      'Message', 'MessageResponse', 'messageSchema', 'messageResponseSchema', 'types/message',
    ]);
    const sender = plan.services.find((s) => s.service.id === '***');
    // ServiceContract and startService are the runtime's own names (reserved), so the fallback is numbered.
    expect(sender?.names).toMatchObject({ contract: 'serviceContract', contractType: 'ServiceContract2', start: 'startService2' });
    expect(sender?.sends.map((s) => s.key)).toEqual(['publishThingHappened', 'requestMessage']);
    expect(plan.services.find((s) => s.service.id === 'consumer')?.receives.map((r) => r.key)).toEqual(['thingHappened', 'message']);
    expect(idWords('order-created', 'message')).toBe('order-created');
  });
});

describe('counts and articles', () => {
  it('counts in the singular for one', () => {
    expect([count(0, 'error'), count(1, 'warning'), count(2, 'file')]).toEqual(['0 errors', '1 warning', '2 files']);
  });

  it('puts "an" before a vowel', () => {
    expect(['OrderServiceHandlers', 'PaymentHandlers', '"amqp1"', '"http"', 'UserHandlers', 'inventory'].map(withArticle)).toEqual([
      'an OrderServiceHandlers', 'a PaymentHandlers', 'an "amqp1"', 'a "http"', 'a UserHandlers', 'an inventory',
    ]);
    expect(renderStubIndex({ serviceLabel: 'Orders', handlersType: 'OrderServiceHandlers', exports: [] })).toContain('where an OrderServiceHandlers is expected.');
  });
});
