import type { FastifyRequest } from 'fastify';
import { preconditionFailed } from '@app/http/gitlab-errors';

/**
 * GitLab's destroy_conditionally!: an If-Unmodified-Since older than the resource's last change
 * refuses the delete with 412. HTTP dates have whole seconds, so compare at that precision.
 */
export function assertUnmodifiedSince(request: FastifyRequest, updatedAt: string): void {
  const header = request.headers['if-unmodified-since'];
  if (typeof header !== 'string') return;
  const since = Date.parse(header);
  if (Number.isNaN(since)) return;
  if (Math.floor(Date.parse(updatedAt) / 1000) > Math.floor(since / 1000)) throw preconditionFailed();
}
