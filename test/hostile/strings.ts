/**
 * Hostile text for every field of a catalog that reaches generated code: each string tries one
 * way out of a string literal, a comment or an identifier. Two markers tell whether any got out:
 * the identifier INJECTED (a call that would not compile, and which a token scan finds outside
 * strings and comments) and MARKER_WRITE, code that writes the file named by
 * CATWIRE_HOSTILE_MARKER when it runs.
 */

/** Code that, if it ever runs, writes the marker file. */
export const MARKER_WRITE = 'import("node:fs").then((f) => f.writeFileSync(String(process.env["CATWIRE_HOSTILE_MARKER"]), "ran"))';

export const HOSTILE_STRINGS: readonly string[] = [
  `"); ${MARKER_WRITE}; INJECTED(); ("`,
  `'); ${MARKER_WRITE}; INJECTED(); ('`,
  '`${INJECTED()}` and ${' + MARKER_WRITE + '}',
  `*/ ${MARKER_WRITE}; INJECTED(); /*`,
  `x */ INJECTED(); /* y */ */ ${MARKER_WRITE} /**`,
  `a\\"; INJECTED(); "\\\\`,
  `line\nINJECTED();\n// ${MARKER_WRITE}`,
  `line\r\nINJECTED();\r${MARKER_WRITE}`,
  `sep\u2028INJECTED();\u2029${MARKER_WRITE}`,
  '\\u0022); INJECTED(); (\\u0022',
  '</script><script>INJECTED()</script>',
  '@ts-ignore',
  '\n@ts-expect-error INJECTED',
  ' * @ts-nocheck',
  '@param x INJECTED @returns {INJECTED}',
  '//# sourceMappingURL=data:application/json;base64,e30=',
  '/*# sourceURL=file:///etc/passwd */',
  '\u0430dmin INJЕCTED', // Cyrillic look-alikes
  'nul\u0000byte INJECTED',
  '\uFEFFbom INJECTED',
  'rtl \u202Etxt.exe INJECTED \u202C',
  '\u0301combining-start',
  '\u203Fconnector-start',
  '٣arabic-digit-start',
  '${',
  '}',
  '*/',
  '\\',
  "'",
  '"',
  '`',
  '',
  ' ',
  'then',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  `long ${'x*/'.repeat(700)} INJECTED()`,
];
