/** The catalog's JSON schemas of the Order Service's messages, compiled with ajv + ajv-formats. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);
const services = new URL('../../../catalog/domains/Ordering/services/', import.meta.url);

function load(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(path, services)), 'utf8')) as Record<string, unknown>;
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const compile = (path: string): ValidateFunction => ajv.compile(load(path));

export const schemas = {
  createOrder: compile('CheckoutOrchestrator/commands/create-order/schema.json'),
  cancelOrder: compile('CheckoutOrchestrator/commands/cancel-order/schema.json'),
  getOrderResponse: compile('CheckoutAPI/queries/get-order/response.schema.json'),
  'order-created': compile('OrderService/events/order-created/schema.json'),
  'order-cancelled': compile('OrderService/events/order-cancelled/schema.json'),
  'order-completed': compile('OrderService/events/order-completed/schema.json'),
} as const;

/** The ajv errors of `value` against `validate`, as text (empty when valid): `expect(...).toBe('')`. */
export function schemaErrors(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

export function isEventType(type: string): type is 'order-created' | 'order-cancelled' | 'order-completed' {
  return type === 'order-created' || type === 'order-cancelled' || type === 'order-completed';
}
