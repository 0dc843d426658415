import { Injectable } from '@nestjs/common';
import type { Principal, Refusal, RunnerByIdFacts } from '@app/domain';
import type { ParamDeclarations, ParamsSchema } from '@app/http';
import { refuseIf } from '@app/http/domain-error.http';
import { notFound } from '@app/http/gitlab-errors';
import { DirectoryProjection, RunnersProjection, type RunnerView, type UserView } from '@app/projections';

export type { ParamDeclarations, ParamsSchema };

/** Loads the runner a `/runners/:id` call names: 404 before any access check, as GitLab orders them. */
@Injectable()
export class RunnerLookup {
  constructor(
    private readonly runners: RunnersProjection,
    private readonly directory: DirectoryProjection,
  ) {}

  /** The runner `id` names, once the use case's access policy (libs/domain/src/access) lets the caller at it. */
  requireAllowed(id: number | null, user: UserView, policy: (principal: Principal, facts: RunnerByIdFacts) => Refusal): RunnerView {
    const runner = id === null ? undefined : this.runners.get(id);
    refuseIf(policy(user, { directory: this.directory, runner }));
    return runner!;
  }

  require(id: number | null): RunnerView {
    const runner = id === null ? undefined : this.runners.get(id);
    if (!runner) throw notFound('Runner');
    return runner;
  }

}
