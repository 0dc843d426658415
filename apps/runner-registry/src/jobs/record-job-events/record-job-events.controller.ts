import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { forbidden } from '@app/http/gitlab-errors';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { valueOrThrow } from '@app/http/domain-error.http';
import { JOB_EVENTS_BODY_SCHEMA, parseJobEvents } from './job-event.params';
import { RecordJobEventsCommand, type RecordJobEventsResult } from './record-job-events.command';
import { ref } from '@app/api/api-entities.schema';

describeRoute('POST', '/api/v4/internal/job_events', {
  summary: 'Record job events where there is no Kafka (administrators; beyond GitLab)',
  description: 'One job event, or an array of 1 to 1,000, in GitLab\'s wire names (see "Jobs: the contract with the CI side" in the README).',
  tag: 'jobs',
  auth: 'user',
  body: JOB_EVENTS_BODY_SCHEMA,
  responses: { 201: { description: 'How many events changed a job, and how many changed nothing', schema: ref('JobEventsResult') } },
});

/**
 * Not a GitLab endpoint: how the CI side tells this registry about jobs when there is no Kafka
 * (the contract is in libs/domain/src/job/job.events.ts).
 */
@Controller('api/v4/internal')
export class RecordJobEventsController {
  constructor(private readonly commands: CommandBus, private readonly auth: UserAuthenticator) {}

  /** One job event or an array of up to 1,000; 201 {"recorded": n, "unchanged": m}. */
  @Post('job_events')
  @HttpCode(201)
  async record(@Req() request: FastifyRequest): Promise<RecordJobEventsResult> {
    // POST with the default route scopes: only an `api` token passes, read_api cannot write.
    const { user } = this.auth.authenticate(request, collectParams(request));
    // Writing the CI side's facts is an operator's job, not an auditor's (auditors only read).
    if (!user.admin) throw forbidden();
    const { jobs, batch } = parseJobEvents(request.body);
    return valueOrThrow(await this.commands.execute(new RecordJobEventsCommand(jobs, { type: 'user', id: user.userId }, batch, undefined, request.id)));
  }
}
