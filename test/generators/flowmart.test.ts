/**
 * The FlowMart demo catalog (EventCatalog 3.x) with its real flaws: catwire reads all of it,
 * resolves its ranges as EventCatalog core does, and names each flaw with its file.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { specDrift } from '../../generators/check/spec-drift.js';
import { analyzeCatalog, formatDiagnostic, type Analysis, type Diagnostic } from '../../generators/index.js';

// Beside the repository in CI (../shared); CATWIRE_FLOWMART points a worktree elsewhere at it.
const FLOWMART = process.env.CATWIRE_FLOWMART ?? path.resolve(import.meta.dirname, '../../../shared/catalogs/flowmart');
let analysis: Analysis;

beforeAll(async () => {
  analysis = await analyzeCatalog(FLOWMART);
});

const problems = () => analysis.diagnostics.map((d) => `${d.code} ${d.file} ${d.field ?? ''} ${d.message}`);

describe('FlowMart', () => {
  it('counts the latest version of each resource', () => {
    expect(analysis.model.summary).toEqual({
      domains: 5, services: 12, events: 33, commands: 12, queries: 7, channels: 13, flows: 8, entities: 22, containers: 10,
    });
  });

  it("resolves OrdersService's InventoryAdjusted@1.x to 1.2.3, the highest match across versioned folders", () => {
    const orders = analysis.model.services.find((s) => s.id === 'OrdersService' && s.latest);
    const use = orders?.receives.find((r) => r.id === 'InventoryAdjusted');
    expect(use?.version).toBe('1.x');
    expect(use?.target?.version).toBe('1.2.3');
    expect(use?.target?.file).toBe('domains/E-Commerce/subdomains/Orders/services/InventoryService/events/InventoryAdjusted/versioned/1.2.3/index.mdx');
  });

  const SERVICES = 'domains/E-Commerce/subdomains/Orders/services';
  it.each([
    // Known quirk 3: dangling references
    ['CW010', `${SERVICES}/InventoryService/index.mdx`, 'receives[0].id', 'message "UserSignedUp" does not exist'],
    ['CW010', `${SERVICES}/NotificationService/index.mdx`, 'sends[1].id', 'message "NotificationSent" does not exist'],
    ['CW011', 'domains/E-Commerce/services/Snowflake/index.mdx', 'receives[1].version', 'message "PaymentComplete" has no version matching "0.0.1" (versions: 0.0.2)'],
    ['CW010', 'domains/E-Commerce/index.mdx', 'domains[3].id', 'subdomain "MySubdomain" does not exist'],
    ['CW010', 'channels/orders.{env}.events/index.mdx', 'routes[0].id', 'channel "sns-channel" does not exist'],
    ['CW040', 'domains/E-Commerce/subdomains/Orders/flows/InventoryReservation/index.mdx', 'owners[0]', 'owner "inventory-team" is neither a team nor a user'],
    ['CW040', 'domains/E-Commerce/subdomains/Orders/flows/PlaceOrder/index.mdx', 'owners[0]', 'owner "orders-team" is neither a team nor a user'],
    ['CW040', 'domains/E-Commerce/subdomains/Orders/flows/ShipmentCreation/index.mdx', 'owners[0]', 'owner "fulfillment-team" is neither a team nor a user'],
    // A receiver pinned to a major its only sender no longer sends: a migration in flight, whose
    // downcaster a person writes (the old version has no schema)
    [
      'CW030',
      'domains/E-Commerce/subdomains/Subscriptions/services/SubscriptionService/index.mdx',
      'receives[0].version',
      'SubscriptionService receives event "PaymentProcessed" at 0.0.1 (major 0) while PaymentService sends 1.0.0 (major 1): PaymentService also publishes major 0 through a downcaster (user-written in handlers/casters/payment-processed-v1-to-v0.ts, since PaymentProcessed@0.0.1 has no schema to map fields from) until SubscriptionService moves',
    ],
    // A Kafka channel that becomes a RabbitMQ exchange
    [
      'CW019',
      'channels/payment.{env}.events/index.mdx',
      'protocols',
      'channel "payments.{env}.events" is a "kafka" channel, not AMQP, yet catwire carries its messages over RabbitMQ exchange payments.staging.events (catwire generates RabbitMQ code only)',
    ],
    // Known quirk 4: missing schema files
    ['CW020', `${SERVICES}/InventoryService/events/InventoryGenerated/index.mdx`, 'schemaPath', 'schema file "schema.json" does not exist'],
    ['CW020', `${SERVICES}/InventoryService/commands/DeleteInventory/index.mdx`, 'schemaPath', 'schema file "schema.json" does not exist'],
  ])('reports %s in %s at %s: %s', (code, file, field, message) => {
    expect(problems()).toContain(`${code} ${file} ${field} ${message}`);
  });

  it('follows channel routes: DeliveryFailed, sent to orders-domain-eventbus and received from registrations-domain-eventbus (joined through cross-account-bus), is no CW051', () => {
    expect(problems().filter((p) => p.startsWith('CW051'))).toEqual([
      'CW051 domains/E-Commerce/subdomains/Payment/services/PaymentService/events/PaymentProcessed/index.mdx id "PaymentProcessed" is sent and received over channels that no route connects (orders-domain-eventbus; payments.{env}.events); catwire routes it over exchange orders-domain-eventbus only',
    ]);
  });

  it('checks examples against their schemas: 13 of its 24 JSON examples do not match (known quirk), and every schema is valid for its dialect', () => {
    const examples = analysis.diagnostics.filter((d) => d.code === 'CW017');
    expect(examples).toHaveLength(13);
    expect(examples.map((d) => d.file)).toContain('domains/E-Commerce/subdomains/Payment/services/PaymentGatewayService/events/PaymentFailed/examples/card-declined.json');
    expect(formatDiagnostic(examples.find((d) => d.file.endsWith('ShipmentCreated/examples/multi-package.json')) as Diagnostic)).toBe(
      'domains/E-Commerce/subdomains/Orders/services/ShippingService/events/ShipmentCreated/examples/multi-package.json — the example does not match the schema of event "ShipmentCreated@0.0.1" (domains/E-Commerce/subdomains/Orders/services/ShippingService/events/ShipmentCreated/schema.json): the payload must have required property \'address\'. Correct the example, or the schema if the example shows what is really sent.',
    );
    expect(analysis.diagnostics.filter((d) => d.code === 'CW016')).toEqual([]);
  });

  it('suggests the real id for the dangling UserSignedUp', () => {
    const d = analysis.diagnostics.find((x) => x.message === 'message "UserSignedUp" does not exist');
    expect(d?.fix).toBe('Did you mean "UserSignedUpEvent"? Otherwise add the message or remove the pointer');
  });

  it("names the invalid licence of OrdersService 0.0.2's OpenAPI document (identifier and url exclude each other)", () => {
    expect(problems()).toContain(
      `CW063 ${SERVICES}/OrdersService/versioned/0.0.2/openapi.yml info.license the OpenAPI document is not valid: it fits more than one of the forms the specification allows here, which exclude each other`,
    );
  });

  // Spec drift, all of it true: OrdersService's OpenAPI documents have operations the catalog
  // does not declare (GET /orders, PATCH /orders/{orderId}) and two it declares as PlaceOrder and
  // GetOrder in the service's folder but does not receive. (Its AsyncAPI document is not
  // resolved: a remote $ref, CW043.)
  it('reports exactly the true spec drift, naming the catalog message an operation links to', () => {
    const drift = specDrift(analysis.model).map((d) => `${d.code} ${d.file.replace(`${SERVICES}/OrdersService/`, '')} ${d.field ?? ''}`);
    expect(drift.sort()).toEqual([
      'CW061 openapi-v1.yml GET /orders',
      'CW061 openapi-v1.yml GET /orders/{orderId}',
      'CW061 openapi-v1.yml PATCH /orders/{orderId}',
      'CW061 openapi-v1.yml POST /orders',
      'CW061 openapi-v2.yml GET /orders/{orderId}',
      'CW061 openapi-v2.yml PATCH /orders/{orderId}',
      'CW061 openapi-v2.yml POST /orders',
    ]);
    const post = specDrift(analysis.model).find((d) => d.field === 'POST /orders');
    expect(post?.message).toBe('POST /orders is command "PlaceOrder" in the catalog (its operation says so), but OrdersService does not list "PlaceOrder" in receives');
  });
});
