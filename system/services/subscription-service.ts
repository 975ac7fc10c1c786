/** Subscription Service process: the subscription lifecycle and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startSubscriptionService, type SubscriptionServiceContract } from '../../generated/services/subscription-service/index.js';
import * as handlers from '../../handlers/subscription-service/index.js';
import { Subscriptions, type StartSubscription, type SubscriptionsOptions } from '../domain/subscription-service/index.js';
import { PendingEvents, processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface SubscriptionServiceProcessOptions extends ProcessOptions<SubscriptionServiceContract> {
  readonly subscriptions?: Subscriptions | SubscriptionsOptions;
}

export interface SubscriptionServiceProcess extends ServiceProcess<SubscriptionServiceContract> {
  readonly subscriptions: Subscriptions;
  /** Activates a subscription (the sign-up page, outside the catalog) and publishes UserSubscriptionStarted. */
  startSubscription(input: StartSubscription): Promise<void>;
}

export async function startSubscriptionServiceProcess(
  transport: Transport,
  options: SubscriptionServiceProcessOptions = {},
): Promise<SubscriptionServiceProcess> {
  const subscriptions = options.subscriptions instanceof Subscriptions ? options.subscriptions : new Subscriptions(options.subscriptions);
  const process = await startProcess(
    () => startSubscriptionService(transport, handlers, { ...serviceOptions(options), deps: { subscriptions, logger: processLogger(options) } }),
    );
  const pending = new PendingEvents();
  return {
    ...process,
    subscriptions,
    async startSubscription(input) {
      pending.add(process.service.producer.publishUserSubscriptionStarted, subscriptions.start(input).started);
      await pending.flush();
    },
  };
}
