import { Module } from '@nestjs/common';
import { HeartbeatsModule } from '../heartbeats/heartbeats.module';
import { DeleteRunnerManagerController } from './delete-runner-manager/delete-runner-manager.controller';
import { DeleteRunnerManagerHandler } from './delete-runner-manager/delete-runner-manager.handler';
import { ListRunnerManagersController } from './list-runner-managers/list-runner-managers.controller';
import { RunnerManagerPresenter } from './list-runner-managers/runner-manager.presenter';
import { CreateRunnerController } from './create-runner/create-runner.controller';
import { CreateRunnerHandler } from './create-runner/create-runner.handler';
import { DeleteRunnerController } from './delete-runner/delete-runner.controller';
import { DeleteRunnerHandler } from './delete-runner/delete-runner.handler';
import { GetRunnerRoute } from './get-runner/get-runner.route';
import { ListAllRunnersController } from './list-all-runners/list-all-runners.controller';
import { ListOwnedRunnersController } from './list-owned-runners/list-owned-runners.controller';
import { JobPresenter } from './list-runner-jobs/job.presenter';
import { ListRunnerJobsController } from './list-runner-jobs/list-runner-jobs.controller';
import { RunnerJobsQuery } from './list-runner-jobs/runner-jobs.query';
import { RegisterRunnerController } from './register-runner/register-runner.controller';
import { RegisterRunnerHandler } from './register-runner/register-runner.handler';
import { ResetRunnerTokenController } from './reset-runner-token/reset-runner-token.controller';
import { ResetRunnerTokenHandler } from './reset-runner-token/reset-runner-token.handler';
import { ResetTokenByRunnerController } from './reset-token-by-runner/reset-token-by-runner.controller';
import { RunnerHistoryController } from './runner-history/runner-history.controller';
import { RunnersSharedModule } from './shared/runners-shared.module';
import { UnregisterRunnerController } from './unregister-runner/unregister-runner.controller';
import { UpdateRunnerController } from './update-runner/update-runner.controller';
import { UpdateRunnerHandler } from './update-runner/update-runner.handler';
import { VerifyRunnerController } from './verify-runner/verify-runner.controller';

/** Static paths (all, verify, reset_*) are declared before `:id`; find-my-way prefers them anyway. */
@Module({
  imports: [RunnersSharedModule, HeartbeatsModule],
  controllers: [
    RegisterRunnerController,
    VerifyRunnerController,
    UnregisterRunnerController,
    DeleteRunnerManagerController,
    ResetTokenByRunnerController,
    ListAllRunnersController,
    ListOwnedRunnersController,
    CreateRunnerController,
    UpdateRunnerController,
    DeleteRunnerController,
    ResetRunnerTokenController,
    ListRunnerManagersController,
    ListRunnerJobsController,
    RunnerHistoryController,
  ],
  providers: [
    GetRunnerRoute,
    RegisterRunnerHandler,
    CreateRunnerHandler,
    UpdateRunnerHandler,
    DeleteRunnerHandler,
    ResetRunnerTokenHandler,
    DeleteRunnerManagerHandler,
    RunnerManagerPresenter,
    RunnerJobsQuery,
    JobPresenter,
  ],
})
export class RunnersModule {}
