import type * as EsdbClientModule from '@eventstore/db-client';

let loaded: typeof EsdbClientModule | undefined;

/**
 * @eventstore/db-client, loaded on first use: with gRPC and the protobuf code it takes about 200 ms
 * to load, which every process importing @app/event-store (the CLI, each test file) would otherwise
 * pay without ever talking to EventStoreDB.
 */
export function esdbClient(): typeof EsdbClientModule {
  loaded ??= require('@eventstore/db-client') as typeof EsdbClientModule;
  return loaded;
}

/**
 * The client's string constants, spelled here so that using them loads nothing; declared with the
 * client's own types, so a misspelling fails the type check.
 */
export const ESDB = {
  ANY: 'any' as typeof EsdbClientModule.ANY,
  NO_STREAM: 'no_stream' as typeof EsdbClientModule.NO_STREAM,
  STREAM_EXISTS: 'stream_exists' as typeof EsdbClientModule.STREAM_EXISTS,
  START: 'start' as typeof EsdbClientModule.START,
  END: 'end' as typeof EsdbClientModule.END,
  FORWARDS: 'forwards' as typeof EsdbClientModule.FORWARDS,
  BACKWARDS: 'backwards' as typeof EsdbClientModule.BACKWARDS,
} as const;
