import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { collectParams, type ParamDeclarations, type ParamsSchema } from '@app/http';
import { forbidden, notFound } from '@app/http/gitlab-errors';
import { RunnersProjection, type RunnerView, type UserView } from '@app/projections';

export type { ParamDeclarations, ParamsSchema };

/** Loads the runner a `/runners/:id` call names: 404 before any access check, as GitLab orders them. */
@Injectable()
export class RunnerLookup {
  constructor(private readonly runners: RunnersProjection) {}

  require(id: number | null): RunnerView {
    const runner = id === null ? undefined : this.runners.get(id);
    if (!runner) throw notFound('Runner');
    return runner;
  }

  /** 404 if missing, then 403 "No access granted" if the check fails. */
  requireWith(id: number | null, user: UserView, allowed: (user: UserView, runner: RunnerView) => boolean): RunnerView {
    const runner = this.require(id);
    if (!allowed(user, runner)) throw forbidden('No access granted');
    return runner;
  }
}
