/**
 * OpenTelemetry, on only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is
 * set; then the SDK is loaded before anything it instruments (main.ts imports this module first, and so does the relay's worker thread):
 * HTTP (server spans, W3C trace context from the caller), pg, ioredis and kafkajs. The exporter and
 * sampler follow the standard OTEL_* variables (OTLP over HTTP/protobuf by default; OTEL_SERVICE_NAME
 * defaults to runner-registry). Unset, nothing is loaded and nothing is patched: tracing costs nothing.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { KafkaJsInstrumentation } = require('@opentelemetry/instrumentation-kafkajs') as typeof import('@opentelemetry/instrumentation-kafkajs');
  sdk = new Sdk({
    serviceName: process.env.OTEL_SERVICE_NAME || 'runner-registry',
    instrumentations: [
      // Probes and scrapes would be most of the traces, and say nothing.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(-\/|metrics)/.test(request.url ?? '') }),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
}

/** Exports the spans still buffered; the last step of a shutdown. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
