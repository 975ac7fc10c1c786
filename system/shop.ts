/** The example shop's products and a customer address: what the demo, the bench and the system tests sell. */
import type { Product } from './domain/cart-api/index.js';

export const SHOE: Product = { productId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', sku: 'SHOE-TR-42', name: 'Trailblazer running shoe (EU 42)', unitPrice: { amount: 12_900, currency: 'EUR' } };
export const SOCK: Product = { productId: '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', sku: 'SOCK-MER-M', name: 'Merino running socks (M)', unitPrice: { amount: 1_500, currency: 'EUR' } };
export const ADDRESS = { recipientName: 'Maya Jansen', line1: 'Keizersgracht 123', city: 'Amsterdam', postalCode: '1015 CJ', countryCode: 'NL' };
