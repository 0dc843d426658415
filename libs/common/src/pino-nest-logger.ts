import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** Nest's start-up chatter (every module and route, every start): useful when debugging, noise otherwise. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Nest's Logger on the service's pino logger, so everything the service logs is one stream of JSON
 * lines: `new Logger('KafkaRelay').warn(…)` becomes `{"level":"warn","context":"KafkaRelay","msg":…}`.
 * (nestjs-pino would add pino-http as Nest middleware, which this app does without: the request log
 * is a Fastify hook that also sees the routes served outside Nest.)
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context !== undefined && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, params, context);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, contextOf(params));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params, contextOf(params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params, contextOf(params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params, contextOf(params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, contextOf(params));
  }

  private write(level: Level, message: unknown, params: unknown[], context: string | undefined): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes (message, context) or, for errors, (message, stack, context).
    const rest = context === undefined ? params : params.slice(0, -1);
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) return this.pino[level]({ context, err: message }, message.message);
    if (typeof message === 'object' && message !== null) return this.pino[level]({ context, ...(message as object) });
    this.pino[level]({ context, ...(stack !== undefined && { stack }) }, String(message));
  }
}

/** Nest appends the logger's context as the last parameter. */
function contextOf(params: unknown[]): string | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' ? last : undefined;
}
