/**
 * The lint step holds the architecture's import directions; these cases prove it fails on a
 * violation and accepts the allowed directions.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/run-cli.js';

const eslint = new ESLint({ cwd: REPO });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import directions', () => {
  it.each([
    ['generators/x.ts', "import '../runtime/index.js';"],
    ['generators/x.ts', "import '../cli/program.js';"],
    ['templates/x.ts', "import '../generators/index.js';"],
    ['runtime/x.ts', "import '../generators/index.js';"],
    ['runtime/x.ts', "import 'commander';"],
    ['generated/x.ts', "import '../runtime/internal/anything.js';"],
    ['generated/x.ts', "import '../runtime/contract.js';"],
    ['cli/x.ts', "import '../generated/orders.js';"],
    // Only the generated contract tests may reach the handlers and vitest, and only through a handlers index.
    ['generated/x.ts', "import * as h from '../handlers/orders/index.js';"],
    // Handler deps types are imported type-only; a value import of the same module is refused.
    ['generated/services/orders/consumer.ts', "import { OrderDeps } from '../../../system/deps.js'; export const x = OrderDeps;"],
    ['generated/services/orders/consumer.ts', "import { it } from 'vitest';"],
    ['generated/contract-tests/orders.ts', "import * as h from '../../handlers/orders/index.js';"],
    ['generated/contract-tests/orders.test.ts', "import { placeOrder } from '../../handlers/orders/place-order.js';"],
    ['generated/contract-tests/orders.test.ts', "import '../../system/services/registry.js';"],
    ['generated/contract-tests/orders.test.ts', "import '../../runtime/internal/anything.js';"],
    ['generated/contract-tests/orders.test.ts', "import '../../generators/index.js';"],
    ['generated/services/orders/contract.ts', "import { x } from '../../../handlers/orders/casters.js';"],
  ])('%s may not %s', async (file, code) => {
    expect((await violations(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['cli/x.ts', "import '../generators/index.js';"],
    ['generators/x.ts', "import '../templates/header.js';"],
    ['generated/x.ts', "import '../runtime/index.js';"],
    ['generated/services/orders/consumer.ts', "import type { OrderDeps } from '../../../system/deps.js';"],
    // A bridge calls the user-written caster of a migration that catwire could not derive.
    ['generated/services/orders/contract.ts', "import { downcastOrderPlacedV2ToV1 } from '../../../handlers/casters/order-placed-v2-to-v1.js';"],
    ['generated/contract-tests/orders.test.ts', "import { it } from 'vitest'; import * as h from '../../handlers/orders/index.js'; import '../services/orders/index.js'; import './support.js';"],
    ['runtime/x.ts', "import amqp from 'amqplib'; import Ajv from 'ajv'; import { x } from './internal/y.js';"],
    ['test/x.ts', "import '../runtime/internal/anything.js'; import '../generators/index.js';"],
  ])('%s may %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
