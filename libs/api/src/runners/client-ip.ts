import type { FastifyRequest } from 'fastify';

/** GitLab takes the first X-Forwarded-For address when present (the client, before any proxy). */
export function clientIp(request: FastifyRequest): string | null {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || request.ip || null;
}
