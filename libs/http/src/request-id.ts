import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What an incoming X-Request-Id may be to be honoured (GitLab's are ULIDs, a proxy's often UUIDs): no spaces or controls, at most 128 characters. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/;

/**
 * Fastify's genReqId: the caller's X-Request-Id when it is an acceptable one (a proxy or GitLab in
 * front already named the request), else a fresh UUID. The id is returned in X-Request-Id, as GitLab
 * does, and becomes the correlation id of the events the request causes.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}
