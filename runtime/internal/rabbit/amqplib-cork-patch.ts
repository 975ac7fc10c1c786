/**
 * A patch of amqplib's private write path: its `Mux` drains the frames its channels queued into
 * the socket one `write` per frame, in one `setImmediate` pass (`connection.muxer._readIncoming`).
 * Corking the socket (`connection.stream`) for that pass makes the pass one `writev`: fewer
 * syscalls here and, with Nagle off, fewer TCP segments for the broker to read. The figure it is
 * kept for is in docs/runtime.md ("Publishing").
 *
 * It touches names amqplib does not export, so it is fenced three ways: it runs only on the
 * amqplib minor version it was tested on (read from amqplib's own package.json), it checks the
 * shape it patches before patching and leaves the connection alone otherwise, and
 * test/runtime/rabbit-cork-patch.test.ts fails when a real connection's shape changes. The
 * transport option `corkWrites: false` turns it off.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ChannelModel } from 'amqplib';
import type { Logger } from '../log.js';

/** The amqplib releases (major.minor) the patch was tested on; any other version runs unpatched. */
export const CORK_PATCH_TESTED = { major: 2, minor: 3 } as const;

/** The private parts of an amqplib connection the patch reads and replaces. */
interface PatchedShape {
  readonly muxer: { _readIncoming: () => void };
  readonly stream: { cork: () => void; uncork: () => void };
}

/**
 * amqplib's installed version, from the package.json beside its entry point (the package does not
 * export `amqplib/package.json`); undefined when it cannot be read, e.g. inside a bundle.
 */
export function installedAmqplibVersion(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('amqplib');
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return manifest.name === 'amqplib' && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `version` is in the tested major.minor range. */
export function corkPatchFits(version: string | undefined): boolean {
  const match = version === undefined ? null : /^(\d+)\.(\d+)\.\d+/.exec(version);
  return match !== null && Number(match[1]) === CORK_PATCH_TESTED.major && Number(match[2]) === CORK_PATCH_TESTED.minor;
}

/** The connection's private parts when they have the shape the patch expects, else undefined. */
export function corkPatchTarget(model: ChannelModel): PatchedShape | undefined {
  const connection = (model as unknown as { connection?: Partial<Record<'muxer' | 'stream', Record<string, unknown>>> }).connection;
  const mux = connection?.muxer;
  const socket = connection?.stream;
  if (typeof mux?.['_readIncoming'] !== 'function' || typeof socket?.['cork'] !== 'function' || typeof socket['uncork'] !== 'function') return undefined;
  return connection as unknown as PatchedShape;
}

/** Decided once per process: the installed amqplib does not change while it runs. */
let fits: boolean | undefined;
/** A skipped patch is said once per process, not on every reconnect. */
let skipTold = false;

/**
 * Corks the socket around each of the connection's drain passes, when the installed amqplib is
 * the tested one and the connection has the expected shape. Otherwise nothing changes and the
 * first such connection says why, at debug level. Returns whether the connection was patched.
 */
export function corkWrites(model: ChannelModel, logger: Logger): boolean {
  const version = fits === undefined ? installedAmqplibVersion() : undefined;
  fits ??= corkPatchFits(version);
  const target = fits ? corkPatchTarget(model) : undefined;
  if (!target) {
    if (!skipTold) {
      skipTold = true;
      logger.debug('amqplib-cork-patch-skipped', {
        reason: fits ? 'the connection has no muxer._readIncoming or stream.cork/uncork' : `amqplib ${version ?? '(version unreadable)'} is not the tested ${CORK_PATCH_TESTED.major}.${CORK_PATCH_TESTED.minor}.x`,
      });
    }
    return false;
  }
  const { muxer, stream } = target;
  const drain = muxer._readIncoming.bind(muxer);
  muxer._readIncoming = () => {
    stream.cork();
    try {
      drain();
    } finally {
      stream.uncork();
    }
  };
  return true;
}
