/** Catalog pieces for the model-rule tests, built on BASE_FILES (a producer and a consumer of thing-happened). */
import { BASE_FILES, type FileMap } from '../../helpers/catalog-fixture.js';

export const producer = BASE_FILES['services/Producer/index.mdx'] as Record<string, unknown>;
export const consumer = BASE_FILES['services/Consumer/index.mdx'] as Record<string, unknown>;
export const event = BASE_FILES['services/Producer/events/ThingHappened/index.mdx'] as Record<string, unknown>;

/** A channel `bus` at `address`, which the producer sends thing-happened to and the consumer receives it from. */
export const channel = (address: string, extra: object = {}): FileMap => ({
  'channels/bus/index.mdx': { id: 'bus', name: 'Bus', version: '1.0.0', summary: 'A bus', owners: ['core'], address, protocols: ['amqp'], ...extra },
  'services/Producer/index.mdx': { ...producer, sends: [{ id: 'thing-happened', version: '1.0.0', to: [{ id: 'bus' }] }] },
  'services/Consumer/index.mdx': { ...consumer, receives: [{ id: 'thing-happened', from: [{ id: 'bus' }] }] },
});

/** The consumer with these `x-amqp` settings. */
export const consumerAmqp = (amqp: object): FileMap => ({ 'services/Consumer/index.mdx': { ...consumer, 'x-amqp': amqp } });

/** The thing-happened event under another id, sent and received by the base services (over channel `via`). */
export const eventId = (id: string, via?: string): FileMap => ({
  'services/Producer/events/ThingHappened/index.mdx': { ...event, id },
  'services/Producer/index.mdx': { ...producer, sends: [{ id, ...(via ? { to: [{ id: via }] } : {}) }] },
  'services/Consumer/index.mdx': { ...consumer, receives: [{ id, ...(via ? { from: [{ id: via }] } : {}) }] },
});

/** The event with these extra frontmatter keys. */
export const eventWith = (extra: object): FileMap => ({ 'services/Producer/events/ThingHappened/index.mdx': { ...event, ...extra } });

/** The base catalog with thing-happened as a query (the producer asks, the consumer answers), its frontmatter extended by `extra`. */
export function eventAsQuery(extra: object): FileMap {
  const files: Record<string, string | object> = { ...BASE_FILES };
  const schema = files['services/Producer/events/ThingHappened/schema.json'] as object;
  delete files['services/Producer/events/ThingHappened/index.mdx'];
  delete files['services/Producer/events/ThingHappened/schema.json'];
  return { ...files, 'services/Producer/queries/ThingHappened/index.mdx': { ...event, ...extra }, 'services/Producer/queries/ThingHappened/schema.json': schema };
}
