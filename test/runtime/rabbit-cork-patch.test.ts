/**
 * The amqplib corking patch (runtime/internal/rabbit/amqplib-cork-patch.ts) relies on amqplib's
 * private `connection.muxer._readIncoming` and `connection.stream`. These tests open real
 * connections to the suite's broker and fail when that shape changes, so an amqplib upgrade that
 * moves it is noticed here rather than as a silently lost optimisation.
 */
import { Socket } from 'node:net';
import amqp, { type ChannelModel } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/index.js';
import { CORK_PATCH_TESTED, corkPatchFits, corkPatchTarget, corkWrites, installedAmqplibVersion } from '../../runtime/internal/rabbit/amqplib-cork-patch.js';
import { RabbitConnection } from '../../runtime/internal/rabbit/connection.js';
import { brokerUrl, uniquePrefix } from './helpers/broker.js';

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close().catch(() => undefined)));
});

async function connect(): Promise<ChannelModel> {
  const model = await amqp.connect(await brokerUrl(), { noDelay: true } as Parameters<typeof amqp.connect>[1]);
  opened.push(model);
  return model;
}

describe('the amqplib version guard', () => {
  it('reads the installed amqplib version, which is the tested major.minor (re-test the patch before widening it)', () => {
    const version = installedAmqplibVersion();
    expect(version).toMatch(new RegExp(`^${CORK_PATCH_TESTED.major}\\.${CORK_PATCH_TESTED.minor}\\.\\d+`));
    expect(corkPatchFits(version)).toBe(true);
  });

  it('refuses any other major or minor, and an unreadable version', () => {
    expect(corkPatchFits('2.3.0')).toBe(true);
    expect(corkPatchFits('2.3.9-rc.1')).toBe(true);
    expect(corkPatchFits('2.4.0')).toBe(false);
    expect(corkPatchFits('2.2.7')).toBe(false);
    expect(corkPatchFits('3.3.0')).toBe(false);
    expect(corkPatchFits('12.3.0')).toBe(false);
    expect(corkPatchFits(undefined)).toBe(false);
    expect(corkPatchFits('not a version')).toBe(false);
  });
});

describe('the private shape of a real amqplib connection', () => {
  it('has a Mux whose _readIncoming drains the channels, and a net.Socket stream that corks', async () => {
    const model = await connect();
    const connection = (model as unknown as { connection: { muxer: object; stream: unknown } }).connection;
    expect(connection.stream).toBeInstanceOf(Socket);
    // The method is the class's own (patching the instance replaces it for this connection only).
    expect(Object.hasOwn(connection.muxer, '_readIncoming')).toBe(false);
    expect(typeof (Object.getPrototypeOf(connection.muxer) as { _readIncoming?: unknown })._readIncoming).toBe('function');
    expect(corkPatchTarget(model)).toBe(connection);
  });

  it('sends the frames of one drain pass through the patched method in one writev', async () => {
    const model = await connect();
    expect(corkWrites(model, silentLogger)).toBe(true);
    const target = corkPatchTarget(model);
    if (!target) throw new Error('no patch target');
    const socket = target.stream as unknown as Socket & { _writev: (chunks: unknown[], cb: () => void) => void };
    let passes = 0;
    const patched = target.muxer._readIncoming;
    target.muxer._readIncoming = () => {
      passes++;
      patched();
    };
    const batches: number[] = [];
    const writev = socket._writev.bind(socket);
    socket._writev = (chunks, cb) => {
      batches.push(chunks.length);
      writev(chunks, cb);
    };

    const ch = await model.createConfirmChannel();
    const queue = `${uniquePrefix()}cork`;
    await ch.assertQueue(queue, { exclusive: true });
    passes = 0;
    batches.length = 0;
    // 20 publishes in one tick: each is three frames (method, header, body) queued on the channel.
    const confirms = Array.from({ length: 20 }, (_, i) => new Promise<void>((resolve, reject) => ch.sendToQueue(queue, Buffer.from(`m${i}`), {}, (err) => (err ? reject(err) : resolve()))));
    await Promise.all(confirms);
    expect(passes).toBeGreaterThan(0);
    expect(Math.max(...batches)).toBeGreaterThanOrEqual(20);
    expect((await ch.checkQueue(queue)).messageCount).toBe(20);
  });
});

describe('the corkWrites transport setting', () => {
  for (const corkWrites of [true, false]) {
    it(`${corkWrites ? 'patches' : 'leaves alone'} each connection when ${corkWrites}`, async () => {
      const conn = new RabbitConnection({ urls: [await brokerUrl()], logger: silentLogger, connectTimeoutMs: 10_000, reconnect: {}, heartbeatSeconds: undefined, connectionName: 'catwire-cork-test', corkWrites });
      opened.push(conn);
      await conn.start();
      const muxer = (conn.current as unknown as { connection: { muxer: object } }).connection.muxer;
      expect(Object.hasOwn(muxer, '_readIncoming')).toBe(corkWrites);
    });
  }
});
