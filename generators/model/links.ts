/**
 * Resolving the pointer lists that connect resources: messages a service or domain sends and
 * receives (with their channels), channels a message is mapped to, and membership lists.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { display } from '../load/refs.js';
import type { LoadedResource } from '../load/types.js';
import { readPointer, readPointers, resolvePointer, type Pointer } from './references.js';
import type { Channel, ChannelUse, Message, MessageUse, Ref, ResourceBase } from './types.js';
import { VersionIndex } from './versions.js';

export interface Indexes {
  readonly messages: VersionIndex<Message>;
  readonly channels: VersionIndex<Channel>;
  readonly byCollection: ReadonlyMap<string, VersionIndex<ResourceBase>>;
}

export class Linker {
  constructor(
    private readonly indexes: Indexes,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** A membership list such as a domain's `services:`, resolved against one collection. */
  refs<T extends ResourceBase>(resource: LoadedResource, field: string, collection: string, label = collection): Ref<T>[] {
    return readPointers(resource, resource.frontmatter[field], [field], this.diagnostics).map((p) =>
      this.resolve<T>(resource, p, collection, label),
    );
  }

  /** A single pointer, such as a flow step's `message:`. */
  one<T extends ResourceBase>(resource: LoadedResource, value: unknown, path: readonly (string | number)[], collection: string): Ref<T> | undefined {
    if (value === undefined || value === null) return undefined;
    const pointer = readPointer(resource, value, path, this.diagnostics);
    return pointer && this.resolve<T>(resource, pointer, collection, collection);
  }

  private resolve<T extends ResourceBase>(resource: LoadedResource, pointer: Pointer, collection: string, label: string): Ref<T> {
    const index = this.indexes.byCollection.get(collection) as VersionIndex<T> | undefined;
    // A collection with no resources at all still makes every pointer into it dangling.
    return resolvePointer(index ?? new VersionIndex<T>(), label, pointer, resource, this.diagnostics);
  }

  /** `sends:` or `receives:` with their `to:` / `from:` channels. */
  messageUses(resource: LoadedResource, direction: 'sends' | 'receives'): MessageUse[] {
    const channelField = direction === 'sends' ? 'to' : 'from';
    return readPointers(resource, resource.frontmatter[direction], [direction], this.diagnostics).map((pointer) => {
      const ref = resolvePointer(this.indexes.messages, 'message', pointer, resource, this.diagnostics);
      if (ref.target?.deprecated?.inEffect) this.deprecatedInUse(resource, pointer, ref.target);
      const fields = Array.isArray(pointer.raw.fields) ? pointer.raw.fields.map(String) : undefined;
      // Spelled out, not spread from `ref`: see model/kinds.ts on hidden classes.
      return {
        id: ref.id,
        version: ref.version,
        target: ref.target,
        direction,
        path: pointer.path,
        channels: this.channelUses(resource, pointer.raw[channelField], [...pointer.path, channelField]),
        fields,
      };
    });
  }

  /** Channel pointers with their parameter bindings (`to`, `from`, a message's `channels`, `routes`). */
  channelUses(resource: LoadedResource, value: unknown, path: readonly (string | number)[]): ChannelUse[] {
    return readPointers(resource, value, path, this.diagnostics).map((pointer) => {
      const ref = resolvePointer(this.indexes.channels, 'channel', pointer, resource, this.diagnostics);
      if (ref.target?.deprecated?.inEffect) this.deprecatedInUse(resource, pointer, ref.target);
      const params = pointer.raw.parameters;
      const parameters =
        params && typeof params === 'object' && !Array.isArray(params)
          ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))
          : {};
      return { id: ref.id, version: ref.version, target: ref.target, parameters };
    });
  }

  private deprecatedInUse(resource: LoadedResource, pointer: Pointer, target: ResourceBase): void {
    this.diagnostics.push(
      diagnostic('deprecated-in-use', {
        file: resource.file,
        line: resource.lineOf([...pointer.path, 'id']),
        field: `${display(pointer.path)}.id`,
        message: `${target.collection} "${target.id}@${target.version}" is deprecated${target.deprecated?.message ? `: ${target.deprecated.message.trim()}` : ''}`,
        fix: `Move to its replacement, or remove the deprecation from ${target.file} if it is still supported`,
      }),
    );
  }
}
