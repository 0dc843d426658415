import type { RecordedEvent } from '@app/event-store';
import { runnerIdOfStream, stripSecrets } from '@app/domain';

export const CLOUD_EVENT_SOURCE = 'runner-registry';
export const CLOUD_EVENT_TYPE_PREFIX = 'runner-registry.';

/** CloudEvents 1.0, structured JSON mode. Extension attributes are lower-case and scalar, as the spec requires. */
export interface RunnerRegistryCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly data: unknown;
  /** metadata.schemaVersion (1 when absent). */
  readonly schemaversion: number;
  /** metadata.actor as `user:<id>`, `runner:<id>` or `system:<name>`; absent when the event has none. */
  readonly actor?: string;
  readonly correlationid?: string;
  readonly causationid?: string;
  /**
   * The CloudEvents sequence extension: the event's revision in its stream (`subject`), 0 for the
   * first, as a lexicographically orderable string (16 digits, zero-padded), so a subscriber sees a
   * gap in a subject (a revision skipped) or a duplicate (one seen before) by itself.
   */
  readonly sequence: string;
  /** The event's position in the whole log (16 digits, zero-padded): increasing across all subjects, with gaps. */
  readonly logposition: string;
  /**
   * The CloudEvents distributed tracing extension: the W3C trace context of the command that recorded
   * the event (present when the service traces, OTEL_EXPORTER_OTLP_ENDPOINT), so a consumer continues
   * the API call's trace although the relay published the event later, from another process.
   */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Zero-padded to 16 digits: every safe integer fits, and string order is number order. */
export const orderable = (n: number): string => String(n).padStart(16, '0');

/**
 * The message key: the runner id for a runner's streams, `runner-<id>` and its managers' contact
 * streams `runner-contact-<id>-<digest>` (so a runner's facts and contacts keep their order on one
 * partition), else the stream id.
 */
export function messageKey(streamId: string): string {
  const runnerId = runnerIdOfStream(streamId);
  return runnerId === undefined ? streamId : String(runnerId);
}

export function schemaVersionOf(event: RecordedEvent): number {
  const version = event.metadata?.schemaVersion;
  return typeof version === 'number' ? version : 1;
}

function actorOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const actor = raw as Record<string, unknown>;
  if (typeof actor.type !== 'string') return undefined;
  if (typeof actor.id === 'number' || typeof actor.id === 'string') return `${actor.type}:${actor.id}`;
  if (typeof actor.name === 'string') return `${actor.type}:${actor.name}`;
  return actor.type;
}

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function toCloudEvent(event: RecordedEvent): RunnerRegistryCloudEvent {
  const metadata = event.metadata ?? {};
  const actor = actorOf(metadata.actor);
  const correlationid = stringOr(metadata.correlationId);
  const causationid = stringOr(metadata.causationId);
  const traceparent = stringOr(metadata.traceparent);
  const tracestate = stringOr(metadata.tracestate);
  return {
    specversion: '1.0',
    id: event.id,
    type: CLOUD_EVENT_TYPE_PREFIX + event.type,
    source: CLOUD_EVENT_SOURCE,
    time: stringOr(metadata.occurredAt) ?? event.recordedAt,
    subject: event.streamId,
    datacontenttype: 'application/json',
    data: stripSecrets(event.data),
    schemaversion: schemaVersionOf(event),
    sequence: orderable(event.revision),
    logposition: orderable(event.position),
    ...(actor !== undefined && { actor }),
    ...(correlationid !== undefined && { correlationid }),
    ...(causationid !== undefined && { causationid }),
    ...(traceparent !== undefined && { traceparent }),
    ...(tracestate !== undefined && tracestate !== '' && { tracestate }),
  };
}
