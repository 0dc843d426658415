import type { InboundCloudEvent } from './cloud-event-envelope';
import { InboundRejection } from './inbound-rejection';

/** A message understood and ready to apply. */
export interface PreparedMessage {
  /** The one stream the message changes (the ledger's key; ideally also the Kafka key). */
  readonly streamId: string;
  /**
   * Applies it through the domain's command; true if it changed anything. `eventId(index)` is the
   * id of the index-th appended event. Throws InboundRejection when the domain refuses it; any
   * other error is transient (the message is retried).
   */
  apply(eventId: (index: number) => string): Promise<boolean>;
}

/** What a consumed topic does with its messages. */
export interface InboundTopicHandler {
  /** Names the topic's contract in logs and in the events' actor (`system:kafka:<name>`). */
  readonly name: string;
  /** Validates and maps; throws InboundRejection for anything that can never be applied. */
  prepare(event: InboundCloudEvent): PreparedMessage;
}

/** Every inbound message names the version of its data schema; 1 is the only one so far. */
export function checkSchemaVersion(event: InboundCloudEvent, supported: readonly number[] = [1]): void {
  const version = event.schemaversion ?? 1;
  if (!supported.includes(version)) {
    throw new InboundRejection('unsupported-schema-version', `${event.type} has no schema version ${version} (supported: ${supported.join(', ')})`);
  }
}
