import { afterEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine, type QueryModelStore } from '@app/projections';
import { INSTANCE_REGISTRATION_TOKEN } from '../../../../../test/support/fixture-directory';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { ServiceLifecycle } from '../../kernel/service-lifecycle';
import { EVENT_STORE, QUERY_MODEL_STORE } from '../../kernel/tokens';

const someEvent = () => ({ id: crypto.randomUUID(), type: 'HealthProbeTestEvent', data: {}, metadata: {} });

describe('GET /-/liveness, /-/readiness, /-/health', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it('answers liveness and health without authentication, and readiness with every check up', async () => {
    app = await startTestApp();
    const liveness = await app.request('GET', '/-/liveness');
    expect(liveness.status).toBe(200);
    expect(liveness.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });

    const health = await app.request('GET', '/-/health');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(health.body).toBe('runner-registry OK');

    const readiness = await app.request('GET', '/-/readiness');
    expect(readiness.status).toBe(200);
    const report = readiness.json();
    expect(report.status).toBe('ok');
    expect(Object.keys(report.info).sort()).toEqual(['event_store', 'lifecycle', 'projections', 'query_models']);
    expect(report.info.projections).toMatchObject({ status: 'up', lag: 0, max_lag: 1000 });
    expect(report.info.event_store.head_position).toBeGreaterThan(0);
  });

  it('is unready while shutting down, and says so', async () => {
    app = await startTestApp();
    app.app.get(ServiceLifecycle).startDraining(new Date());
    const readiness = await app.request('GET', '/-/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.json()).toMatchObject({ status: 'error', error: { lifecycle: { status: 'down', message: 'shutting down' } } });
    expect((await app.request('GET', '/-/liveness')).status).toBe(200);
  });

  it('is unready while the query models lag the log by more than READINESS_MAX_PROJECTION_LAG', async () => {
    app = await startTestApp({ READINESS_MAX_PROJECTION_LAG: '2' });
    const store = app.app.get<EventStore>(EVENT_STORE);
    // The engine stops following, as it lags behind during a catch-up, while the log grows.
    await app.app.get(ProjectionEngine).stop();
    await store.appendToStream('health-probe-test', [someEvent(), someEvent()]);
    expect((await app.request('GET', '/-/readiness')).status).toBe(200);
    await store.appendToStream('health-probe-test', [someEvent()]);
    const readiness = await app.request('GET', '/-/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.json().error.projections).toMatchObject({ status: 'down', lag: 3, max_lag: 2 });
  });

  it('is unready when the event store or the query-model store cannot be reached', async () => {
    app = await startTestApp();
    await app.app.get<QueryModelStore>(QUERY_MODEL_STORE).close();
    let readiness = await app.request('GET', '/-/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.json().error.query_models.status).toBe('down');
    expect(readiness.json().info.event_store.status).toBe('up');

    await app.app.get<EventStore>(EVENT_STORE).close();
    readiness = await app.request('GET', '/-/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.json().error.event_store).toMatchObject({ status: 'down', message: expect.stringContaining('closed') });
    expect(readiness.json().error.projections.status).toBe('down');
  });

  it('shows the relay state when KAFKA_BROKERS is set, and stays ready (and writable) while the broker is unreachable', async () => {
    app = await startTestApp({ KAFKA_BROKERS: '127.0.0.1:1', KAFKA_RELAY_FAILOVER_MS: '100' });
    let relay: Record<string, unknown> = {};
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && relay.state !== 'retrying'; ) {
      const readiness = await app.request('GET', '/-/readiness');
      expect(readiness.status).toBe(200);
      relay = readiness.json().info.kafka_relay;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(relay).toMatchObject({ status: 'up', state: 'retrying', leader: true, last_error: expect.any(String) });
    const registered = await app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } });
    expect(registered.status).toBe(201);
  });
});
