import { context, propagation, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { CommandContext } from './decider-command';

/**
 * Runs a command inside its own span (`command <type>`: load, decide and append) and records the
 * span's W3C trace context in the command context, so its events carry it (metadata.traceparent)
 * and the relay's CloudEvent continues the trace in whoever consumes it, whenever and wherever.
 * Only built when tracing is on: with it off the decider runner never touches the API.
 */
export function commandTracing(tracer: Tracer) {
  return async <T>(commandType: string, streamId: string, commandContext: CommandContext, work: (traced: CommandContext) => Promise<T>): Promise<T> =>
    tracer.startActiveSpan(`command ${commandType}`, { attributes: { 'runner_registry.command': commandType, 'runner_registry.stream': streamId } }, async (span) => {
      const carrier: { traceparent?: string; tracestate?: string } = {};
      propagation.inject(context.active(), carrier);
      try {
        return await work({ ...commandContext, ...carrier });
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
}

export type CommandTracing = ReturnType<typeof commandTracing>;

