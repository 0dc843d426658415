import { hostname } from 'node:os';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { SECRET_KEY } from '@app/domain';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const REDACTED = '[REDACTED]';

/** Header names that carry credentials without ending in "token". */
const CREDENTIAL_KEY = /^(authorization|proxy-authorization|cookie|set-cookie)$/i;

/**
 * A copy of a log line's fields with every secret replaced, at any depth: a field named like a
 * secret by the project's rule (SECRET_KEY: `token`, `private_token`, `PRIVATE-TOKEN`, `tokenDigest`…)
 * whose value could hold one, and the credential headers. Only objects are walked; a line without
 * fields costs nothing.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    const secret = (SECRET_KEY.test(key) || CREDENTIAL_KEY.test(key)) && inner !== null && typeof inner !== 'boolean' && typeof inner !== 'number';
    copy[key] = secret ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return copy;
}

export interface ServiceLoggerOptions {
  readonly level: LogLevelName;
  /** Readable lines (pino-pretty) instead of JSON; default: when stdout is a terminal. */
  readonly pretty?: boolean;
  /** Where JSON lines go; default stdout through pino's asynchronous destination. */
  readonly destination?: DestinationStream;
}

/**
 * The service's one pino logger: JSON lines on stdout, written through pino's asynchronous
 * destination (sonic-boom: a write never blocks the event loop on the terminal or the pipe; what
 * is buffered is flushed when the process exits), or pino-pretty's readable lines on a terminal.
 */
export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const destination =
    options.destination ??
    (pretty
      ? // Required only on a terminal: a production process never loads the prettifier.
        (require('pino-pretty') as typeof import('pino-pretty'))({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : bufferedStdout());
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (fields) => redactSecrets(fields) as Record<string, unknown> },
    },
    destination,
  );
}

/** How much is gathered before one write, and how long a line may wait for the write at most. */
const WRITE_BATCH_BYTES = 4096;
const WRITE_INTERVAL_MS = 500;

/**
 * Stdout through pino's asynchronous destination, writing in batches: one write per line made each
 * request log line cost a libuv write of its own (a third of a small read's CPU, measured on
 * GET /runners/:id). Lines wait for 4 kB, or half a second at most; what is left is flushed at exit.
 */
function bufferedStdout(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: WRITE_BATCH_BYTES });
  setInterval(() => {
    // A destination destroyed by a closed stdout throws on flush: losing log lines must not end the service.
    if ((destination as unknown as { destroyed?: boolean }).destroyed) return;
    try {
      destination.flush();
    } catch {
      // Nowhere left to say so.
    }
  }, WRITE_INTERVAL_MS).unref();
  return destination;
}

/** What the request log says of one request. */
export interface RequestLine {
  readonly requestId: string;
  readonly method: string;
  /** The route pattern; null when no route served the path. */
  readonly route: string | null;
  readonly status: number;
  readonly durationMs: number;
}

/**
 * Writes request lines to the logger's destination in the logger's own line format, with the fields
 * serialised here rather than by pino's generic serialiser and formatters: a line per request must
 * cost little beside a small read (about a fifth of its CPU through logger.info, a tenth by
 * serialising here, ~0.3 µs now: `BENCH_ONLY=logging npm run bench`). Its fields are the fixed ones above, none of them a secret, so nothing needs redacting.
 * Undefined when the logger is above info: then there is no request log at all.
 */
export function requestLineWriter(logger: Logger): ((line: RequestLine) => void) | undefined {
  if (!logger.isLevelEnabled('info')) return undefined;
  const destination = (logger as unknown as Record<symbol, DestinationStream & { flushSync?: () => void }>)[pino.symbols.streamSym];
  const base = `"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  // The lines of one turn of the event loop go to the destination in one write.
  let pending = '';
  const flush = () => {
    const lines = pending;
    pending = '';
    if (lines !== '') destination.write(lines);
  };
  process.once('exit', () => {
    flush();
    destination.flushSync?.();
  });
  // What made most of a line's cost (a profile of GET /runners/:id): formatting the time and
  // escaping strings that need no escaping. The time string is kept for the millisecond it names,
  // route patterns (the code's own, a few dozen) are escaped once each, and request ids and methods
  // are written as they are when they hold no character JSON would escape (they never do: see
  // requestIdOf; anything else is escaped as before).
  let lastMs = -1;
  let lastTime = '';
  const routes = new Map<string, string>();
  return ({ requestId, method, route, status, durationMs }) => {
    if (pending === '') setImmediate(flush);
    const ms = Date.now();
    if (ms !== lastMs) [lastMs, lastTime] = [ms, new Date(ms).toISOString()];
    let routeJson = route === null ? 'null' : routes.get(route);
    if (routeJson === undefined) routes.set(route!, (routeJson = JSON.stringify(route)));
    pending +=
      `{"level":"info","time":"${lastTime}",${base},"request_id":${jsonString(requestId)},"method":${jsonString(method)},` +
      `"route":${routeJson},"status":${status},"duration_ms":${durationMs},"msg":"request"}\n`;
  };
}

/** Characters a JSON string holds as they are, with none that could end it or need escaping. */
const PLAIN = /^[\w.:/+=@-]*$/;
const jsonString = (value: string): string => (PLAIN.test(value) ? `"${value}"` : JSON.stringify(value));

export function logLevelFrom(raw: string | undefined): LogLevelName {
  const value = (raw || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return value as LogLevelName;
}

export type { Level, Logger };
