import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readRunnerRefusal } from '@app/domain';
import { describeRoute, registerDirectRoute } from '@app/http';
import { apiError } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { RunnerDetailsService } from '@app/api/runners/runner-details.service';
import { DirectoryProjection, type UserView } from '@app/projections';
import { Clock } from '@app/common/clock';
import { LiveStream, type LiveRunnerAccess, type LiveViewer } from './live-stream';
import { RunnerChangeFeed } from './runner-change-feed';

describeRoute('GET', '/api/v4/runners/live', {
  summary: 'Runner changes as server-sent events (beyond GitLab, for the fleet console)',
  description:
    'Events `runner` (id: a log position; data: the runner as `GET /runners/:id` shows it to this user), `runner_deleted` (data: `{"id": N}`) and `reset` (reload your data). ' +
    'Send `Last-Event-ID` to resume without gaps. Only runners the user may read; the token only in a header. See docs/console-api.md.',
  tag: 'runners',
  auth: 'user',
  responses: { 200: { description: 'An event stream for as long as the client stays', contentType: 'text/event-stream', schema: { type: 'string' } } },
  errors: { 401: 'a token in the URL is refused: `401 Unauthorized`' },
});

/** Last-Event-ID as this service issues it: a log position. */
const POSITION = /^\d{1,15}$/;

/**
 * `GET /api/v4/runners/live` (beyond GitLab, for the fleet console): runner changes as
 * server-sent events (docs/console-api.md). Authenticated as every API call, by header only: the
 * token is never taken from the URL, where proxies and browsers keep it. A direct Fastify route,
 * as the body is a stream the feed writes to for as long as the client stays.
 */
@Injectable()
export class LiveStreamRoute implements OnModuleInit {
  private readonly logger = new Logger('LiveStream');
  private readonly access: LiveRunnerAccess;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: UserAuthenticator,
    private readonly directory: DirectoryProjection,
    private readonly clock: Clock,
    private readonly feed: RunnerChangeFeed,
    details: RunnerDetailsService,
  ) {
    this.access = {
      readable: (user, runner) => readRunnerRefusal(user, { directory, runner }) === null,
      render: (runner, user) => details.render(runner, user),
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerDirectRoute(fastify, 'GET', '/api/v4/runners/live', (request, reply) => this.open(request, reply), this.logger);
  }

  private open(request: FastifyRequest, reply: FastifyReply): unknown {
    // No params: a private_token in the query string does not authenticate here.
    const { token } = this.auth.authenticate(request, {});
    if (!this.feed.accepting) throw apiError(503, '503 Service Unavailable');
    const stream = new LiveStream(this.viewer(token.tokenDigest), this.access, (closed) => this.feed.unsubscribe(closed));
    const lastEventId = request.headers['last-event-id'];
    const resumeAfter = typeof lastEventId === 'string' && lastEventId.trim() !== '' ? lastEventId.trim() : undefined;
    const changes = this.feed.subscribe(stream, resumeAfter === undefined ? undefined : POSITION.test(resumeAfter) ? Number(resumeAfter) : -1);
    request.raw.once('close', () => stream.close());
    reply.headers({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    // The comment goes out at once, so the client knows the stream is open before anything changes.
    stream.body.write(': connected\n\n');
    if (changes === null) stream.reset();
    else if (changes.length > 0) stream.deliver(changes, new Map());
    return stream.body;
  }

  private viewer(tokenDigest: string): LiveViewer {
    return {
      current: (): UserView | null => {
        const found = this.directory.authenticate(tokenDigest);
        if (!found) return null;
        if (found.expiresAt !== null && Date.parse(found.expiresAt) <= this.clock.now().getTime()) return null;
        return found.user;
      },
    };
  }
}
