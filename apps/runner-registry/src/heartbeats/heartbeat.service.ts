import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { heartbeatEvents, type Heartbeat } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { valueOrThrow } from '../runners/shared/domain-error.mapper';
import { ContactCache } from './contact-cache';
import { RecordHeartbeatCommand } from './record-heartbeat.command';

/**
 * Every authenticated runner call that counts as contact goes through here. The contact cache is
 * updated on every call; the log only when the heartbeat rules, applied to the query model
 * first, say something is worth storing. Only then is the runner's stream read and the rules
 * applied again against it, so a poll that changes nothing costs no I/O at all.
 */
@Injectable()
export class HeartbeatService {
  constructor(
    private readonly cache: ContactCache,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Settles at once (undefined) when nothing is to be stored, which is almost every poll: the
   * poll route then answers without a promise of its own. A promise means a command is running.
   */
  beat(runner: RunnerView, heartbeat: Heartbeat): Promise<void> | undefined {
    this.cache.touch(runner.id, heartbeat.systemId, Date.parse(heartbeat.now));
    const policy = { contactThrottleSeconds: this.config.contactThrottleSeconds, onlineTimeoutSeconds: this.config.onlineTimeoutSeconds };
    if (heartbeatEvents(runner.id, runner, heartbeat, policy).length === 0) return undefined;
    return this.record(runner.id, heartbeat);
  }

  private async record(runnerId: number, heartbeat: Heartbeat): Promise<void> {
    valueOrThrow(await this.commands.execute(new RecordHeartbeatCommand(runnerId, heartbeat)));
  }
}
