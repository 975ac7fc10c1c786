/**
 * `literal` prints JSON data the way the templates always have (bare identifier keys, trailing
 * commas, two-space indent) but from the native serializer; these pin the layout and the
 * escaping that keeps catalog data from becoming code.
 */
import { describe, expect, it } from 'vitest';
import { literal, propertyKey, str } from '../../templates/text.js';

describe('literal', () => {
  it('prints nested data with bare identifier keys, quoted other keys and a comma after every element', () => {
    expect(literal({ a: 1, 'b-c': [true, { d: null }], e: [], f: {}, '1x': 'y' })).toBe(
      ['{', '  a: 1,', '  "b-c": [', '    true,', '    {', '      d: null,', '    },', '  ],', '  e: [],', '  f: {},', '  "1x": "y",', '}'].join('\n'),
    );
  });

  it('continues every line after the first at the given indent', () => {
    expect(literal({ a: [1] }, '    ')).toBe('{\n      a: [\n        1,\n      ],\n    }');
  });

  it('leaves nothing in a string or key able to end it, and never sets a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"x": "\\"; process.exit(1); //"}, "k\\"ey": "a\\u2028b", "list": ["__proto__:", "\\n}"]}') as unknown;
    const text = literal(hostile);
    expect(text).toBe(
      ['{', '  ["__proto__"]: {', '    x: "\\"; process.exit(1); //",', '  },', '  "k\\"ey": "a\\u2028b",', '  list: [', '    "__proto__:",', '    "\\n}",', '  ],', '}'].join('\n'),
    );
    // Evaluated, it is the same data, with __proto__ an own property.
    const value = new Function(`return ${text};`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(hostile);
  });

  it('prints scalars and nothing as themselves', () => {
    expect([literal('a\u2029'), literal(3), literal(null), literal([]), literal(undefined)]).toEqual(['"a\\u2029"', '3', 'null', '[]', 'undefined']);
  });

  it('agrees with str and propertyKey', () => {
    expect(str('x\u2028')).toBe('"x\\u2028"');
    expect([propertyKey('ok_$1'), propertyKey('no-t'), propertyKey('__proto__')]).toEqual(['ok_$1', '"no-t"', '["__proto__"]']);
  });
});
