/** Shared helpers: stable ids, clipping, and the queue of events published outside handlers. */
import { describe, expect, it } from 'vitest';
import { clip, stableId, stableToken } from '../../../system/domain/shared/index.js';
import { PendingEvents } from '../../../system/services/index.js';

describe('stable identifiers', () => {
  it('derive the same UUID from the same parts, and different ones otherwise', () => {
    const id = stableId('inventory-reserved', 'r-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId('inventory-reserved', 'r-1')).toBe(id);
    expect(stableId('inventory-reserved', 'r-2')).not.toBe(id);
    expect(stableId('inventory-reserved', 'r', '-1')).not.toBe(id); // parts are separated, not concatenated
  });

  it('derive alphanumeric tokens of the asked length', () => {
    expect(stableToken(20, 'authorization', 'p-1')).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(stableToken(20, 'authorization', 'p-1')).toBe(stableToken(20, 'authorization', 'p-1'));
  });

  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a little too long', 10, 'a little …'],
  ])('clip(%j, %i) = %j', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('PendingEvents', () => {
  it('publishes in order under the events\' ids and keeps what failed for the next flush', async () => {
    const sent: [string, string | undefined][] = [];
    let failures = 1;
    const send = async (payload: string, options?: { messageId?: string }) => {
      if (payload === 'b' && failures-- > 0) throw new Error('broker away');
      sent.push([payload, options?.messageId]);
    };
    const pending = new PendingEvents();
    pending.add(send, [
      { messageId: 'id-a', payload: 'a' },
      { messageId: 'id-b', payload: 'b' },
    ]);
    pending.add(send, { messageId: 'id-c', payload: 'c' });
    await expect(pending.flush()).rejects.toThrow('broker away');
    expect(pending.size).toBe(2);
    await pending.flush();
    expect(sent).toEqual([
      ['a', 'id-a'],
      ['b', 'id-b'],
      ['c', 'id-c'],
    ]);
    expect(pending.size).toBe(0);
  });
});
