import { Logger } from '@nestjs/common';
import Fastify from 'fastify';
import { forbidden } from './gitlab-errors';
import { registerDirectRoute } from './direct-route';

describe('registerDirectRoute', () => {
  const fastify = Fastify();
  const logger = new Logger('direct-route-spec');
  beforeAll(async () => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    registerDirectRoute(fastify, 'GET', '/ok/:id', (request) => ({ id: (request.params as { id: string }).id }), logger);
    registerDirectRoute(fastify, 'GET', '/refused', () => { throw forbidden('No access granted'); }, logger);
    registerDirectRoute(fastify, 'GET', '/broken', () => { throw new Error('kaboom'); }, logger);
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  it('sends what the answer returns, as JSON', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/ok/7' });
    expect([response.statusCode, response.json()]).toEqual([200, { id: '7' }]);
  });

  it('renders a GitLab error as GitLab does', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/refused' });
    expect([response.statusCode, response.json()]).toEqual([403, { message: '403 Forbidden - No access granted' }]);
  });

  it('turns anything else into GitLab’s 500, logged without leaking the message', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/broken' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('kaboom');
    expect(logger.error).toHaveBeenCalledWith('GET /broken failed', expect.stringContaining('kaboom'));
  });
});
