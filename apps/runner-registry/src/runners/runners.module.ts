import { Module } from '@nestjs/common';
import { CreateRunnerController } from './create-runner/create-runner.controller';
import { CreateRunnerHandler } from './create-runner/create-runner.handler';
import { DeleteRunnerController } from './delete-runner/delete-runner.controller';
import { DeleteRunnerHandler } from './delete-runner/delete-runner.handler';
import { GetRunnerController } from './get-runner/get-runner.controller';
import { ListAllRunnersController } from './list-all-runners/list-all-runners.controller';
import { ListOwnedRunnersController } from './list-owned-runners/list-owned-runners.controller';
import { RegisterRunnerController } from './register-runner/register-runner.controller';
import { RegisterRunnerHandler } from './register-runner/register-runner.handler';
import { ResetRunnerTokenController } from './reset-runner-token/reset-runner-token.controller';
import { ResetRunnerTokenHandler } from './reset-runner-token/reset-runner-token.handler';
import { ResetTokenByRunnerController } from './reset-token-by-runner/reset-token-by-runner.controller';
import { RunnersSharedModule } from './shared/runners-shared.module';
import { UnregisterRunnerController } from './unregister-runner/unregister-runner.controller';
import { UpdateRunnerController } from './update-runner/update-runner.controller';
import { UpdateRunnerHandler } from './update-runner/update-runner.handler';
import { VerifyRunnerController } from './verify-runner/verify-runner.controller';
import { VerifyRunnerHandler } from './verify-runner/verify-runner.handler';

/** Static paths (all, verify, reset_*) are declared before `:id`; find-my-way prefers them anyway. */
@Module({
  imports: [RunnersSharedModule],
  controllers: [
    RegisterRunnerController,
    VerifyRunnerController,
    UnregisterRunnerController,
    ResetTokenByRunnerController,
    ListAllRunnersController,
    ListOwnedRunnersController,
    CreateRunnerController,
    GetRunnerController,
    UpdateRunnerController,
    DeleteRunnerController,
    ResetRunnerTokenController,
  ],
  providers: [
    RegisterRunnerHandler,
    CreateRunnerHandler,
    VerifyRunnerHandler,
    UpdateRunnerHandler,
    DeleteRunnerHandler,
    ResetRunnerTokenHandler,
  ],
})
export class RunnersModule {}
