/**
 * The catalog `catwire init` writes into a project without one: the smallest catalog that
 * shows the conventions a real one needs — a team, a channel whose address has an `{env}`
 * parameter, one service that publishes an event and one that receives it.
 */

const frontmatter = (lines: readonly string[], body: string) => `---\n${lines.join('\n')}\n---\n\n${body}\n`;

export const EXAMPLE_CATALOG: Readonly<Record<string, string>> = {
  'teams/shop.mdx': frontmatter(['id: shop', 'name: Shop team', 'summary: Owns the example services.'], 'Replace this team with yours.'),
  'channels/orders-events/index.mdx': frontmatter(
    [
      'id: orders-events',
      'name: Order events',
      'version: 1.0.0',
      'summary: Topic exchange for the events of orders.',
      'owners:',
      '  - shop',
      'address: orders.{env}.events',
      'protocols:',
      '  - amqp',
      'parameters:',
      '  env:',
      '    enum:',
      '      - dev',
      '      - test',
      '      - prod',
      '    default: dev',
      '    description: Deployment environment (CATWIRE_ENV at runtime)',
      'x-amqp:',
      '  exchange:',
      '    type: topic',
    ],
    'RabbitMQ topic exchange `orders.{env}.events`.',
  ),
  'services/Orders/index.mdx': frontmatter(
    [
      'id: orders-service',
      'name: Orders Service',
      'version: 1.0.0',
      'summary: Takes orders and publishes an event for each one placed.',
      'owners:',
      '  - shop',
      'sends:',
      '  - id: order-placed',
      '    version: 1.0.0',
      '    to:',
      '      - id: orders-events',
    ],
    'Publishes OrderPlaced.',
  ),
  'services/Orders/events/OrderPlaced/index.mdx': frontmatter(
    [
      'id: order-placed',
      'name: Order placed',
      'version: 1.0.0',
      'summary: A customer placed an order.',
      'owners:',
      '  - shop',
      'schemaPath: schema.json',
    ],
    'Published by the Orders Service once an order is accepted.',
  ),
  'services/Orders/events/OrderPlaced/schema.json': `${JSON.stringify(
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['orderId', 'total'],
      properties: {
        orderId: { type: 'string', minLength: 1 },
        total: { type: 'number', minimum: 0 },
      },
    },
    null,
    2,
  )}\n`,
  'services/Shipping/index.mdx': frontmatter(
    [
      'id: shipping-service',
      'name: Shipping Service',
      'version: 1.0.0',
      'summary: Ships what was ordered.',
      'owners:',
      '  - shop',
      'receives:',
      '  - id: order-placed',
      '    version: 1.0.0',
      '    from:',
      '      - id: orders-events',
    ],
    'Receives OrderPlaced.',
  ),
};
