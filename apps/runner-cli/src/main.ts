import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runnerStreamId } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { eventsFile, loadConfig } from '../../runner-registry/src/config/app-config';
import { openEventStore } from '../../runner-registry/src/infrastructure/store-factory';
import { toStreamAuditEntry } from '../../runner-registry/src/runners/runner-history/audit-entry';
import { replay, type ReplayUntil } from './replay/replay';

/**
 * runner-cli: audit-log replay for operators. It opens the store the service uses (DATA_DIR or
 * DATABASE_URL, read through the service's own loadConfig/openEventStore), only ever reads from
 * it, and prints events as JSON lines, secrets stripped as by GET /runners/:id/history.
 *
 * Exit codes: 0 done, 1 failure (no log, unreadable store; replay --verify: a checksum differs),
 * 2 usage error, 3 not supported (replay with DATABASE_URL).
 */

export const HELP = `Usage: runner-cli <command> [options]

Audit-log replay over the runner registry's event log (read only; prints JSON lines).
The log is the one the service uses: DATABASE_URL (PostgreSQL) when set, else DATA_DIR/events.sqlite
(DATA_DIR defaults to ./data). Tokens and token digests are never printed.

Commands:
  history <runner id>                 Every event of runner <runner id> (stream runner-<id>), oldest first,
                                      deleted runners included.
  export [--since ISO] [--until ISO]  Every event of every stream, in global order.
      --since ISO                     Only events that occurred at or after this time (inclusive).
      --until ISO                     Only events that occurred before this time (exclusive).
  replay [--until ISO|POSITION] [--verify]
                                      Rebuild every query model (directory, runners, jobs) from position 0 into
                                      a FRESH store, DATA_DIR/query-models.rebuild-<timestamp>.sqlite, and print
                                      per projection {"projection", "documents", "checkpoint", "checksum"}
                                      (checksum: sha256 over the documents sorted by collection/id).
                                      The live store (query-models.sqlite) is never modified, and swapping the
                                      rebuilt store in (while the service runs or not) is NOT done by this command.
                                      SQLite only: with DATABASE_URL it exits 3 (PostgreSQL replay not supported yet).
      --until ISO|POSITION            Replay the log in order and stop after the last event at or before POSITION,
                                      or before the first event that occurred after ISO (events at ISO included).
      --verify                        Also read the live store and print per projection {"projection",
                                      "live_checksum", "rebuilt_checksum", "equal"}; exit 1 if any differ.
                                      Not with --until.
  help                                Show this help (also: --help, -h, or no command).

Exit codes: 0 done, 1 failure (or replay --verify found a difference), 2 usage error, 3 not supported.

history/export lines: {"position", "stream_id", "revision", "event_type", "occurred_at",
            "actor": {"type", "id" | "name"}, "schema_version", "correlation_id", "changes"}

Examples:
  npm run --silent cli -- history 42
  DATA_DIR=/var/lib/runner-registry npm run --silent cli -- replay --verify
  DATA_DIR=/var/lib/runner-registry npm run --silent cli -- export --since 2024-01-01T00:00:00Z --until 2024-02-01T00:00:00Z
`;

const BATCH = 1000;

class UsageError extends Error {}

export interface CliIo {
  out(line: string): Promise<void>;
  err(text: string): void;
}

type Command =
  | { kind: 'help' }
  | { kind: 'history'; runnerId: number }
  | { kind: 'export'; since: number | null; until: number | null }
  | { kind: 'replay'; until: ReplayUntil; verify: boolean };

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { since: { type: 'string' }, until: { type: 'string' }, verify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
    const verify = values.verify === true;
    if (verify && values.until !== undefined) throw new UsageError('replay --verify compares the whole log: it takes no --until');
    return { kind: 'replay', until: replayUntil(values.until), verify };
  }
  if (values.verify !== undefined) throw new UsageError(`${command} takes no --verify`);
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
    if (!config.databaseUrl && !existsSync(eventsFile(config))) {
      io.err(`runner-cli: no event log at ${eventsFile(config)} (set DATA_DIR)\n`);
      return 1;
    }
    return replay(config, () => openEventStore(config), { until: command.until, verify: command.verify }, io);
  }
  // Opening SQLite creates the file and its schema: refuse instead, so a mistyped DATA_DIR
  // is reported rather than answered with an empty log (and nothing is ever written).
  if (!config.databaseUrl && !existsSync(eventsFile(config))) {
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
};

if (require.main === module) {
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
