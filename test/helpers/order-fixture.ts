/** A small order system with one event, one command and one query, for generator tests. */
import type { FileMap } from './catalog-fixture.js';

const owned = { summary: 'x', owners: ['core'] };
const schema = (required: string[], properties: object) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required, properties, additionalProperties: false });

export const ORDER_FIXTURE: FileMap = {
  'teams/core.mdx': { id: 'core', name: 'Core', summary: 'Core team' },
  'channels/orders/index.mdx': {
    id: 'orders', name: 'Orders', version: '1.0.0', ...owned, address: 'orders.{env}.events', protocols: ['amqp'],
    parameters: { env: { enum: ['dev', 'prod'], default: 'dev' } }, 'x-amqp': { exchange: { type: 'topic', durable: true } },
  },
  'channels/commands/index.mdx': {
    id: 'commands', name: 'Commands', version: '1.0.0', ...owned, address: 'orders.commands', protocols: ['amqp'], 'x-amqp': { exchange: { type: 'direct' } },
  },
  'services/Orders/index.mdx': {
    id: 'order-service', name: 'Order Service', version: '1.0.0', ...owned,
    sends: [{ id: 'order-created', version: '1.0.0', to: [{ id: 'orders' }] }],
    receives: [{ id: 'create-order', from: [{ id: 'commands' }] }, { id: 'get-order', from: [{ id: 'commands' }] }],
    'x-amqp': { queue: { type: 'quorum', deliveryLimit: 5 }, prefetch: 10, retry: { delaysMs: [100, 1000] } },
  },
  'services/Orders/events/OrderCreated/index.mdx': { id: 'order-created', name: 'Order Created', version: '1.0.0', ...owned, schemaPath: 'schema.json' },
  'services/Orders/events/OrderCreated/schema.json': schema(['orderId', 'total'], { orderId: { type: 'string', format: 'uuid' }, total: { type: 'number', minimum: 0 } }),
  'services/Checkout/index.mdx': {
    id: 'checkout', name: 'Checkout', version: '1.0.0', ...owned,
    sends: [{ id: 'create-order', to: [{ id: 'commands' }] }, { id: 'get-order', to: [{ id: 'commands' }] }],
    receives: [{ id: 'order-created', from: [{ id: 'orders' }] }],
  },
  'services/Checkout/commands/CreateOrder/index.mdx': { id: 'create-order', name: 'Create Order', version: '1.0.0', ...owned, schemaPath: 'schema.json' },
  'services/Checkout/commands/CreateOrder/schema.json': schema(['cartId'], { cartId: { type: 'string' } }),
  'services/Checkout/queries/GetOrder/index.mdx': {
    id: 'get-order', name: 'Get Order', version: '1.0.0', ...owned, schemaPath: 'schema.json', 'x-response-schema': 'response.json',
  },
  'services/Checkout/queries/GetOrder/schema.json': schema(['orderId'], { orderId: { type: 'string' } }),
  'services/Checkout/queries/GetOrder/response.json': schema(['orderId', 'status'], { orderId: { type: 'string' }, status: { enum: ['NEW', 'PAID'] } }),
};
