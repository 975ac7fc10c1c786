/**
 * Run by hidden-classes.test.ts under `node --allow-natives-syntax`: builds the model of the
 * catalog at argv[2] and prints, per kind of model object, how many neighbours in its list
 * share their hidden class, as JSON.
 */
import { analyzeCatalog } from '../../../generators/index.js';

// V8's test intrinsic; the Function constructor parses it because of the flag.
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

function sharing(list: readonly object[]): { pairs: number; shared: number } {
  let shared = 0;
  for (let i = 1; i < list.length; i++) if (sameHiddenClass(list[i] as object, list[i - 1] as object)) shared++;
  return { pairs: Math.max(0, list.length - 1), shared };
}

const { model } = await analyzeCatalog(process.argv[2] as string);
const plans = model.codegen.services;
process.stdout.write(
  JSON.stringify({
    messages: sharing(model.messages),
    services: sharing(model.services),
    sends: sharing(model.services.flatMap((s) => s.sends)),
    receives: sharing(model.services.flatMap((s) => s.receives)),
    'type plans': sharing(model.codegen.types),
    'send plans': sharing(plans.flatMap((p) => p.sends)),
    'receive plans': sharing(plans.flatMap((p) => p.receives)),
  }),
);
