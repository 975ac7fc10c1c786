/**
 * A small shop catalog walked through the life of two breaking changes, one step at a time:
 * - the event order-placed (owned by its sender, shop): 2.0.0 renames customerId → customer and
 *   adds currency; mailer stays on 1.x for a while, ledger moves at once;
 * - the command reserve-stock (owned by its receiver, warehouse): 2.0.0 renames qty → quantity
 *   and adds warehouse with a default; shop keeps sending 1.0.0 for a while.
 */
import type { FileMap } from '../helpers/catalog-fixture.js';

const schema = (required: string[], properties: object) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, required, properties });

export const ORDER_PLACED_V1 = schema(['orderId', 'customerId', 'total'], {
  orderId: { type: 'string' }, customerId: { type: 'string' }, total: { type: 'number' },
});
export const ORDER_PLACED_V2 = schema(['orderId', 'customer', 'total', 'currency'], {
  orderId: { type: 'string' },
  customer: { type: 'string', 'x-catwire-renamed-from': 'customerId' },
  total: { type: 'number' },
  currency: { type: 'string', enum: ['EUR', 'USD'] },
});
export const RESERVE_STOCK_V1 = schema(['orderId', 'sku', 'qty'], { orderId: { type: 'string' }, sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } });
export const RESERVE_STOCK_V2 = schema(['orderId', 'sku', 'quantity', 'warehouse'], {
  orderId: { type: 'string' },
  sku: { type: 'string' },
  quantity: { type: 'integer', minimum: 1, 'x-catwire-renamed-from': 'qty' },
  warehouse: { type: 'string', default: 'main' },
});

const message = (id: string, version: string) => ({ id, name: id, version, summary: `${id} ${version}`, owners: ['core'], schemaPath: 'schema.json' });
const service = (id: string, sends: object[], receives: object[]) => ({ id, name: id, version: '1.0.0', summary: id, owners: ['core'], sends, receives });

/** Versions each service uses at one step; `latest` when omitted. */
export interface Step {
  readonly orderPlaced: '1' | '2';
  readonly reserveStock: '1' | '2';
  /** mailer's pin on order-placed. */
  readonly mailer?: string;
  /** shop's pin on reserve-stock. */
  readonly shopSends?: string;
  /** Whether the 1.0.0 folders are still there (once both majors exist). */
  readonly keepV1: boolean;
}

export const STEPS = {
  /** Before: everything on 1.0.0. */
  v1: { orderPlaced: '1', reserveStock: '1', keepV1: true },
  /** The owners release 2.0.0; mailer and shop (as reserve-stock's sender) still pin 1.0.0. */
  released: { orderPlaced: '2', reserveStock: '2', mailer: '1.0.0', shopSends: '1.0.0', keepV1: true },
  /** Every pin moved; the 1.0.0 folders are still there. */
  moved: { orderPlaced: '2', reserveStock: '2', keepV1: true },
  /** The 1.0.0 folders removed. */
  removed: { orderPlaced: '2', reserveStock: '2', keepV1: false },
} as const satisfies Record<string, Step>;

export function shopCatalog(step: Step): FileMap {
  const pin = (id: string, version: string | undefined) => ({ id, ...(version ? { version } : {}) });
  const files: Record<string, string | object> = {
    'teams/core.mdx': { id: 'core', name: 'Core team', summary: 'Owns everything here' },
    'services/Shop/index.mdx': service('shop', [pin('order-placed', undefined), pin('reserve-stock', step.shopSends)], []),
    'services/Mailer/index.mdx': service('mailer', [], [pin('order-placed', step.mailer)]),
    'services/Ledger/index.mdx': service('ledger', [], [pin('order-placed', undefined)]),
    'services/Warehouse/index.mdx': service('warehouse', [], [pin('reserve-stock', undefined)]),
  };
  const put = (dir: string, id: string, major: '1' | '2', v1: object, v2: object) => {
    files[`${dir}/index.mdx`] = message(id, `${major}.0.0`);
    files[`${dir}/schema.json`] = major === '1' ? v1 : v2;
    if (major === '2' && step.keepV1) {
      files[`${dir}/versioned/1.0.0/index.mdx`] = message(id, '1.0.0');
      files[`${dir}/versioned/1.0.0/schema.json`] = v1;
    }
  };
  put('services/Shop/events/OrderPlaced', 'order-placed', step.orderPlaced, ORDER_PLACED_V1, ORDER_PLACED_V2);
  put('services/Warehouse/commands/ReserveStock', 'reserve-stock', step.reserveStock, RESERVE_STOCK_V1, RESERVE_STOCK_V2);
  return files;
}
