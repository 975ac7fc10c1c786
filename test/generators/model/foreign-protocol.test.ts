/** CW019: a channel of another protocol still becomes a RabbitMQ exchange, and catwire says so once per channel. */
import { describe, expect, it } from 'vitest';
import { BASE_FILES } from '../../helpers/catalog-fixture.js';
import { channel } from './fixtures.js';
import { report } from './report.js';

const foreign = (protocols: string[]) => report({ ...BASE_FILES, ...channel('orders.events', { protocols }) }, ['CW019']);

describe('CW019 foreign-protocol', () => {
  it('names the protocol and the exchange catwire makes of the channel', async () => {
    expect(await foreign(['kafka'])).toEqual([
      'CW019 channels/bus/index.mdx:9 protocols — channel "bus" is a "kafka" channel, not AMQP, yet catwire carries its messages over RabbitMQ exchange orders.events (catwire generates RabbitMQ code only). Add amqp to its protocols if RabbitMQ is meant, or point the sends[].to and receives[].from of its messages at an AMQP channel.',
    ]);
  });

  it('names every protocol of a channel with several', async () => {
    expect((await foreign(['http', 'sqs']))[0]).toContain('channel "bus" is a "http" and "sqs" channel, not AMQP');
  });

  it('is quiet for AMQP under any of its names, and for a channel that names no protocol', async () => {
    for (const protocols of [['amqp'], ['AMQP'], ['amqps'], ['amqp1'], ['rabbitmq'], ['kafka', 'amqp'], []]) {
      expect(await foreign(protocols), protocols.join(',')).toEqual([]);
    }
  });
});
