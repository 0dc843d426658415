import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runnerStreamId } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { eventsFile, loadConfig } from '@app/config/app-config';
import { openQueryModelGenerations } from '../../runner-registry/src/kernel/query-model-generations';
import { openEventStore } from '../../runner-registry/src/kernel/store-factory';
import { toStreamAuditEntry } from '../../runner-registry/src/runners/runner-history/audit-entry';
import { workerPartRunner } from './replay/rebuild-worker';
import { logReaderFactory } from './replay/sqlite-log-reader';
import { QUERY_MODEL_NAMES, replay, type ReplayUntil } from './replay/replay';
import { ReplayProgress, type ProgressStream } from './replay/replay-progress';
import { missingReplayFlags, rerunWithReplayFlags } from './replay/replay-v8-flags';

/**
 * runner-cli: audit-log replay for operators. It opens the store the service uses (DATA_DIR or
 * DATABASE_URL, read through the service's own loadConfig/openEventStore), never writes to the
 * log, and prints events as JSON lines, secrets stripped as by GET /runners/:id/history. `replay`
 * writes query models only: a new generation, which it then promotes.
 *
 * Exit codes: 0 done, 1 failure (no log, unreadable store, another replay running; replay: a
 * checksum differed), 2 usage error.
 */

export const HELP = `Usage: runner-cli <command> [options]

Audit-log replay over the runner registry's event log (never written; prints JSON lines). Only replay
writes: query models, in a new generation.
The log is the one the service uses: EVENTSTORE_CONNECTION_STRING (EventStoreDB) or DATABASE_URL (PostgreSQL)
when set, else DATA_DIR/events.sqlite
(DATA_DIR defaults to ./data). Tokens and token digests are never printed.

Commands:
  history <runner id>                 Every event of runner <runner id> (stream runner-<id>), oldest first,
                                      deleted runners included.
  export [--since ISO] [--until ISO]  Every event of every stream, in global order.
      --since ISO                     Only events that occurred at or after this time (inclusive).
      --until ISO                     Only events that occurred before this time (exclusive).
  replay [--projection NAMES] [--no-swap] [--until ISO|POSITION]
                                      Rebuild query models (directory, runners, jobs; default all) from position 0
                                      into NEW generations of the query-model store, one per thread that saves
                                      (DATA_DIR/query-models.gN.sqlite, or schema query_models_gN with DATABASE_URL),
                                      compare them with the live models at
                                      the same checkpoint (whichever is behind is caught up first, in memory), print
                                      per projection {"projection", "documents", "checkpoint", "checksum"} and then
                                      {"projection", "live_checksum", "rebuilt_checksum", "equal"}
                                      (checksum: sha256 over the documents sorted by collection/id), and then swap
                                      the new generations in, in one step: a running service notices within a second (SQLite) or
                                      at once (PostgreSQL LISTEN/NOTIFY), catches it up to the log's head and
                                      replaces its in-memory models in one step, with no downtime; a stopped service
                                      starts from them. The previous generations are removed after the swap (by the
                                      service), or else by the next replay before it starts.
                                      The live models are only read; one replay runs at a time.
      --projection NAMES              Only these query models, comma-separated (e.g. runners,jobs).
      --no-swap                       Rebuild and compare only; the rebuilt generations are kept (and removed after
                                      the next swap). --verify is an old name for it.
      --until ISO|POSITION            The state at a point in the past: replay the log in order and stop after the
                                      last event at or before POSITION, or before the first event that occurred
                                      after ISO (events at ISO included). Prints the checksums only: never
                                      compared, never swapped in.
  help                                Show this help (also: --help, -h, or no command).

Exit codes: 0 done, 1 failure (or replay found live models that differ from the log: with the swap they were
            replaced), 2 usage error.

history/export lines: {"position", "stream_id", "revision", "event_type", "occurred_at",
            "actor": {"type", "id" | "name"}, "schema_version", "correlation_id", "changes"}

Examples:
  npm run --silent cli -- history 42
  DATA_DIR=/var/lib/runner-registry npm run --silent cli -- replay
  DATABASE_URL=postgres://… npm run --silent cli -- replay --projection runners --no-swap
  DATA_DIR=/var/lib/runner-registry npm run --silent cli -- export --since 2024-01-01T00:00:00Z --until 2024-02-01T00:00:00Z
`;

const BATCH = 1000;

class UsageError extends Error {}

export interface CliIo {
  out(line: string): Promise<void>;
  err(text: string): void;
  /** Where a long replay shows its progress (stderr); none, no progress. */
  readonly progress?: ProgressStream;
}

type Command =
  | { kind: 'help' }
  | { kind: 'history'; runnerId: number }
  | { kind: 'export'; since: number | null; until: number | null }
  | { kind: 'replay'; until: ReplayUntil; swap: boolean; projections: readonly string[] | null };

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        verify: { type: 'boolean' },
        'no-swap': { type: 'boolean' },
        projection: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };

  if (command === 'replay') {
    if (rest.length > 0) throw new UsageError(`replay takes no arguments, got "${rest.join(' ')}"`);
    if (values.since !== undefined) throw new UsageError('replay takes no --since');
    const noSwap = values.verify === true || values['no-swap'] === true;
    if (noSwap && values.until !== undefined) throw new UsageError('a replay --until is never swapped in: it takes no --no-swap/--verify');
    return { kind: 'replay', until: replayUntil(values.until), swap: !noSwap, projections: projectionList(values.projection) };
  }
  for (const option of ['verify', 'no-swap', 'projection'] as const) {
    if (values[option] !== undefined) throw new UsageError(`${command} takes no --${option}`);
  }
  if (command === 'history') {
    if (values.since !== undefined || values.until !== undefined) throw new UsageError('history takes no --since/--until');
    if (rest.length !== 1) throw new UsageError('history needs exactly one <runner id>');
    if (!/^[1-9]\d*$/.test(rest[0]) || !Number.isSafeInteger(Number(rest[0]))) throw new UsageError(`runner id must be a positive integer, got "${rest[0]}"`);
    return { kind: 'history', runnerId: Number(rest[0]) };
  }
  if (command === 'export') {
    if (rest.length > 0) throw new UsageError(`export takes no arguments, got "${rest.join(' ')}"`);
    const since = instant('--since', values.since);
    const until = instant('--until', values.until);
    if (since !== null && until !== null && since > until) throw new UsageError('--since is after --until');
    return { kind: 'export', since, until };
  }
  throw new UsageError(`unknown command "${command}"`);
}

/** replay --projection: known names, comma-separated, each once; null when absent (all). */
function projectionList(raw: string | undefined): readonly string[] | null {
  if (raw === undefined) return null;
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!QUERY_MODEL_NAMES.includes(name)) throw new UsageError(`--projection: unknown query model "${name}" (known: ${QUERY_MODEL_NAMES.join(', ')})`);
  }
  if (new Set(names).size !== names.length) throw new UsageError(`--projection names a query model twice: "${raw}"`);
  return QUERY_MODEL_NAMES.filter((name) => names.includes(name));
}

/** An ISO-8601 time with at least a date; null when the option is absent. */
function instant(option: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const millis = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(millis)) throw new UsageError(`${option} must be an ISO-8601 time, got "${raw}"`);
  return millis;
}

/** replay --until: a log position (a non-negative integer) or an ISO-8601 time; null when absent. */
function replayUntil(raw: string | undefined): ReplayUntil {
  if (raw === undefined) return null;
  if (/^\d+$/.test(raw)) {
    if (!Number.isSafeInteger(Number(raw))) throw new UsageError(`--until position is too large, got "${raw}"`);
    return { kind: 'position', position: Number(raw) };
  }
  const millis = instant('--until', raw);
  return millis === null ? null : { kind: 'time', millis };
}

/** Keeps events whose occurredAt lies in [since, until). Events without a time only pass an unfiltered export. */
export function inRange(event: RecordedEvent, since: number | null, until: number | null): boolean {
  if (since === null && until === null) return true;
  const occurredAt = (event.metadata as { occurredAt?: unknown }).occurredAt;
  const millis = typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  if (Number.isNaN(millis)) return false;
  return (since === null || millis >= since) && (until === null || millis < until);
}

async function history(store: EventStore, runnerId: number, io: CliIo): Promise<number> {
  const streamId = runnerStreamId(runnerId);
  let count = 0;
  for (let fromRevision = 0; ; fromRevision += BATCH) {
    const events = await store.readStream(streamId, { fromRevision, maxCount: BATCH });
    for (const event of events) await io.out(JSON.stringify(toStreamAuditEntry(event)));
    count += events.length;
    if (events.length < BATCH) break;
  }
  if (count === 0) {
    io.err(`runner ${runnerId} has no events (stream ${streamId} does not exist)\n`);
    return 1;
  }
  return 0;
}

async function exportAll(store: EventStore, since: number | null, until: number | null, io: CliIo): Promise<number> {
  for (let after = 0; ; ) {
    const events = await store.readAll({ after, maxCount: BATCH });
    for (const event of events) if (inRange(event, since, until)) await io.out(JSON.stringify(toStreamAuditEntry(event)));
    if (events.length < BATCH) return 0;
    after = events[events.length - 1].position;
  }
}

/** Runs one invocation; returns the exit code. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`runner-cli: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (command.kind === 'help') {
    await io.out(HELP.trimEnd());
    return 0;
  }

  const config = loadConfig(env);
  if (command.kind === 'replay') {
    if (!config.databaseUrl && !config.eventStoreConnectionString && !existsSync(eventsFile(config))) {
      io.err(`runner-cli: no event log at ${eventsFile(config)} (set DATA_DIR)\n`);
      return 1;
    }
    const progress = io.progress && new ReplayProgress(io.progress);
    try {
      return await replay(
        () => openEventStore(config),
        () => openQueryModelGenerations(config),
        { until: command.until, swap: command.swap, projections: command.projections, onProgress: progress && ((position, head) => progress.update(position, head)) },
        io,
        workerPartRunner(env),
        logReaderFactory(config),
      );
    } finally {
      progress?.stop();
    }
  }
  // Opening SQLite creates the file and its schema: refuse instead, so a mistyped DATA_DIR
  // is reported rather than answered with an empty log (and nothing is ever written).
  if (!config.databaseUrl && !config.eventStoreConnectionString && !existsSync(eventsFile(config))) {
    io.err(`runner-cli: no event log at ${eventsFile(config)} (set DATA_DIR, or DATABASE_URL for PostgreSQL)\n`);
    return 1;
  }
  const store = await openEventStore(config);
  try {
    return command.kind === 'history' ? await history(store, command.runnerId, io) : await exportAll(store, command.since, command.until, io);
  } finally {
    await store.close();
  }
}

/** stdout with back-pressure, so a large export piped into a slow reader does not pile up in memory. */
const processIo: CliIo = {
  out: (line) =>
    new Promise((resolve, reject) => {
      if (process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : undefined))) resolve();
      else process.stdout.once('drain', resolve);
    }),
  err: (text) => {
    process.stderr.write(text);
  },
  progress: process.stderr,
};

if (require.main === module && process.argv[2] === 'replay' && missingReplayFlags().length > 0) {
  process.exitCode = rerunWithReplayFlags(__filename, process.argv.slice(2));
} else if (require.main === module) {
  // A reader that goes away (`| head`) ends the export quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  run(process.argv.slice(2), process.env, processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`runner-cli: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
