/** Notifications Service process: the notifier (contacts, watchers, what was sent per channel) and the generated service. */
import type { Transport } from '../../runtime/index.js';
import { startNotificationService, type NotificationServiceContract } from '../../generated/services/notification-service/index.js';
import * as handlers from '../../handlers/notification-service/index.js';
import { Notifier, type NotifierOptions } from '../domain/notification-service/index.js';
import { processLogger, serviceOptions, startProcess, type ProcessOptions, type ServiceProcess } from './support.js';

export interface NotificationServiceProcessOptions extends ProcessOptions<NotificationServiceContract> {
  readonly notifier?: Notifier | NotifierOptions;
}

export interface NotificationServiceProcess extends ServiceProcess<NotificationServiceContract> {
  readonly notifier: Notifier;
}

export async function startNotificationServiceProcess(
  transport: Transport,
  options: NotificationServiceProcessOptions = {},
): Promise<NotificationServiceProcess> {
  const notifier = options.notifier instanceof Notifier ? options.notifier : new Notifier(options.notifier);
  const process = await startProcess(
    () => startNotificationService(transport, handlers, { ...serviceOptions(options), deps: { notifier, logger: processLogger(options) } }),
    );
  return { ...process, notifier };
}
