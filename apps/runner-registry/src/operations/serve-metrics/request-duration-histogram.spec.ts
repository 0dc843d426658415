import { describe, expect, it } from '@jest/globals';
import { Histogram, Registry } from 'prom-client';
import { RequestDurationHistogram } from './request-duration-histogram';

const NAME = 'runner_registry_http_request_duration_seconds';
const HELP = 'HTTP requests, as the service counts them';
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** Method, route, status, seconds: on bucket bounds, between them, beyond the last, and zero. */
const OBSERVATIONS: [string, string, number, number][] = [
  ['GET', '/api/v4/runners/:id', 200, 0.0003],
  ['GET', '/api/v4/runners/:id', 200, 0.0005],
  ['GET', '/api/v4/runners/:id', 200, 0.0007],
  ['GET', '/api/v4/runners/:id', 404, 0.002],
  ['POST', '/api/v4/jobs/request', 204, 0],
  ['POST', '/api/v4/jobs/request', 204, 12],
  ['GET', 'unmatched', 404, 0.04],
  ['GET', '/api/v4/runners/:id', 200, 10],
];

describe('request duration histogram', () => {
  it("exposes exactly what prom-client's Histogram exposes for the same requests", async () => {
    const reference = new Registry();
    const histogram = new Histogram({ name: NAME, help: HELP, labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers: [reference] });
    const ours = new Registry();
    const fast = new RequestDurationHistogram(NAME, HELP, BUCKETS, ours);
    for (const [method, route, status, seconds] of OBSERVATIONS) {
      histogram.labels(method, route, String(status)).observe(seconds);
      fast.observe(method, route, status, seconds);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    expect(await ours.metrics()).toContain(`${NAME}_bucket{le="+Inf",method="POST",route="/api/v4/jobs/request",status="204"} 2`);
  });

  it('starts again from nothing when the registry is reset', async () => {
    const registry = new Registry();
    const fast = new RequestDurationHistogram(NAME, HELP, BUCKETS, registry);
    fast.observe('GET', '/api/v4/runners/:id', 200, 0.001);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('_count');
  });
});
