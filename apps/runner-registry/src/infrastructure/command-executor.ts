import { Inject, Injectable } from '@nestjs/common';
import {
  DIRECTORY_EVENT_SCHEMA_VERSIONS,
  directoryDecider,
  identityConflict,
  RUNNER_EVENT_SCHEMA_VERSIONS,
  runnerDecider,
  type DirectoryCommand,
  type DirectoryEntityState,
  type DirectoryEvent,
  type RunnerCommand,
  type RunnerEvent,
  type RunnerState,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { ConcurrencyConflictError, executeDeciderCommand, type CommandContext, type DeciderCommandResult } from '@app/event-store/command/decider-command';
import { conflict } from '@app/http/gitlab-errors';
import { DirectoryProjection, ProjectionEngine } from '@app/projections';
import { KeyedSerializer } from './keyed-serializer';
import { EVENT_STORE } from './tokens';

/**
 * Runs a decider command against its stream and, on success, waits until the query models show
 * the new events: a client that got a 2xx sees its own write on its very next read.
 */
@Injectable()
export class CommandExecutor {
  private readonly perStream = new KeyedSerializer();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly engine: ProjectionEngine,
    private readonly identities: DirectoryProjection,
  ) {}

  runner(streamId: string, command: RunnerCommand | ((state: RunnerState) => RunnerCommand), context: CommandContext): Promise<DeciderCommandResult<RunnerEvent, RunnerState>> {
    const expectNewStream = typeof command === 'object' && command.type === 'RegisterRunner';
    return this.visible(streamId, () =>
      executeDeciderCommand({ store: this.store, streamId, decider: runnerDecider, command, context, schemaVersions: RUNNER_EVENT_SCHEMA_VERSIONS, expectNewStream }),
    );
  }

  directory(
    streamId: string,
    command: DirectoryCommand,
    context: CommandContext,
    eventId?: (event: DirectoryEvent, index: number) => string,
  ): Promise<DeciderCommandResult<DirectoryEvent, DirectoryEntityState>> {
    return this.visible(streamId, async () => {
      // Usernames and token digests are unique across user streams, so no one stream's decider can tell (see identityConflict).
      const conflict = identityConflict(command, this.identities);
      if (conflict) return { ok: false, error: conflict, state: directoryDecider.initialState };
      return executeDeciderCommand({ store: this.store, streamId, decider: directoryDecider, command, context, schemaVersions: DIRECTORY_EVENT_SCHEMA_VERSIONS, eventId });
    });
  }

  /** Commands on one stream run in turn here (a burst of PUTs on one runner must not end in 409s). */
  private async visible<R extends { ok: boolean }>(streamId: string, execute: () => Promise<R>): Promise<R> {
    const result = await this.perStream.run(streamId, execute).catch((error: unknown) => {
      // Retries are exhausted only under heavy contention on one runner; GitLab answers 409 too.
      throw error instanceof ConcurrencyConflictError ? conflict() : error;
    });
    if (result.ok && 'position' in result && typeof result.position === 'number') await this.engine.waitFor(result.position);
    return result;
  }
}
