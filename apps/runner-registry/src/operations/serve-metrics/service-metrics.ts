import { Inject, Injectable } from '@nestjs/common';
import type { RequestLine } from '@app/common/service-logger';
import { Gauge, Registry } from 'prom-client';
import { RequestDurationHistogram } from './request-duration-histogram';
import { RunnerIndex } from '@app/api/runners/indexes/runner-index';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine } from '@app/projections';
import { EVENT_STORE } from '../../kernel/tokens';

/**
 * The service's own metrics beside the relay's and the write path's: requests by route and status,
 * how far the query models are behind the log, and the fleet by status and type (GitLab's runners
 * page). Gauges are computed when Prometheus scrapes, so they cost nothing between scrapes.
 */
@Injectable()
export class ServiceMetrics {
  private readonly requests: RequestDurationHistogram;

  constructor(
    @Inject(Registry) registry: Registry,
    @Inject(EVENT_STORE) store: EventStore,
    engine: ProjectionEngine,
    index: RunnerIndex,
  ) {
    this.requests = new RequestDurationHistogram(
      'runner_registry_http_request_duration_seconds',
      'HTTP requests by method, route pattern (`unmatched` when no route serves the path) and status, and how long they took; the count is the request rate, the 4xx and 5xx statuses the errors.',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registry,
    );
    new Gauge({
      name: 'runner_registry_projection_lag',
      help: "How far this process's query models are behind the log: head position minus the position they hold (events on SQLite and PostgreSQL, log bytes on EventStoreDB). Readiness fails above READINESS_MAX_PROJECTION_LAG.",
      registers: [registry],
      async collect() {
        const head = await store.headPosition().catch(() => NaN);
        this.set(Math.max(0, head - engine.position));
      },
    });
    new Gauge({
      name: 'runner_registry_runners',
      help: 'Runners by status (online, offline, stale, never_contacted, as the API reports them) and runner_type.',
      labelNames: ['status', 'runner_type'],
      registers: [registry],
      // From the list indexes: a few bitmap intersections, not a test of every runner on the event loop at each scrape.
      collect() {
        this.reset();
        for (const { status, runnerType, count } of index.fleetCounts()) this.set({ status, runner_type: runnerType }, count);
      },
    });
  }

  /** The request log calls this for every request (see installRequestLog). */
  observeRequest({ method, route, status, durationMs }: RequestLine): void {
    this.requests.observe(method, route ?? 'unmatched', status, durationMs / 1000);
  }
}
