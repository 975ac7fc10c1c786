import { describe, expect, it } from 'vitest';
import { fileName, identifier, splitWords, uniqueFileNames, uniqueInScope } from '../../../generators/model/naming.js';

describe('naming rules', () => {
  it.each([
    ['order-created', ['order', 'created']],
    ['OrderCreated', ['Order', 'Created']],
    ['HTTPRequestSent', ['HTTP', 'Request', 'Sent']],
    ['payments.{env}.events', ['payments', 'env', 'events']],
    ['v2_orderPlaced', ['v2', 'order', 'Placed']],
    ['"quoted`*/ name', ['quoted', 'name']],
    ['Bestellung storniert ü', ['Bestellung', 'storniert', 'ü']],
  ])('SPLIT_WORDS %s', (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });

  it('SPLIT_WORDS takes its ASCII path with the same result as the Unicode rules', () => {
    const unicode = (text: string) =>
      text
        .normalize('NFC')
        .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
        .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
        .split(/[^\p{ID_Continue}]+|_+/u)
        .filter((w) => w.length > 0);
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const texts = printable.flatMap((c) => [`a${c}B`, `A${c}b`, `9${c}Ab`, `${c}xY${c}`, `AB${c}Cd`]);
    for (const text of texts) expect(splitWords(text), text).toEqual(unicode(text));
  });

  // [text, style, identifier]
  it.each([
    ['order-created', 'pascal', 'OrderCreated'],
    ['order-created', 'camel', 'orderCreated'],
    ['OrderCancelled', 'pascal', 'OrderCancelled'],
    ['3d-secure-passed', 'pascal', 'N3dSecurePassed'],
    ['3d-secure-passed', 'camel', 'n3dSecurePassed'],
    ['class', 'camel', 'class_'],
    ['then', 'camel', 'then_'],
    ['__proto__', 'camel', 'proto'],
    ['constructor', 'camel', 'constructor_'],
    ['*/ alert(1) /*', 'camel', 'alert1'],
    ["'); process.exit(1); ('", 'camel', 'processExit1'],
    ['💥', 'pascal', 'Message'],
    ['Größe geändert', 'pascal', 'GrößeGeändert'],
  ] as const)('%s as %s → %s', (text, style, want) => {
    expect(identifier(text, style, 'Message')).toBe(want);
  });

  it('makes file names kebab-case and never empty', () => {
    expect(fileName('OrdersService', 'service')).toBe('orders-service');
    expect(fileName('payments.{env}.events', 'x')).toBe('payments-env-events');
    expect(fileName('../../etc', 'x')).toBe('etc');
    expect(fileName('💥', 'service')).toBe('service');
  });

  it('UNIQUE_IN_SCOPE numbers later names in key order', () => {
    const names = uniqueInScope(new Map([['order-cancelled', 'OrderCancelled'], ['OrderCancelled', 'OrderCancelled'], ['x', 'Other']]));
    expect(Object.fromEntries(names)).toEqual({ OrderCancelled: 'OrderCancelled', 'order-cancelled': 'OrderCancelled2', x: 'Other' });
  });

  it('file names collide after case folding', () => {
    const names = uniqueFileNames(new Map([['a', 'orders'], ['b', 'Orders'], ['c', 'ORDERS']]));
    expect(Object.fromEntries(names)).toEqual({ a: 'orders', b: 'Orders-2', c: 'ORDERS-3' });
  });
});
