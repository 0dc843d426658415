import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runnerStreamId } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { commandContext } from '../infrastructure/command-context';
import { CommandExecutor } from '../infrastructure/command-executor';
import { failed, succeeded } from '../runners/shared/outcome';
import { RecordHeartbeatCommand } from './record-heartbeat.command';

@CommandHandler(RecordHeartbeatCommand)
export class RecordHeartbeatHandler implements ICommandHandler<RecordHeartbeatCommand> {
  constructor(private readonly executor: CommandExecutor, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async execute({ runnerId, heartbeat }: RecordHeartbeatCommand) {
    const result = await this.executor.runner(
      runnerStreamId(runnerId),
      {
        type: 'RecordHeartbeat',
        runnerId,
        heartbeat,
        policy: { contactThrottleSeconds: this.config.contactThrottleSeconds, onlineTimeoutSeconds: this.config.onlineTimeoutSeconds },
      },
      commandContext({ type: 'runner', id: runnerId }, new Date(heartbeat.now)),
    );
    return result.ok ? succeeded(undefined) : failed<void>(result.error);
  }
}
