/**
 * Traces across Kafka, with the OpenTelemetry SDK's in-memory exporter and the real broker: an API
 * call's command runs in a span, its event carries the span's W3C trace context into the log, the
 * relay publishes it later as the CloudEvent's `traceparent`, and a consumer that continues from it
 * ends up in the same trace, as a child of the command's span.
 */
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { INSTANCE_REGISTRATION_TOKEN } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';
import { kafkaClient, newTopicName, sharedBrokers, TopicCollector, waitUntil } from './support/relay-test-support';

describe('a trace from the API call to the Kafka consumer', () => {
  const exporter = new node.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({ spanProcessors: [new node.SimpleSpanProcessor(exporter)] });
  let app: TestApp | undefined;
  let collector: TopicCollector | undefined;

  beforeAll(() => provider.register());
  afterAll(async () => {
    await collector?.stop();
    await app?.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('puts the API call and the consumer of its event in one trace', async () => {
    const brokers = sharedBrokers();
    const topic = newTopicName('trace-propagation');
    // Any endpoint turns tracing on; spans go to the in-memory exporter registered above.
    app = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_RUNNER_EVENTS: topic, KAFKA_CONSUMER_GROUP: topic });
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(registered.status).toBe(201);
    const runnerId = registered.json().id as number;

    const commandSpan = exporter.getFinishedSpans().find((span) => span.name === 'command RegisterRunner' && span.attributes['runner_registry.stream'] === `runner-${runnerId}`);
    expect(commandSpan).toBeDefined();

    collector = await TopicCollector.start(kafkaClient(brokers), topic);
    await waitUntil('the runner registration on the topic', () => collector!.messages.some((m) => m.event.subject === `runner-${runnerId}`), 30_000);
    const message = collector.messages.find((m) => m.event.subject === `runner-${runnerId}`)!;
    const traceparent = message.event.traceparent as string;
    expect(traceparent).toBe(`00-${commandSpan!.spanContext().traceId}-${commandSpan!.spanContext().spanId}-01`);

    // The consumer continues the trace from the message, as any OpenTelemetry consumer would.
    const parent = propagation.extract(ROOT_CONTEXT, { traceparent });
    trace.getTracer('consumer').startSpan('process RunnerRegistered', {}, parent).end();
    const consumerSpan = exporter.getFinishedSpans().find((span) => span.name === 'process RunnerRegistered')!;
    expect(consumerSpan.spanContext().traceId).toBe(commandSpan!.spanContext().traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(commandSpan!.spanContext().spanId);
  }, 60_000);
});
