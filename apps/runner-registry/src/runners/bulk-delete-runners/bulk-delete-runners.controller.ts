import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { collectParams, describeRoute } from '@app/http';
import { rawError } from '@app/http/gitlab-errors';
import { refuseIf, toHttpError } from '@app/http/domain-error.http';
import { UserAuthenticator } from '@app/api/auth/user-authenticator';
import { RunnerQueryService } from '@app/api/runners/runner-query.service';
import { filtersFrom, RUNNER_FILTER_NAMES } from '@app/api/runners/runner-list.params';
import { filtersNothing } from '@app/api/runners/runner-filters';
import { bulkDeleteRunnersRefusal, deleteRunnerRefusal, type Actor, type DomainError } from '@app/domain';
import { DirectoryProjection, RunnersProjection } from '@app/projections';
import { DeleteRunnerCommand } from '../delete-runner/delete-runner.command';
import { BULK_DELETE_LIMIT, bulkDeleteRunnersParams, BulkDeleteRunnersParams } from './bulk-delete-runners.params';
import { ref } from '@app/api/api-entities.schema';

const POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;
/** The params' atLeastOneOf message, for filters that are given but filter nothing. */
const NEITHER_IDS_NOR_FILTERS = `${['ids', ...RUNNER_FILTER_NAMES].join(', ')} are missing, at least one parameter must be provided`;

interface Refused {
  id: number;
  message: string;
}

/** GitLab's error text for a refusal, as the single-runner endpoint would answer it. */
const reasonOf = (error: DomainError): string => {
  const { body } = toHttpError(error);
  return 'message' in body ? String(body.message) : body.error;
};

describeRoute('POST', '/api/v4/runners/bulk_delete', {
  summary: 'Delete runners by id or by filter (administrators; beyond GitLab)',
  tag: 'runners',
  auth: 'user',
  params: BulkDeleteRunnersParams,
  responses: { 200: { description: 'What was deleted (or would be, with `dry_run`) and what was refused', schema: ref('BulkDeleteResult') } },
});

@Controller('api/v4/runners')
export class BulkDeleteRunnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: UserAuthenticator,
    private readonly query: RunnerQueryService,
    private readonly runners: RunnersProjection,
    private readonly directory: DirectoryProjection,
  ) {}

  /**
   * Beyond GitLab: stale-runner cleanup in one call instead of one `DELETE /runners/:id` each.
   * Administrators only. Each deletion is the ordinary DeleteRunner command (its own
   * `RunnerDeleted` event), all of them under one correlation id, so the audit trail shows them as
   * one operation. A runner that cannot go (unknown, or gone meanwhile) is listed with the reason
   * `DELETE /runners/:id` would give, and the others still go. With filters, the first 1,000
   * matches by id go; `remaining` counts the matches left for the next call.
   */
  @Post('bulk_delete')
  @HttpCode(200)
  async bulkDelete(@Req() request: FastifyRequest) {
    const raw = collectParams(request);
    const { user } = this.auth.authenticate(request, raw);
    // Before the params, as an admin API's `before { authenticated_as_admin! }` would: others learn nothing.
    refuseIf(bulkDeleteRunnersRefusal(user));
    const params = bulkDeleteRunnersParams.parse(raw);
    if (!params.ids) {
      const filters = filtersFrom(params);
      // An empty tag list or a blank search filters nothing: it must not mean "everything" either.
      if (filtersNothing(filters)) throw rawError(400, NEITHER_IDS_NOR_FILTERS);
      // A search asked for the first time tests the fleet in turns of the event loop.
      await this.query.ready(filters);
    }
    const { targets, remaining } = this.targets(params);

    const correlationId = randomUUID();
    const actor: Actor = { type: 'user', id: user.userId };
    const deleted: number[] = [];
    const refused: Refused[] = [];
    for (const id of targets) {
      const refusal = deleteRunnerRefusal(user, { directory: this.directory, runner: this.runners.get(id) });
      if (refusal) refused.push({ id, message: reasonOf(refusal) });
      else if (params.dry_run) deleted.push(id);
      else await this.delete(id, actor, correlationId, deleted, refused);
    }
    return { dry_run: params.dry_run, correlation_id: params.dry_run ? null : correlationId, deleted, refused, remaining };
  }

  private async delete(id: number, actor: Actor, correlationId: string, deleted: number[], refused: Refused[]): Promise<void> {
    const outcome = await this.commands.execute(new DeleteRunnerCommand(id, actor, correlationId));
    if (outcome.ok) deleted.push(id);
    else refused.push({ id, message: reasonOf(outcome.error) });
  }

  /** The ids given (deduplicated, in the order given), or the first matches of the filters by id. */
  private targets(params: ReturnType<typeof bulkDeleteRunnersParams.parse>): { targets: number[]; remaining: number } {
    if (params.ids) {
      if (!params.ids.every((id) => POSITIVE_INTEGER.test(id))) throw rawError(400, 'ids is invalid');
      return { targets: [...new Set(params.ids.map(Number))], remaining: 0 };
    }
    const { ids, total } = this.query.firstIds(filtersFrom(params), BULK_DELETE_LIMIT);
    return { targets: ids, remaining: Math.max(0, total - BULK_DELETE_LIMIT) };
  }
}
