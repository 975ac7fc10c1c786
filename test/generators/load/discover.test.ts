import { describe, expect, it } from 'vitest';
import { classify } from '../../../generators/load/discover.js';

// [path, collection, versioned] — EventCatalog core's folder rules, including the paths it ignores.
const cases: [string, string | undefined, boolean][] = [
  ['domains/Orders/index.mdx', 'domain', false],
  ['domains/E-Commerce/subdomains/Orders/index.mdx', 'domain', false],
  ['domains/Orders/versioned/0.0.1/index.md', 'domain', true],
  ['domains/Orders/services/OrdersService/index.mdx', 'service', false],
  ['domains/E/subdomains/O/services/S/index.mdx', 'service', false],
  ['domains/Ordering/systems/oms/services/OrderService/index.mdx', 'service', false],
  ['systems/oms/services/OrderService/index.mdx', 'service', false],
  ['services/Snowflake/index.mdx', 'service', false],
  ['services/Snowflake/versioned/0.0.1/index.mdx', 'service', true],
  ['domains/E/subdomains/O/systems/Z/services/S/index.mdx', undefined, false],
  ['domains/Ordering/systems/oms/index.mdx', 'system', false],
  ['systems/oms/index.mdx', 'system', false],
  ['domains/Orders/services/OrdersService/events/OrderAmended/index.mdx', 'event', false],
  ['a/b/c/d/e/commands/DoIt/versioned/1.0.0/index.mdx', 'command', true],
  ['queries/GetOrder/index.mdx', 'query', false],
  ['channels/event-buses/cross-account-bus/index.mdx', 'channel', false],
  ['domains/Orders/services/OrdersService/channels/sqs-channel/index.mdx', 'channel', false],
  ['domains/Orders/flows/PlaceOrder/index.mdx', 'flow', false],
  ['domains/Orders/entities/Order/index.mdx', 'entity', false],
  ['domains/Ordering/systems/oms/containers/order-database/index.mdx', 'container', false],
  ['domains/Payment/agents/FraudReviewAgent/index.mdx', 'agent', false],
  ['domains/Payment/data-products/PaymentAnalytics/index.mdx', 'data-product', false],
  ['adrs/adr-001/index.md', 'adr', false],
  ['teams/full-stack.mdx', 'team', false],
  ['users/dboyne.mdx', 'user', false],
  ['federated/payments/teams/payments.mdx', 'team', false],
  ['docs/guides/index.mdx', undefined, false],
  ['domains/Orders/changelog.mdx', undefined, false],
];

describe('classify', () => {
  it.each(cases)('%s → %s', (file, collection, versioned) => {
    const found = classify(file);
    expect(found?.collection).toBe(collection);
    if (found) expect(found.versioned).toBe(versioned);
  });
});
