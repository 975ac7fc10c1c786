/**
 * `generate --partial` leaves out whatever an error touches: the plan holds no service whose own
 * file, messages or channels have an error, and says why each was left out.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { tempProject } from '../../helpers/project.js';
import { cli } from '../../helpers/run-cli.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, event, producer } from './fixtures.js';

async function plan(files: FileMap) {
  const { root, cleanup } = writeCatalog(files);
  try {
    const { model } = await analyzeCatalog(root);
    return {
      planned: model.codegen.services.map((p) => p.service.id),
      skipped: model.codegen.skipped.map((s) => `${s.service.id}: ${s.reason}`),
    };
  } finally {
    cleanup();
  }
}

const command = { id: 'do-thing', name: 'Do thing', version: '1.0.0', summary: 'Do it', owners: ['core'], schemaPath: 'schema.json' };
const withCommand: FileMap = {
  ...BASE_FILES,
  'services/Producer/commands/DoThing/index.mdx': command,
  'services/Producer/commands/DoThing/schema.json': BASE_FILES['services/Producer/events/ThingHappened/schema.json'] as object,
  'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened' }, { id: 'do-thing' }] },
  'services/Bystander/index.mdx': { ...consumer, id: 'bystander', name: 'Bystander', receives: [{ id: 'thing-happened' }] },
};

describe('what --partial leaves out', () => {
  it('a command with two receivers (CW012): its sender and both receivers, not the services it does not touch', async () => {
    const files = {
      ...withCommand,
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened' }, { id: 'do-thing' }] },
      'services/Second/index.mdx': { ...consumer, id: 'second', name: 'Second', receives: [{ id: 'do-thing' }] },
    };
    const where = '(CW012 in services/Producer/commands/DoThing/index.mdx)';
    expect(await plan(files)).toEqual({
      planned: ['bystander'],
      skipped: [`consumer: an error touches it ${where}`, `producer: an error touches it ${where}`, `second: an error touches it ${where}`],
    });
  });

  it('generate --partial writes no consumer of a command with two receivers, and the rest', async () => {
    const project = tempProject({
      ...withCommand,
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened' }, { id: 'do-thing' }] },
      'services/Second/index.mdx': { ...consumer, id: 'second', name: 'Second', receives: [{ id: 'do-thing' }] },
    });
    try {
      const result = await cli(['generate', '--partial', '--runtime', project.runtime], project.root);
      expect(result.code).toBe(0);
      expect(result.err).toContain('skipped second: an error touches it (CW012 in services/Producer/commands/DoThing/index.mdx)');
      expect(readdirSync(path.join(project.root, 'generated/services'))).toEqual(['bystander']);
      expect(existsSync(path.join(project.root, 'handlers/second'))).toBe(false);
    } finally {
      project.cleanup();
    }
  });

  it('a message version whose schema does not parse, and only the services using that version', async () => {
    const files = {
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/schema.json': '{ "type": ',
      'services/Bystander/index.mdx': { ...consumer, id: 'bystander', name: 'Bystander' },
    };
    const where = '(CW021 in services/Producer/events/ThingHappened/schema.json)';
    expect(await plan(files)).toEqual({
      planned: [],
      skipped: [`bystander: an error touches it ${where}`, `consumer: an error touches it ${where}`, `producer: an error touches it ${where}`],
    });
    const pinnedElsewhere = {
      ...files,
      'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '2.0.0' },
      'services/Producer/events/ThingHappened/versioned/1.0.0/index.mdx': { ...event, schemaPath: 'schema.json' },
      'services/Producer/events/ThingHappened/versioned/1.0.0/schema.json': BASE_FILES['services/Producer/events/ThingHappened/schema.json'] as object,
      'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', version: '1.0.0' }] },
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', version: '1.x' }] },
    };
    expect((await plan(pinnedElsewhere)).planned).toEqual(['consumer', 'producer']);
  });

  it("an error in a channel carrying the message, or in the service's own file", async () => {
    const files = {
      ...BASE_FILES,
      'channels/bus/index.mdx': { id: 'bus', name: 'Bus', version: '1.0.0', summary: 'A bus', owners: ['core'], address: 'amq.bus' },
      'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', to: [{ id: 'bus' }] }] },
      'services/Consumer/index.mdx': { ...consumer, 'x-amqp': { prefetch: 0 } },
    };
    expect(await plan(files)).toEqual({
      planned: [],
      skipped: ['consumer: an error touches it (CW050 in services/Consumer/index.mdx)', 'producer: an error touches it (CW015 in channels/bus/index.mdx)'],
    });
  });

  it('a major mismatch (CW013) leaves nothing out: the contract test of the pair reports it', async () => {
    const files = {
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '2.0.0' },
      'services/Producer/events/ThingHappened/versioned/1.0.0/index.mdx': event,
      'services/Producer/events/ThingHappened/versioned/1.0.0/schema.json': BASE_FILES['services/Producer/events/ThingHappened/schema.json'] as object,
      'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', version: '1.0.0' }] },
    };
    expect(await plan(files)).toEqual({ planned: ['consumer', 'producer'], skipped: [] });
  });
});
