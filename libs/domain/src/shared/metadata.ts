/** Who caused an event: a signed-in user, a runner using its own token, or the service itself. */
export type Actor =
  | { readonly type: 'user'; readonly id: number }
  | { readonly type: 'runner'; readonly id: number }
  | { readonly type: 'system'; readonly name: string };

/**
 * Carried by every stored event. The event id itself is on the envelope (it makes appends
 * idempotent); `schemaVersion` lets upcasters turn old payloads into current ones on read.
 */
export interface EventMetadata {
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly schemaVersion: number;
  /** W3C trace context of the command that recorded it, when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly traceparent?: string;
  readonly tracestate?: string;
}
