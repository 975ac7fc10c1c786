/**
 * Versions in flight at run time (docs/versions.md): the older majors a contract bridges.
 *
 * - A sent event with bridges is published once per major: the current payload, then each older
 *   major's downcast copy under that major's routing key. Every copy is cast and validated before
 *   anything leaves, so a failing caster publishes nothing. The copies share the correlation id,
 *   and each copy's message id is derived from the original's (`<id>.v<major>`), so a re-send
 *   with a stable id is recognised by every receiver's idempotency store.
 * - A record written at an older major before an upgrade (`SendOptions.version`, an outbox row)
 *   is validated as written, upcast to the current payload (the bridge's `upcast`) and published
 *   like any other: as written under its own major with its own id, cast for the others.
 * - A received command or query with bridges is also accepted as each older major (bound by the
 *   generated topology): the delivery is validated against the old schema, upcast, validated
 *   against the current one and handed to the one handler; a query's reply is downcast and
 *   validated against the old reply schema before the old caller gets it.
 */
import type { MessageContract, VersionBridge } from '../../contract.js';
import { randomUUID } from 'node:crypto';
import { createEncoder, type Encoder } from '../encode.js';
import type { EnvelopeMode, Lineage } from '../envelope.js';
import { CastError, errorText, ValidationError } from '../errors.js';
import { assertValid, validatorFor, type Validator } from '../validation.js';
import type { Wire } from '../wire.js';
import type { PlannedMessage, ServicePlan } from './plan.js';
import type { RequestOptions } from './types.js';
import { endSending, type SendTelemetry } from '../telemetry.js';

export interface PlannedBridge {
  readonly version: string;
  readonly major: string;
  /** `<id>@<old version>`. */
  readonly label: string;
  readonly routingKey: string;
  readonly validate: Validator;
  readonly validateResponse: Validator;
  readonly cast: (payload: unknown) => unknown;
  readonly castReply: ((reply: unknown) => unknown) | undefined;
  /** Events: a record of this major to the current payload (SendOptions.version). */
  readonly upcast: ((payload: unknown) => unknown) | undefined;
}

/** A received older major: handled by the current message's handler after the upcast. */
export interface BridgedReceive extends PlannedMessage {
  readonly bridge: PlannedBridge;
  readonly current: PlannedMessage;
}

const majorOf = (version: string) => version.split('.')[0] ?? version;

export function planBridges(m: MessageContract, routingKey: (template: string) => string): readonly PlannedBridge[] {
  return (m.bridges ?? []).map((b: VersionBridge) => ({
    version: b.version,
    major: majorOf(b.version),
    label: `${m.id}@${b.version}`,
    routingKey: routingKey(b.routingKey),
    validate: validatorFor(b.schema),
    validateResponse: validatorFor(b.responseSchema),
    cast: b.cast,
    castReply: b.castReply,
    upcast: b.upcast,
  }));
}

/** The older majors a service accepts for its received commands and queries. */
export function bridgedReceives(receives: readonly PlannedMessage[]): BridgedReceive[] {
  return receives.flatMap((current) =>
    current.kind === 'event'
      ? []
      : current.bridges.map((bridge) => ({
          ...current,
          version: bridge.version,
          label: bridge.label,
          major: bridge.major,
          routingKey: bridge.routingKey,
          validate: bridge.validate,
          validateResponse: bridge.validateResponse,
          bridge,
          current,
        })),
  );
}

export const isBridged = (m: PlannedMessage): m is BridgedReceive => 'bridge' in m;

/** The copy's id: stable for a stable original id, distinct per major. */
export const derivedMessageId = (messageId: string, major: string) => `${messageId}.v${major}`;

/** One encoder per sent event and bridged major, made once per service like the producer's own. */
export function bridgeEncoders(plan: ServicePlan, mode: EnvelopeMode): ReadonlyMap<PlannedBridge, Encoder> {
  const encoders = new Map<PlannedBridge, Encoder>();
  for (const m of plan.sends.values()) {
    if (m.kind !== 'event') continue;
    for (const b of m.bridges) encoders.set(b, createEncoder({ service: plan.service, type: m.id, version: b.version }, mode));
  }
  return encoders;
}

type Send = (payload: unknown, options?: RequestOptions) => Promise<void>;

/**
 * An event's sender with bridges: validate and cast every older major first, then publish the
 * current payload and each copy (validated once each, confirmed together).
 */
export function dualPublisher(
  deps: {
    readonly wire: Wire;
    readonly encoders: ReadonlyMap<string, Encoder>;
    readonly bridgeEncoders: ReadonlyMap<PlannedBridge, Encoder>;
    readonly telemetry?: ReadonlyMap<string, SendTelemetry> | undefined;
  },
  m: PlannedMessage,
  lineage: Lineage | undefined,
): Send {
  const encode = deps.encoders.get(m.key) as Encoder;
  return (given, options = {}) => {
    let payload: unknown;
    let copies: { bridge: PlannedBridge; body: unknown; keepsId: boolean }[];
    // One producer span for the publication: every copy carries its context, so each major's
    // receiver continues the same trace.
    const sending = deps.telemetry?.get(m.key)?.start(options.traceparent ?? lineage?.traceparent, lineage?.tracestate);
    try {
      const from = writtenAt(m, options.version);
      // A record of an older major (an outbox row from before an upgrade): upcast for the current major.
      payload = from ? upcastRecord(m, from, given) : given;
      assertValid(m.validate, payload, m.label);
      copies = m.bridges.map((bridge) => {
        if (bridge === from) return { bridge, body: given, keepsId: true };
        const body = cast(bridge.cast, payload, `downcasting ${m.label} to ${bridge.version}`, m.label);
        assertValid(bridge.validate, body, bridge.label);
        return { bridge, body, keepsId: false };
      });
    } catch (err) {
      sending?.end(err);
      return Promise.reject(err);
    }
    const messageId = options.messageId ?? randomUUID();
    const correlationId = options.correlationId ?? lineage?.correlationId ?? messageId;
    const causationId = options.causationId ?? lineage?.causationId;
    const traceparent = options.traceparent ?? lineage?.traceparent;
    const ownTraceparent = sending?.traceparent;
    const tracestate = lineage?.tracestate;
    const headers = options.headers;
    // Each copy's fields written out, not `{ ...shared, body, messageId }`: with the spreads the
    // producer spent 1.53× the CPU per message of a single publication, without them 1.09×
    // (measured with a wire that confirms at once; bench/runtime-versions.ts shows it end to end).
    // The payload as it was given keeps the id; a cast copy gets `<id>.v<major>`. A record of an
    // older major thus goes out under that major with the id the old code would have used.
    const recorded = copies.some((c) => c.keepsId);
    const current = encode({ body: payload, messageId: recorded ? derivedMessageId(messageId, m.major) : messageId, correlationId, causationId, traceparent, ownTraceparent, tracestate, headers });
    sending?.encoded(current, correlationId);
    const sent = deps.wire.publish(m.exchange, m.routingKey, current, { mandatory: false, label: m.label });
    const copySent = (copy: { bridge: PlannedBridge; body: unknown; keepsId: boolean }) => {
      const message = (deps.bridgeEncoders.get(copy.bridge) as Encoder)({
        body: copy.body,
        messageId: copy.keepsId ? messageId : derivedMessageId(messageId, copy.bridge.major),
        correlationId,
        causationId,
        traceparent,
        ownTraceparent,
        tracestate,
        headers,
      });
      return deps.wire.publish(m.exchange, copy.bridge.routingKey, message, { mandatory: false, label: copy.bridge.label });
    };
    const published = Promise.all([sent, ...copies.map(copySent)]).then(() => undefined);
    return endSending(published, sending);
  };
}

/**
 * The bridge whose major a record was written at (`SendOptions.version`); undefined for the
 * current major. A major the event does not bridge is refused: nothing could receive it as
 * written, and no caster says what it means now.
 */
function writtenAt(m: PlannedMessage, version: string | undefined): PlannedBridge | undefined {
  if (version === undefined) return undefined;
  const major = majorOf(version);
  if (major === m.major) return undefined;
  const bridge = m.bridges.find((b) => b.major === major);
  if (!bridge) {
    const bridged = m.bridges.map((b) => b.version).join(', ');
    throw new CastError(
      'version-not-bridged',
      `cannot publish ${m.id}@${version} as ${m.label}: ${bridged ? `the contract bridges only ${bridged}` : 'the contract bridges no older major'}; publish records of major ${major} while a receiver still pins it (docs/versions.md)`,
      m.label,
    );
  }
  return bridge;
}

/** A record written at an older major, validated as written and upcast to the current payload. */
function upcastRecord(m: PlannedMessage, from: PlannedBridge, record: unknown): unknown {
  assertValid(from.validate, record, from.label);
  if (!from.upcast) {
    throw new CastError('version-not-bridged', `cannot publish a record of ${from.label} as ${m.label}: the contract has no upcaster from ${from.version} to ${m.version} (write one in the handlers' casters folder and regenerate)`, m.label);
  }
  return cast(from.upcast, record, `upcasting ${from.label} to ${m.version}`, m.label);
}

/** A payload a sender without bridges was given with `SendOptions.version`: only its own major is published. */
export function assertCurrentMajor(m: PlannedMessage, version: string | undefined): void {
  if (version !== undefined && majorOf(version) !== m.major) writtenAt(m, version);
}

/** An older major's payload as the handler's current type; a failing caster counts as the handler failing. */
export function upcast(m: BridgedReceive, payload: unknown): { readonly payload: unknown } | { readonly invalid: string } | { readonly failed: unknown } {
  let current: unknown;
  try {
    current = cast(m.bridge.cast, payload, `upcasting ${m.label} to ${m.current.version}`, m.label);
  } catch (err) {
    return { failed: err };
  }
  const issues = m.current.validate(current);
  if (issues) return { invalid: `upcast to ${m.current.version}: ${new ValidationError('invalid-payload', m.current.label, issues).message}` };
  return { payload: current };
}

/** The handler's current reply as the old caller's (validated by the caller's `validateResponse`). */
export function downcastReply(m: BridgedReceive, reply: unknown): unknown {
  return m.bridge.castReply ? cast(m.bridge.castReply, reply, `downcasting the reply of ${m.current.label} to ${m.version}`, m.label) : reply;
}

/** A caster is user code: its failure names which cast failed. */
function cast(fn: (value: unknown) => unknown, value: unknown, what: string, label: string): unknown {
  try {
    return fn(value);
  } catch (err) {
    throw new CastError('cast-failed', `${what} failed: ${errorText(err)}`, label, { cause: err });
  }
}
