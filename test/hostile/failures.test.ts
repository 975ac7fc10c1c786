/**
 * Hostile corpus, class "failure declarations": business dead letters (`x-amqp.businessDeadLetters`)
 * and query errors (`x-errors`) written to inject code through their names and descriptions, or
 * to make catwire's work or output explode. Names are refused outside their kebab-case alphabet;
 * descriptions reach generated code only as escaped string data or neutralized comment text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { consumerAmqp, eventAsQuery } from '../generators/model/fixtures.js';
import { hostileSuite, type CaseResult } from './harness.js';

/** Text that would end a comment or a string and run code, if it were pasted as is. */
const BREAKOUT = `x */ require("node:fs").writeFileSync("@@MARKER@@", "1"); /*\n@ts-ignore\n"; ${'`'}\${require("node:fs")}${'`'} //# sourceMappingURL=data:x \u2028 </script>`;

/** Every `*\/` in a generated file closes a comment on a line of its own: no catalog text ended one early. */
function commentsIntact(file: string) {
  return (result: CaseResult) => {
    const text = readFileSync(path.join(result.project, 'out', file), 'utf8');
    expect(text.split('\n').filter((line) => line.includes('*/') && line.trim() !== '*/')).toEqual([]);
    expect(text).not.toContain('sourceMappingURL=');
    expect(text).not.toMatch(/^\s*\*?\s*@ts-ignore/m);
  };
}

hostileSuite('failure declarations', [
  {
    name: 'a dead letter description that tries to close its string and comment',
    files: { ...BASE_FILES, ...consumerAmqp({ businessDeadLetters: [{ name: 'refused', description: BREAKOUT }] }) },
    exit: 0,
    verify: (result) => {
      // String data: one JSON-escaped literal, its quotes and line break escaped, no magic comment.
      const text = readFileSync(path.join(result.project, 'out', 'services/consumer/contract.ts'), 'utf8');
      expect(text).toContain('description: "x */ require(\\"node:fs\\").writeFileSync(');
      expect(text).toContain('/*\\n@ts-ignore\\n');
      expect(text).not.toContain('sourceMappingURL=');
    },
  },
  {
    name: 'a query error description that tries to close its comment',
    files: eventAsQuery({ 'x-errors': [{ name: 'gone', description: BREAKOUT }] }),
    exit: 0,
    verify: commentsIntact('services/consumer/contract.ts'),
  },
  {
    name: 'a dead letter name that is code',
    files: { ...BASE_FILES, ...consumerAmqp({ businessDeadLetters: [{ name: 'a"]; require("node:fs").writeFileSync("@@MARKER@@", "1"); //' }] }) },
    exit: 1,
    codes: ['CW083'],
    says: ['is not a lowercase kebab-case name'],
  },
  {
    name: 'a query error name that is code',
    files: eventAsQuery({ 'x-errors': ['not-found" | typeof import("node:fs") | "'] }),
    exit: 1,
    codes: ['CW086'],
  },
  {
    name: 'a dead letter queue with a YAML-breaking and over-long name',
    files: { ...BASE_FILES, ...consumerAmqp({ businessDeadLetters: [{ name: 'long', queue: `q\n${'é'.repeat(200)}` }] }) },
    exit: 1,
    codes: ['CW084'],
  },
  {
    name: '10,000 dead letters of one name',
    files: { ...BASE_FILES, ...consumerAmqp({ businessDeadLetters: Array.from({ length: 10_000 }, () => ({ name: 'same' })) }) },
    exit: 1,
    codes: ['CW085'],
  },
  {
    name: '5,000 distinct query errors',
    files: eventAsQuery({ 'x-errors': Array.from({ length: 5_000 }, (_, i) => `error-${i}`) }),
    exit: 0,
  },
]);
