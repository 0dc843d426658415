/**
 * An appended event carries an id the store already holds somewhere other than "the same events at
 * the same place in the same stream" (which would be an idempotent retry and succeed). Retrying
 * cannot help: the caller reused an id, or is replaying a command that already landed elsewhere.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly eventId: string,
    /** The stream the caller tried to append to. */
    readonly streamId: string,
    readonly existingStreamId: string,
    readonly existingRevision: number,
  ) {
    super(
      `Event id ${eventId} is already recorded in stream ${existingStreamId} at revision ${existingRevision}; ` +
        `appending it to stream ${streamId} is neither a new event nor a retry of that earlier append`,
    );
    this.name = 'DuplicateEventIdError';
  }
}
