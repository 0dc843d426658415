import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { ListTurns } from '@app/api/runners/list-turns';
import { APP_CONFIG, contactPolicy, type AppConfig } from '@app/config/app-config';
import { heartbeatEvents, type ContactPolicy, type Heartbeat } from '@app/domain';
import { valueOrThrow } from '@app/http/domain-error.http';
import type { RunnerView } from '@app/projections';
import { RecordHeartbeatCommand } from './record-heartbeat.command';

/**
 * The poll's fast path (POST /jobs/request, POST /runners/verify): the same first check as
 * RecordHeartbeatHandler, made here synchronously so that a poll that changes nothing, almost every
 * poll, allocates no promise and sends no command. Anything worth storing goes through the bus.
 */
@Injectable()
export class HeartbeatService {
  /** Built once: the poll's fast path allocates nothing it can avoid. */
  private readonly policy: ContactPolicy;

  constructor(
    private readonly cache: ContactCache,
    private readonly commands: CommandBus,
    private readonly listTurns: ListTurns,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = contactPolicy(config);
  }

  /** Settles at once (undefined) when nothing is to be stored; a promise means a command is running. */
  beat(runner: RunnerView, heartbeat: Heartbeat, correlationId?: string): Promise<void> | undefined {
    this.listTurns.urgent();
    this.cache.touch(runner.id, heartbeat.systemId, Date.parse(heartbeat.now));
    if (heartbeatEvents(runner.id, runner, heartbeat, this.policy).length === 0) return undefined;
    return this.record(runner.id, heartbeat, correlationId);
  }

  private async record(runnerId: number, heartbeat: Heartbeat, correlationId?: string): Promise<void> {
    valueOrThrow(await this.commands.execute(new RecordHeartbeatCommand(runnerId, heartbeat, correlationId)));
  }
}
