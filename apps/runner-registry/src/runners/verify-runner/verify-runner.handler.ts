import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Clock } from '../../infrastructure/clock';
import { commandContext } from '../../infrastructure/command-context';
import { CommandExecutor } from '../../infrastructure/command-executor';
import { failed, succeeded } from '../shared/outcome';
import { VerifyRunnerCommand } from './verify-runner.command';

@CommandHandler(VerifyRunnerCommand)
export class VerifyRunnerHandler implements ICommandHandler<VerifyRunnerCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ runnerId, systemId, ipAddress }: VerifyRunnerCommand) {
    const now = this.clock.now();
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      {
        type: 'RecordHeartbeat',
        runnerId,
        heartbeat: { systemId, info: null, ipAddress, finishCreation: false, now: now.toISOString() },
        policy: { contactThrottleSeconds: this.config.contactThrottleSeconds, onlineTimeoutSeconds: this.config.onlineTimeoutSeconds },
      },
      commandContext({ type: 'runner', id: runnerId }, now),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
