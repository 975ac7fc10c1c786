/**
 * Notifications Service domain: turns business events into notifications on each channel the
 * customer can be reached on, records what was sent per channel (the "provider" of this example),
 * and yields one NotificationSent per notification.
 *
 * | Event | Template | About |
 * |---|---|---|
 * | order-created | order_placed | order |
 * | order-cancelled | order_cancelled | order |
 * | PaymentProcessed | payment_receipt | payment |
 * | UserSubscriptionCancelled | subscription_cancelled | subscription |
 * | InventoryAdjusted taking a product from unavailable to available | back_in_stock (to each watcher, once per watch) | product |
 *
 * Channels: the customer's preferred channels if set, else every channel with contact data (email
 * with an address, sms with a phone number, push when enabled); a customer without contact data
 * gets a push notification (the in-app inbox). Idempotency: a notification id is derived from
 * template, resource, customer and channel, so a repeated event sends nothing new and yields the
 * same NotificationSent (same message id).
 */
import type { InventoryAdjusted } from '../../../generated/types/inventory-adjusted.js';
import type { NotificationSent } from '../../../generated/types/notification-sent.js';
import type { OrderingOrderCancelled } from '../../../generated/types/ordering-order-cancelled.js';
// Notifications still pins order-created 1.0.0 (the Order Service bridges it by downcasting 2.0.0).
import type { OrderCreatedV100 as OrderCreated } from '../../../generated/types/order-created-v1-0-0.js';
import type { PaymentProcessed } from '../../../generated/types/payment-processed.js';
import type { UserSubscriptionCancelled } from '../../../generated/types/user-subscription-cancelled.js';
import { iso, stableId, systemClock, type Clock, type Emitted, type Money } from '../shared/index.js';

export type Channel = NotificationSent['channel'];
export type Template = NotificationSent['template'];
export type RelatedTo = NotificationSent['relatedTo'];

export const CHANNELS: readonly Channel[] = ['email', 'sms', 'push'];

export interface Contact {
  readonly email?: string;
  /** E.164, e.g. +31612345678. */
  readonly phone?: string;
  /** The customer has the app with notifications on. */
  readonly push?: boolean;
  /** Channels the customer wants, in order; unreachable ones are skipped. */
  readonly channels?: readonly Channel[];
}

export interface NotifierOptions {
  readonly contacts?: Readonly<Record<string, Contact>>;
  /** Customers waiting for products to come back in stock. */
  readonly watchers?: readonly { customerId: string; productId: string }[];
  readonly now?: Clock;
}

/** A notification as handed to the channel's provider. */
export interface SentNotification {
  readonly notificationId: string;
  readonly customerId: string;
  readonly channel: Channel;
  /** E-mail address, phone number, or the customer id for push. */
  readonly to: string;
  readonly template: Template;
  readonly relatedTo: RelatedTo;
  readonly subject: string;
  readonly body: string;
  readonly sentAt: string;
}

export interface NotifyResult {
  /** Nothing new was sent: every notification existed already. */
  readonly duplicate: boolean;
  readonly notifications: readonly Emitted<NotificationSent>[];
}

interface Message {
  template: Template;
  relatedTo: RelatedTo;
  subject: string;
  body: string;
}

export class Notifier {
  private readonly contacts = new Map<string, Contact>();
  private readonly watchers = new Map<string, Set<string>>();
  private readonly now: Clock;
  private readonly log = new Map<Channel, SentNotification[]>(CHANNELS.map((c) => [c, []]));
  private readonly byId = new Map<string, Emitted<NotificationSent>>();
  private readonly bySource = new Map<string, NotifyResult>();

  constructor(options: NotifierOptions = {}) {
    for (const [customerId, contact] of Object.entries(options.contacts ?? {})) this.setContact(customerId, contact);
    for (const { customerId, productId } of options.watchers ?? []) this.watch(customerId, productId);
    this.now = options.now ?? systemClock;
  }

  setContact(customerId: string, contact: Contact): void {
    if (contact.phone !== undefined && !/^\+[1-9][0-9]{6,14}$/.test(contact.phone)) throw new Error(`phone ${contact.phone} is not E.164`);
    this.contacts.set(customerId, contact);
  }

  watch(customerId: string, productId: string): void {
    let set = this.watchers.get(productId);
    if (!set) this.watchers.set(productId, (set = new Set()));
    set.add(customerId);
  }

  watching(productId: string): string[] {
    return [...(this.watchers.get(productId) ?? [])];
  }

  /** What was sent, per channel or all, in sending order. */
  sent(channel?: Channel): SentNotification[] {
    if (channel) return [...(this.log.get(channel) ?? [])];
    return CHANNELS.flatMap((c) => this.log.get(c) ?? []).sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
  }

  /** The channels a customer is reached on. */
  channelsFor(customerId: string): Channel[] {
    const contact = this.contacts.get(customerId);
    if (!contact) return ['push'];
    const reachable = (channel: Channel) =>
      channel === 'email' ? contact.email !== undefined : channel === 'sms' ? contact.phone !== undefined : contact.push !== false;
    const wanted = contact.channels ?? CHANNELS.filter((c) => (c === 'push' ? contact.push === true : reachable(c)));
    const channels = wanted.filter(reachable);
    return channels.length > 0 ? [...new Set(channels)] : ['push'];
  }

  orderCreated(event: OrderCreated): NotifyResult {
    return this.notify(event.customerId, {
      template: 'order_placed',
      relatedTo: { type: 'order', id: event.orderId },
      subject: `Order ${shortId(event.orderId)} placed`,
      body: `Thank you for your order of ${event.items.length} item(s), total ${formatMoney(event.total)}.`,
    });
  }

  orderCancelled(event: OrderingOrderCancelled): NotifyResult {
    const failedCheckout = event.previousStatus === 'none';
    return this.notify(event.customerId, {
      template: 'order_cancelled',
      relatedTo: { type: 'order', id: event.orderId },
      subject: failedCheckout ? 'Your checkout could not be completed' : `Order ${shortId(event.orderId)} cancelled`,
      body: `${failedCheckout ? 'Your checkout was stopped' : 'Your order was cancelled'}: ${event.reason.replaceAll('_', ' ')}.`,
    });
  }

  paymentProcessed(event: PaymentProcessed): NotifyResult {
    const about = event.context.type === 'order' ? `order ${shortId(event.context.orderId)}` : `subscription invoice ${shortId(event.context.invoiceId)}`;
    return this.notify(event.customerId, {
      template: 'payment_receipt',
      relatedTo: { type: 'payment', id: event.paymentId },
      subject: `Receipt for ${about}`,
      body: `We received ${formatMoney(event.amount)} by ${event.method.replaceAll('_', ' ')} (reference ${event.providerReference}).`,
    });
  }

  subscriptionCancelled(event: UserSubscriptionCancelled): NotifyResult {
    return this.notify(event.customerId, {
      template: 'subscription_cancelled',
      relatedTo: { type: 'subscription', id: event.subscriptionId },
      subject: 'Your subscription was cancelled',
      body: `Your ${event.planId} subscription ends on ${event.effectiveAt.slice(0, 10)}.`,
    });
  }

  /**
   * InventoryAdjusted: when a product goes from unavailable to available, each watcher is told
   * once (the watch ends). `sourceId` (the event's message id) makes a repeated event yield the
   * same notifications.
   */
  inventoryAdjusted(event: InventoryAdjusted, sourceId: string): NotifyResult {
    const seen = this.bySource.get(sourceId);
    if (seen) return { ...seen, duplicate: true };
    const before = event.levels.available - event.adjustment.quantityChange;
    const watchers = this.watching(event.productId);
    if (event.levels.available <= 0 || before > 0 || watchers.length === 0) return { duplicate: false, notifications: [] };
    const notifications = watchers.flatMap(
      (customerId) =>
        this.notify(
          customerId,
          {
            template: 'back_in_stock',
            relatedTo: { type: 'product', id: event.productId },
            subject: `${event.sku} is back in stock`,
            body: `${event.levels.available} unit(s) of ${event.sku} are available again.`,
          },
          sourceId,
        ).notifications,
    );
    this.watchers.delete(event.productId);
    const result = { duplicate: false, notifications };
    this.bySource.set(sourceId, result);
    return result;
  }

  private notify(customerId: string, message: Message, occurrence = ''): NotifyResult {
    const contact = this.contacts.get(customerId);
    const notifications: Emitted<NotificationSent>[] = [];
    let duplicate = true;
    for (const channel of this.channelsFor(customerId)) {
      const notificationId = stableId('notification', message.template, message.relatedTo.type, message.relatedTo.id, customerId, channel, occurrence);
      const existing = this.byId.get(notificationId);
      if (existing) {
        notifications.push(existing);
        continue;
      }
      duplicate = false;
      const sentAt = iso(this.now());
      const to = channel === 'email' ? contact?.email : channel === 'sms' ? contact?.phone : customerId;
      this.log.get(channel)?.push({ notificationId, customerId, channel, to: to ?? customerId, ...message, sentAt });
      const emitted: Emitted<NotificationSent> = {
        messageId: notificationId,
        payload: {
          notificationId,
          recipient: {
            customerId,
            ...(channel === 'email' && contact?.email ? { email: contact.email } : {}),
            ...(channel === 'sms' && contact?.phone ? { phone: contact.phone } : {}),
          },
          channel,
          template: message.template,
          relatedTo: message.relatedTo,
          sentAt,
        },
      };
      this.byId.set(notificationId, emitted);
      notifications.push(emitted);
    }
    return { duplicate, notifications };
  }
}

export const formatMoney = (m: Money): string => `${(m.amount / 100).toFixed(2)} ${m.currency}`;
const shortId = (id: string) => id.slice(0, 8);
