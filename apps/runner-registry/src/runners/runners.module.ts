import { Module } from '@nestjs/common';
import { BulkDeleteRunnersController } from './bulk-delete-runners/bulk-delete-runners.controller';
import { CreateRunnerController } from './create-runner/create-runner.controller';
import { CreateRunnerHandler } from './create-runner/create-runner.handler';
import { DeleteRunnerController } from './delete-runner/delete-runner.controller';
import { DeleteRunnerHandler } from './delete-runner/delete-runner.handler';
import { UnregisterRunnerController } from './delete-runner/unregister-runner.controller';
import { DeleteRunnerManagerController } from './delete-runner-manager/delete-runner-manager.controller';
import { DeleteRunnerManagerHandler } from './delete-runner-manager/delete-runner-manager.handler';
import { DeleteStaleManagerHandler } from './delete-stale-managers/delete-stale-manager.handler';
import { StaleManagerCleanup } from './delete-stale-managers/stale-manager-cleanup.timer';
import { GetRunnerRoute } from './get-runner/get-runner.route';
import { LiveStreamRoute } from './live-stream/live-stream.route';
import { RunnerChangeFeed } from './live-stream/runner-change-feed';
import { StatusHistoryController } from './status-history/status-history.controller';
import { ListAllRunnersController } from './list-all-runners/list-all-runners.controller';
import { ListOwnedRunnersController } from './list-owned-runners/list-owned-runners.controller';
import { JobPresenter } from './list-runner-jobs/job.presenter';
import { ListRunnerJobsController } from './list-runner-jobs/list-runner-jobs.controller';
import { RunnerJobsQuery } from './list-runner-jobs/runner-jobs.query';
import { ListRunnerManagersController } from './list-runner-managers/list-runner-managers.controller';
import { RunnerManagerPresenter } from './list-runner-managers/runner-manager.presenter';
import { HeartbeatService } from './record-heartbeat/heartbeat.service';
import { RecordHeartbeatHandler } from './record-heartbeat/record-heartbeat.handler';
import { RequestJobRoute } from './record-heartbeat/request-job.route';
import { VerifyRunnerController } from './record-heartbeat/verify-runner.controller';
import { RecordStatusTransitionHandler } from './record-status-transitions/record-status-transition.handler';
import { StatusMonitor } from './record-status-transitions/status-monitor.timer';
import { RegisterRunnerController } from './register-runner/register-runner.controller';
import { RegisterRunnerHandler } from './register-runner/register-runner.handler';
import { ResetRunnerTokenController } from './reset-runner-token/reset-runner-token.controller';
import { ResetRunnerTokenHandler } from './reset-runner-token/reset-runner-token.handler';
import { ResetTokenByRunnerController } from './reset-runner-token/reset-token-by-runner.controller';
import { RunnerHistoryController } from './runner-history/runner-history.controller';
import { UpdateRunnerController } from './update-runner/update-runner.controller';
import { UpdateRunnerHandler } from './update-runner/update-runner.handler';

/**
 * Every route of the runners area, in one list: Nest controllers, and the two hot paths served by
 * Fastify directly (same hooks, parsers and GitLab errors, none of Nest's per-request pipeline).
 * Static paths (all, verify, reset_*, bulk_delete) are declared before `:id`; find-my-way prefers them anyway.
 */
const controllers = [
  RegisterRunnerController, // POST /runners
  VerifyRunnerController, // POST /runners/verify
  UnregisterRunnerController, // DELETE /runners
  DeleteRunnerManagerController, // DELETE /runners/managers
  ResetTokenByRunnerController, // POST /runners/reset_authentication_token
  ListAllRunnersController, // GET /runners/all
  StatusHistoryController, // GET /runners/status_history (beyond GitLab)
  BulkDeleteRunnersController, // POST /runners/bulk_delete (beyond GitLab)
  ListOwnedRunnersController, // GET /runners
  CreateRunnerController, // POST /user/runners
  UpdateRunnerController, // PUT /runners/:id
  DeleteRunnerController, // DELETE /runners/:id
  ResetRunnerTokenController, // POST /runners/:id/reset_authentication_token
  ListRunnerManagersController, // GET /runners/:id/managers
  ListRunnerJobsController, // GET /runners/:id/jobs
  RunnerHistoryController, // GET /runners/:id/history
];
const directRoutes = [
  GetRunnerRoute, // GET /runners/:id
  RequestJobRoute, // POST /jobs/request
  LiveStreamRoute, // GET /runners/live (beyond GitLab: server-sent events)
];
/** One handler per command; the timers send theirs on the bus like any other entry point. */
const handlers = [
  RegisterRunnerHandler,
  CreateRunnerHandler,
  UpdateRunnerHandler,
  DeleteRunnerHandler,
  ResetRunnerTokenHandler,
  DeleteRunnerManagerHandler,
  RecordHeartbeatHandler,
  RecordStatusTransitionHandler,
  DeleteStaleManagerHandler,
];
const timers = [StatusMonitor, StaleManagerCleanup, RunnerChangeFeed];

@Module({
  controllers,
  providers: [...directRoutes, ...handlers, ...timers, HeartbeatService, RunnerManagerPresenter, RunnerJobsQuery, JobPresenter],
  exports: timers,
})
export class RunnersModule {}
