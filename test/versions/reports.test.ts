/**
 * How a migration whose caster a person writes is reported: `generate` creates the stub once in
 * handlers/casters/, `check` fails on it while it is a stub (CW031), and `inspect` shows every
 * migration with the state of its casters. When the schemas change so that catwire can derive
 * the caster after all, a written file still wins (CW033 says it could go) and an untouched stub
 * is left unused; nothing in handlers/ is deleted.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, typeCheck, type TempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';
import { ORDER_PLACED_V2, shopCatalog, STEPS } from './fixtures.js';

let project: TempProject;
const STUB = 'handlers/casters/order-placed-v2-to-v1.ts';
const file = (p: string) => path.join(project.root, p);

beforeAll(async () => {
  // total becomes a string in 2.0.0: no caster can be derived for the event.
  const files = shopCatalog(STEPS.released);
  const changed = { ...ORDER_PLACED_V2, properties: { ...ORDER_PLACED_V2.properties, total: { type: 'string' } } };
  project = tempProject({ ...files, 'services/Shop/events/OrderPlaced/schema.json': changed });
  const generate = await cli(['generate', '--runtime', project.runtime], project.root);
  expect(generate.code, generate.err).toBe(0);
  expect(generate.out).toContain(`  ${STUB}`);
}, 60_000);

afterAll(() => project?.cleanup());

describe('a caster a person writes', () => {
  it('is created once as a stub that throws, typed old and new', () => {
    expect(readFileSync(file(STUB), 'utf8')).toContain(
      [
        'export function downcastOrderPlacedV2ToV1(payload: OrderPlaced): OrderPlacedV100 {',
        `  throw new Error("not implemented: the caster that downcasts order-placed 2.0.0 to 1.0.0 (${STUB})");`,
        '}',
      ].join('\n'),
    );
  });

  it('fails check while it is the stub (CW031), and inspect says so', async () => {
    const check = await cli(['check', '--runtime', project.runtime], project.root);
    expect(check.code).toBe(1);
    expect(check.out).toContain(
      `error   CW031 ${STUB} downcastOrderPlacedV2ToV1 — the caster that downcasts order-placed 2.0.0 to 1.0.0 is still the generated stub, so every event it bridges fails (catwire could not derive it: field "total" has another schema in order-placed@1.0.0 than "total" in order-placed@2.0.0 (at type: "string" in order-placed@2.0.0, "number" in order-placed@1.0.0)). Implement downcastOrderPlacedV2ToV1 in ${STUB}.`,
    );
    const inspect = await cli(['inspect', 'catalog'], project.root);
    expect(inspect.out.split('Versions in flight\n')[1]).toBe(
      [
        '  event order-placed: shop on 2.0.0, major 1 (1.0.0) still pinned by mailer (services/Mailer/index.mdx receives[0].version)',
        `    downcaster downcastOrderPlacedV2ToV1: user-written, ${STUB} (still the stub)`,
        '    record upcaster upcastOrderPlacedV1ToV2: not written, handlers/casters/order-placed-v1-to-v2.ts (needed only to publish records of 1.0.0 kept across the upgrade, such as outbox rows)',
        '  command reserve-stock: warehouse on 2.0.0, major 1 (1.0.0) still pinned by shop (services/Shop/index.mdx sends[1].version)',
        '    upcaster upcastReserveStockV1ToV2: generated',
        '',
        '',
      ].join('\n'),
    );
  });

  it('is kept across regeneration once written, and then passes check and shows as written', async () => {
    const written = readFileSync(file(STUB), 'utf8').replace(/ {2}throw new Error\(.*\);/, '  return { orderId: payload.orderId, customerId: payload.customer, total: Number(payload.total) };');
    writeFileSync(file(STUB), written);
    expect((await cli(['generate', '--runtime', project.runtime], project.root)).code).toBe(0);
    expect(readFileSync(file(STUB), 'utf8')).toBe(written);
    // The contract imports the user's caster; the whole project compiles under strict.
    expect(await typeCheck(project.root)).toEqual([]);
    const check = await cli(['check', '--runtime', project.runtime], project.root);
    expect(check.out).not.toContain('CW031');
    const inspect = await cli(['inspect', 'catalog', '--format', 'json'], project.root);
    const migrations = (JSON.parse(inspect.out) as { migrations: { message: string; old: { caster: { state: string } }[] }[] }).migrations;
    expect(migrations.map((m) => [m.message, m.old.map((o) => o.caster.state)])).toEqual([
      ['order-placed', [`user-written, ${STUB} (written)`]],
      ['reserve-stock', ['generated']],
    ]);
  }, 60_000);
});

describe('a caster file for a caster catwire can now derive', () => {
  const GENERATED = 'generated/casters/order-placed-v2-to-v1.ts';
  const CONTRACT = 'generated/services/shop/contract.ts';
  const derivable = async () => {
    // total is a number again in 2.0.0: the downcaster is derivable.
    writeFileSync(file('catalog/services/Shop/events/OrderPlaced/schema.json'), JSON.stringify(ORDER_PLACED_V2));
    const generate = await cli(['generate', '--runtime', project.runtime], project.root);
    expect(generate.code, generate.err).toBe(0);
    return generate;
  };

  it('keeps a written file in use, and check and inspect say it could go', async () => {
    const written = readFileSync(file(STUB), 'utf8');
    const generate = await derivable();
    // The bridge's warning names the caster that is used: the written one.
    const bridge = `shop also publishes major 1 through a downcaster (written in ${STUB}, used instead of the one catwire derives) until mailer moves`;
    expect(generate.err).toContain(bridge);
    expect(readFileSync(file(STUB), 'utf8')).toBe(written);
    expect(existsSync(file(GENERATED))).toBe(false);
    expect(readFileSync(file(CONTRACT), 'utf8')).toContain('../../../handlers/casters/order-placed-v2-to-v1.js');
    const check = await cli(['check', '--runtime', project.runtime], project.root);
    expect(check.out).toContain(
      `warning CW033 ${STUB} downcastOrderPlacedV2ToV1 — catwire can now derive the caster that downcasts order-placed 2.0.0 to 1.0.0, but this file is written, so it is still the one used. Delete ${STUB} to use the generated caster, or keep it if it does more than copy fields.`,
    );
    expect(check.out).not.toContain('CW080');
    expect(check.out).toContain(bridge);
    const inspect = await cli(['inspect', 'catalog'], project.root);
    expect(inspect.out).toContain(`    downcaster downcastOrderPlacedV2ToV1: user-written, ${STUB} (written; catwire could now generate it)\n`);
  }, 60_000);

  it('leaves an untouched stub unused and says so; once deleted, only the generated caster remains', async () => {
    const stub = readFileSync(file(STUB), 'utf8').replace(/ {2}return \{.*\};/, `  throw new Error("not implemented: the caster that downcasts order-placed 2.0.0 to 1.0.0 (${STUB})");`);
    writeFileSync(file(STUB), stub);
    const generate = await derivable();
    expect(generate.out).toContain(`caster stubs catwire now derives (unused; delete them):\n  ${STUB}\n`);
    expect(readFileSync(file(STUB), 'utf8')).toBe(stub);
    expect(readFileSync(file(CONTRACT), 'utf8')).toContain('../casters/order-placed-v2-to-v1.js');
    const check = await cli(['check', '--runtime', project.runtime], project.root);
    expect(check.out).toContain(`warning CW033 ${STUB} downcastOrderPlacedV2ToV1 — catwire now derives the caster that downcasts order-placed 2.0.0 to 1.0.0 (${GENERATED}), so this untouched stub is not used. Delete ${STUB}.`);
    expect(check.out).toContain('shop also publishes major 1 through a downcaster (generated) until mailer moves');
    expect(check.out).not.toContain('CW031');

    rmSync(file(STUB));
    const again = await cli(['generate', '--runtime', project.runtime], project.root);
    expect(again.code, again.err).toBe(0);
    expect(existsSync(file(STUB))).toBe(false); // not recreated: nothing to write
    expect(existsSync(file(GENERATED))).toBe(true);
    expect((await cli(['check', '--runtime', project.runtime], project.root)).out).not.toContain('CW033');
    expect(await typeCheck(project.root)).toEqual([]);
  }, 90_000);
});
