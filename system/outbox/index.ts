/** Transactional outbox: rows written with the state change, published by the relay. */
export { countUnsent, enqueueOutboxMessage, listOutbox, purgeSentOutbox, unparkOutboxMessage } from './outbox.js';
export type { ListOutboxOptions, NewOutboxMessage, OutboxMessage, OutboxMetadata, OutboxRow } from './outbox.js';
export { createOutboxRelay, isUnpublishable } from './relay.js';
export type { OutboxRelay, OutboxRelayOptions, PublishOutboxMessage, RelayBatchResult, RelayErrorContext } from './relay.js';
