/**
 * A stored event is newer than this code: a newer release wrote it (a rolling upgrade, or a rollback
 * after one). Reading it as if it were current would silently misread it, so reading stops here.
 */
export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: unknown,
    readonly currentVersion: number,
    readonly streamId: string,
    readonly position: number,
  ) {
    super(
      `${eventType} at position ${position} (stream ${streamId}) has schema version ${JSON.stringify(schemaVersion)}, ` +
        `but this code knows versions 1 to ${currentVersion}: run a release that knows it`,
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

/** The upcasters and current versions do not form a complete chain; raised when the chain is built, at start. */
export class InvalidUpcasterChainError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid upcaster chain: ${problems.join('; ')}`);
    this.name = 'InvalidUpcasterChainError';
  }
}
