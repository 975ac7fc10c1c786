/**
 * User-owned caster stubs (`<handlers>/casters/<message>-v<from>-to-v<to>.ts`): made once for a
 * caster the model could not derive, never rewritten. The contract's import names the file, so
 * a stub the user deleted is recreated; one no migration needs any more is reported with the
 * other orphaned stubs. A written file for a caster catwire can now derive stays in use (it is
 * the user's code; `check` reports it with CW033); an untouched stub of one is reported as such.
 * An optional caster (an event's upcaster of old-major records) gets no stub: a file the user
 * writes there is used.
 */
import { casterStubMessage, renderCasterStub } from '../../templates/caster.js';
import { casterTypes, casterWhat, plannedCasters } from '../emit/casters.js';
import type { CodegenPlan } from '../model/types.js';
import type { StubLayout } from './index.js';

export function planCasterStubs(
  plan: CodegenPlan,
  layout: StubLayout,
  existing: ReadonlyMap<string, string>,
): { files: { path: string; content: string }[]; expected: string[]; superseded: string[] } {
  const files: { path: string; content: string }[] = [];
  const expected: string[] = [];
  const superseded: string[] = [];
  for (const c of plannedCasters(plan)) {
    const file = `${layout.handlers}/${c.module}.ts`;
    if (c.owner !== 'user' || c.derivation.derivable || c.optional) {
      const text = existing.get(file);
      if (text === undefined) continue;
      if (text.includes(casterStubMessage(casterWhat(c), file))) superseded.push(file);
      else expected.push(file); // the user's code, still used
      continue;
    }
    expected.push(file);
    if (existing.has(file)) continue;
    const types = casterTypes(plan, c, file, `./${layout.out}`);
    files.push({
      path: file,
      content: renderCasterStub({ imports: types.imports, what: casterWhat(c), file, reason: c.derivation.reason, functionName: c.functionName, fromType: types.from, toType: types.to }),
    });
  }
  return { files, expected, superseded };
}
