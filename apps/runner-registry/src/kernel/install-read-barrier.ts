import { Logger } from '@nestjs/common';
import { readLaneOf } from '@app/http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine } from '@app/projections';
import type { AppConfig } from '@app/config/app-config';
import { ReplicaReadBarrier } from './replica-read-barrier';
import { EVENT_STORE } from './tokens';

/** Long enough for a replica catching up after a pause; short enough that a stuck one answers instead of hanging. */
const CATCH_UP_TIMEOUT_MS = 10_000;

/**
 * With READ_CONSISTENCY=replicas every API request first passes the ReplicaReadBarrier. A replica
 * that cannot reach the log or catch up answers 503 (GitLab's shape), which a load balancer retries
 * elsewhere, rather than serving a read that may miss the client's own write.
 */
export function installReadBarrier(app: NestFastifyApplication, config: AppConfig): void {
  if (config.readConsistency !== 'replicas') return;
  const barrier = new ReplicaReadBarrier(app.get<EventStore>(EVENT_STORE), app.get(ProjectionEngine), CATCH_UP_TIMEOUT_MS);
  const logger = new Logger('ReadBarrier');
  const fastify = app.getHttpAdapter().getInstance();
  // Every read waits for the barrier, which the read lane's synchronous answers cannot.
  readLaneOf(fastify)?.close();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    try {
      await barrier.pass();
    } catch (error) {
      logger.error(`503 for ${request.method} ${request.url.split('?')[0]}: ${String(error)}`);
      return reply.code(503).header('content-type', 'application/json').send('{"message":"503 Service Unavailable"}');
    }
  });
}
