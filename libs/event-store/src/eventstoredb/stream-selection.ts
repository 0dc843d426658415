import { INSTANCE_SETTINGS_STREAM, JOB_STREAM_PREFIX, RUNNER_STREAM_PREFIX, groupStreamId, projectStreamId, userStreamId } from '@app/domain';

/**
 * Which streams of an EventStoreDB instance make up this store. `$all` holds everything written to
 * the server (system streams, other applications, this adapter's own bookkeeping), so reads and
 * subscriptions keep only the selected streams: on the server for subscriptions (a stream-name
 * regex filter), on the client for reads (the same regex).
 */
export interface StreamSelection {
  /** Port stream ids starting with one of these belong to the store ('' selects every name). */
  readonly prefixes: readonly string[];
  /** Port stream ids that belong to the store as a whole name. */
  readonly names?: readonly string[];
}

/** The `id` in `user-<id>` and friends: the domain's helpers name the streams, the prefix is what precedes the id. */
function prefixOf(streamIdOf: (id: number) => string): string {
  const sample = streamIdOf(0);
  if (!sample.endsWith('0')) throw new Error(`Stream id helper does not end with the id: ${sample}`);
  return sample.slice(0, -1);
}

/** The runner registry's streams, as libs/domain names them. */
export const SERVICE_STREAMS: StreamSelection = {
  prefixes: [RUNNER_STREAM_PREFIX, JOB_STREAM_PREFIX, prefixOf(userStreamId), prefixOf(groupStreamId), prefixOf(projectStreamId)],
  names: [INSTANCE_SETTINGS_STREAM],
};

/**
 * Where the adapter records which stream each event id was appended to (see event-id-reservations.ts),
 * inside the namespace. Never selected, whatever the selection says.
 */
export const RESERVATION_STREAM_INFIX = 'reserved-event-id-';

/** Stream names are matched by .NET on the server and by JavaScript here: only syntax both read alike. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The regex (source text) that matches the EventStoreDB names of the selected streams: the
 * namespace, then not a reservation, then a selected prefix or a whole selected name.
 */
export function selectionRegex(namespace: string, selection: StreamSelection): string {
  const alternatives = [
    ...selection.prefixes.map(escapeRegex),
    ...(selection.names ?? []).map((name) => `${escapeRegex(name)}$`),
  ];
  if (alternatives.length === 0) throw new Error('A stream selection needs at least one prefix or name');
  return `^${escapeRegex(namespace)}(?!${escapeRegex(RESERVATION_STREAM_INFIX)})(?:${alternatives.join('|')})`;
}

/** Maps port stream ids to EventStoreDB stream names and back, within one namespace. */
export class StreamNames {
  readonly regex: string;
  private readonly matcher: RegExp;

  constructor(
    readonly namespace: string,
    selection: StreamSelection,
  ) {
    if (namespace.startsWith('$')) throw new Error(`Namespace ${namespace} would make system streams ('$' prefix)`);
    this.regex = selectionRegex(namespace, selection);
    this.matcher = new RegExp(this.regex);
  }

  /** The EventStoreDB stream of a port stream id. */
  esdbName(streamId: string): string {
    return `${this.namespace}${streamId}`;
  }

  /** The port stream id of an EventStoreDB stream, or undefined when the stream is not part of this store. */
  portStreamId(esdbName: string): string | undefined {
    return this.matcher.test(esdbName) ? esdbName.slice(this.namespace.length) : undefined;
  }

  /** The stream that records which stream event `eventId` went to. */
  reservationStream(eventId: string): string {
    return `${this.namespace}${RESERVATION_STREAM_INFIX}${eventId}`;
  }
}
