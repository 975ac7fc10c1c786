/**
 * Setup file of the `contract-rabbitmq` project: the generated contract tests read the broker
 * from AMQP_URL, as they do in any project; here it is the broker test/setup/rabbitmq.ts started.
 */
import { brokerUrl } from '../runtime/helpers/broker.js';

process.env['AMQP_URL'] ||= await brokerUrl();
