/**
 * Schema evolution on read. A stored event keeps the payload shape it was written with, and its
 * `metadata.schemaVersion` says which one that is (1 when absent, as events written before versions
 * existed). An Upcaster turns one event type's payload at one version into the next version; the
 * UpcasterChain applies them in order until the payload is current, so every reader (deciders,
 * projections, the Kafka relay, the CLI) only ever sees current shapes.
 */

/** The parts of a stored event an upcaster may change. The type, id, stream and positions never change. */
export interface VersionedPayload<Data = unknown> {
  readonly data: Data;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Turns `eventType` at `fromVersion` into `fromVersion + 1`. Pure and total over what the older code
 * could write: no I/O, no clock, and it must not mutate its input (a store may hand out shared
 * objects). The chain sets `metadata.schemaVersion` itself; an upcaster only returns metadata to
 * change something else in it.
 */
export interface Upcaster<FromData = any, ToData = any> {
  readonly eventType: string;
  readonly fromVersion: number;
  upcast(payload: VersionedPayload<FromData>): VersionedPayload<ToData>;
}

/** The usual case: only the data changes shape. */
export function dataUpcaster<FromData, ToData>(
  eventType: string,
  fromVersion: number,
  upcastData: (data: FromData) => ToData,
): Upcaster<FromData, ToData> {
  return { eventType, fromVersion, upcast: ({ data, metadata }) => ({ data: upcastData(data), metadata }) };
}
