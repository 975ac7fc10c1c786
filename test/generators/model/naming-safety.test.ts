/**
 * The naming rules added for hostile ids: a name never starts with a character that can only
 * continue an identifier, file names stay short enough for any file system, and exported names
 * never take a name the generated modules import.
 */
import { describe, expect, it } from 'vitest';
import { fileName, GENERATED_MODULE_NAMES, identifier, MAX_FILE_NAME_BYTES, nameClaimer, notTooLong } from '../../../generators/model/naming.js';

describe('naming safety', () => {
  it('prefixes a name whose first character is not an identifier start', () => {
    expect(['\u0301accent', '\u203Fconnector', '\u00B7dot'].map((id) => identifier(id, 'pascal', 'Message'))).toEqual(['N\u0301accent', 'N\u203Fconnector', 'N\u00B7dot']);
    expect(identifier('\u0301accent', 'camel', 'message')).toBe('n\u0301accent');
    for (const id of ['\u0301accent', '\u203Fconnector', '\u00B7dot', '٣x']) expect(identifier(id, 'camel', 'm')).toMatch(/^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u);
  });

  it('cuts long file names at a character boundary and keeps them apart with a hash', () => {
    const a = fileName('a'.repeat(5_000), 'x');
    const b = fileName(`${'a'.repeat(4_999)}b`, 'x');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(a).not.toBe(b);
    const wide = notTooLong('é'.repeat(400));
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(wide).toMatch(/^é+-[0-9a-f]{8}$/);
    expect(notTooLong('short-name')).toBe('short-name');
  });

  it('numbers an exported name that a generated module imports', () => {
    const claim = nameClaimer({}, GENERATED_MODULE_NAMES);
    expect(['JsonSchema', 'Handlers', 'startService', 'OrderPlaced'].map(claim)).toEqual(['JsonSchema2', 'Handlers2', 'startService2', 'OrderPlaced']);
  });
});
