import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { heartbeatEvents, RUNNER_STREAM, runnerStreamId } from '@app/domain';
import { commandContext, DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { RunnersProjection } from '@app/projections';
import { RecordHeartbeatCommand } from './record-heartbeat.command';

/**
 * Every contact refreshes the contact cache; the log hears of it only when the heartbeat rules,
 * applied to the query model first, say something is worth storing. Only then is the stream read
 * and the same rules decided against it.
 */
@CommandHandler(RecordHeartbeatCommand)
export class RecordHeartbeatHandler implements ICommandHandler<RecordHeartbeatCommand> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly runners: RunnersProjection,
    private readonly cache: ContactCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ runnerId, heartbeat }: RecordHeartbeatCommand): Promise<Outcome<void>> {
    this.cache.touch(runnerId, heartbeat.systemId, Date.parse(heartbeat.now));
    const policy = { contactThrottleSeconds: this.config.contactThrottleSeconds, onlineTimeoutSeconds: this.config.onlineTimeoutSeconds };
    const view = this.runners.get(runnerId);
    if (view && heartbeatEvents(runnerId, view, heartbeat, policy).length === 0) return succeeded(undefined);
    const result = await this.runner.run({
      ...RUNNER_STREAM,
      streamId: runnerStreamId(runnerId),
      command: { type: 'RecordHeartbeat', runnerId, heartbeat, policy },
      context: commandContext({ type: 'runner', id: runnerId }, new Date(heartbeat.now)),
    });
    return result.ok ? succeeded(undefined) : failed(result.error);
  }
}
