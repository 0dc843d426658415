import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ContactCache } from '@app/api/contacts/contact-cache';
import { APP_CONFIG, contactPolicy, type AppConfig } from '@app/config/app-config';
import { heartbeatDecision, type ContactPolicy, RUNNER_CONTACT_STREAM, RUNNER_STREAM, runnerContactStreamId, runnerStreamId } from '@app/domain';
import { commandContext, DeciderRunner, failed, succeeded, type Outcome } from '@app/event-store';
import { RunnersProjection } from '@app/projections';
import { RecordHeartbeatCommand } from './record-heartbeat.command';

/**
 * Every contact refreshes the contact cache; the log hears of it only when the heartbeat rules,
 * applied to the query model first, say something is worth storing. Significant facts (a first
 * contact, a new manager or new details, a finished creation, a return) go to the runner stream,
 * decided again against it; a routine contact (only the throttle window elapsed) goes to the
 * manager's contact stream, which keeps its latest event only: an idle runner polling for a year
 * leaves one event per manager in the log, not 35,000.
 */
@CommandHandler(RecordHeartbeatCommand)
export class RecordHeartbeatHandler implements ICommandHandler<RecordHeartbeatCommand> {
  /** Built once: the poll's fast path allocates nothing it can avoid. */
  private readonly policy: ContactPolicy;

  constructor(
    private readonly runner: DeciderRunner,
    private readonly runners: RunnersProjection,
    private readonly cache: ContactCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = contactPolicy(config);
  }

  async execute({ runnerId, heartbeat, correlationId }: RecordHeartbeatCommand): Promise<Outcome<void>> {
    this.cache.touch(runnerId, heartbeat.systemId, Date.parse(heartbeat.now));
    const view = this.runners.get(runnerId);
    const decision = view && heartbeatDecision(runnerId, view, heartbeat, this.policy);
    if (decision && decision.significant.length === 0 && decision.routine === null) return succeeded(undefined);
    const context = commandContext({ type: 'runner', id: runnerId }, new Date(heartbeat.now), correlationId);

    if (!decision || decision.significant.length > 0) {
      const result = await this.runner.run({
        ...RUNNER_STREAM,
        streamId: runnerStreamId(runnerId),
        // The query model folds the contact streams too: its contact is the freshest stored one.
        command: { type: 'RecordHeartbeat', runnerId, heartbeat, policy: this.policy, lastContactedAt: view?.contactedAt ?? null },
        context,
      });
      return result.ok ? succeeded(undefined) : failed(result.error);
    }

    const result = await this.runner.run({
      ...RUNNER_CONTACT_STREAM,
      streamId: runnerContactStreamId(runnerId, heartbeat.systemId),
      command: { type: 'RecordRoutineContact', runnerId, systemId: heartbeat.systemId, policy: this.policy, now: heartbeat.now },
      context,
    });
    return result.ok ? succeeded(undefined) : failed(result.error);
  }
}
