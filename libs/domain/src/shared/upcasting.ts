/**
 * One step of an event type's schema history: its payload at `fromVersion` turned into
 * `fromVersion + 1`. This is, structurally, the event store's Upcaster (libs/event-store
 * upcasting), which applies these in a chain on every read; it is declared again here because the
 * domain must not depend on the store (the store depends on the domain).
 *
 * Pure: no I/O, no clock, never mutates its input. It only changes the payload's shape; facts the
 * old version did not record are filled with what the old code meant, never invented.
 */
export interface EventUpcaster<FromData = any, ToData = any> {
  readonly eventType: string;
  readonly fromVersion: number;
  upcast(payload: { readonly data: FromData; readonly metadata: Readonly<Record<string, unknown>> }): {
    readonly data: ToData;
    readonly metadata: Readonly<Record<string, unknown>>;
  };
}

/** An upcaster that reshapes the data only (the metadata goes through as it was). */
export const upcastData = <FromData, ToData>(eventType: string, fromVersion: number, upcast: (data: FromData) => ToData): EventUpcaster<FromData, ToData> => ({
  eventType,
  fromVersion,
  upcast: ({ data, metadata }) => ({ data: upcast(data), metadata }),
});
