/**
 * CW013: a receiver on another major than its senders never gets their messages (each major has
 * its own routing key). The catalog says so before any contract test waits for a message, and the
 * model keeps who receives what from whom for version bridging.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, event, producer } from './fixtures.js';
import { report } from './report.js';

/** thing-happened in 1.0.0 (versioned) and 2.0.0; the producer sends `sent`, the consumer receives `received`. */
const twoMajors = (sent: string, received: string | undefined, extra: FileMap = {}): FileMap => ({
  ...BASE_FILES,
  'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '2.0.0' },
  'services/Producer/events/ThingHappened/versioned/1.0.0/index.mdx': event,
  'services/Producer/events/ThingHappened/versioned/1.0.0/schema.json': BASE_FILES['services/Producer/events/ThingHappened/schema.json'] as object,
  'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', version: sent }] },
  'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', ...(received ? { version: received } : {}) }] },
  ...extra,
});

const second = (version: string): FileMap => ({
  'services/Second/index.mdx': { ...producer, id: 'second', name: 'Second', sends: [{ id: 'thing-happened', version }] },
});

const majors = (files: FileMap) => report(files, ['CW013']);

describe('CW013 major-mismatch', () => {
  it('an event receiver pinned behind its only sender is a migration in flight (CW030), not CW013', async () => {
    expect(await majors(twoMajors('2.0.0', '1.0.0'))).toEqual([]);
  });

  it('a receiver of the latest major whose sender is pinned to the old one', async () => {
    expect(await majors(twoMajors('1.0.0', undefined))).toEqual([
      'CW013 services/Consumer/index.mdx:9 receives[0].id — consumer receives event "thing-happened" at 2.0.0 (major 2), but its only sender, producer, sends 1.0.0 (major 1): consumer will never receive it. Receive major 1 here (version: 1.x), or have producer send major 2 as well.',
    ]);
  });

  it('names only the senders of other majors when one sender shares the major', async () => {
    expect(await majors(twoMajors('1.0.0', undefined, second('2.0.0')))).toEqual([
      'CW013 services/Consumer/index.mdx:9 receives[0].id — consumer receives event "thing-happened" at 2.0.0 (major 2), but producer sends 1.0.0: consumer will never receive it from producer. Receive major 1 here (version: 1.x), or have producer send major 2 as well.',
    ]);
  });

  it('says none of the senders sends the major when several send others', async () => {
    const files = twoMajors('1.0.0', undefined, {
      'services/Producer/events/ThingHappened/versioned/0.5.0/index.mdx': { ...event, version: '0.5.0', schemaPath: undefined },
      ...second('0.5.0'),
    });
    expect(await majors(files)).toEqual([
      'CW013 services/Consumer/index.mdx:9 receives[0].id — consumer receives event "thing-happened" at 2.0.0 (major 2), but none of its senders sends major 2 (producer sends 1.0.0, second sends 0.5.0): consumer will never receive it. Receive the major its senders send, or have producer or second send major 2 as well.',
    ]);
  });

  it('finds nothing when versions differ only in minor or patch', async () => {
    const files = twoMajors('1.1.0', '1.0.0', { 'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '1.1.0' } });
    expect(await majors(files)).toEqual([]);
  });

  it('finds nothing when both majors share a declared routing key', async () => {
    const files = twoMajors('2.0.0', '1.0.0', {
      'services/Producer/events/ThingHappened/index.mdx': { ...event, version: '2.0.0', 'x-amqp': { routingKey: 'things' } },
      'services/Producer/events/ThingHappened/versioned/1.0.0/index.mdx': { ...event, 'x-amqp': { routingKey: 'things' } },
    });
    expect(await majors(files)).toEqual([]);
  });

  it('keeps the mismatch in the model: message, majors, receiver and senders', async () => {
    const { root, cleanup } = writeCatalog(twoMajors('1.0.0', undefined, second('2.0.0')));
    try {
      const { model } = await analyzeCatalog(root);
      expect(
        model.majorMismatches.map((m) => ({
          message: m.messageId,
          kind: m.kind,
          receiver: [m.receiver.service.id, m.receiver.message.version, m.receiver.major],
          senders: m.senders.map((s) => [s.service.id, s.message.version, s.major]),
          none: m.none,
        })),
      ).toEqual([{ message: 'thing-happened', kind: 'event', receiver: ['consumer', '2.0.0', 2], senders: [['producer', '1.0.0', 1]], none: false }]);
    } finally {
      cleanup();
    }
  });
});
