import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '@app/common/clock';
import { deterministicUuid } from '@app/common/deterministic-uuid';
import { digestToken } from '@app/common/token-issuer';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import type { DirectoryCommand, DirectoryEvent } from '@app/domain';
import { commandContext } from '@app/event-store/command/command-context';
import { ChangeDirectoryCommand } from './change-directory.command';
import { DIRECTORY_MESSAGE_TYPES } from './directory-messages';
import { readDirectorySeed, type DirectorySeed } from './directory-seed';

const digestOrNull = (token: string | null | undefined) => (token ? digestToken(token) : null);

/**
 * The seed file's entries as directory-events messages: the same shapes, plaintext tokens replaced
 * by their digests. The seed then goes through the very mapping the Kafka consumer uses.
 */
export function seedMessages(seed: DirectorySeed): { type: string; data: Record<string, unknown> }[] {
  const { registration_token, ...settings } = seed.settings ?? {};
  return [
    { type: 'directory.instance-settings.provisioned', data: { ...settings, registration_token_digest: digestOrNull(registration_token) } },
    ...(seed.users ?? []).map((user) => ({
      type: 'directory.user.provisioned',
      data: {
        ...user,
        personal_access_tokens: (user.personal_access_tokens ?? []).map(({ token, ...rest }) => ({ token_digest: digestToken(token), ...rest })),
      },
    })),
    ...(seed.groups ?? []).map(({ runners_token, ...group }) => ({ type: 'directory.group.provisioned', data: { ...group, runners_token_digest: digestOrNull(runners_token) } })),
    ...(seed.projects ?? []).map(({ runners_token, ...project }) => ({ type: 'directory.project.provisioned', data: { ...project, runners_token_digest: digestOrNull(runners_token) } })),
  ];
}

/** Seed entries as directory commands, each with the stream it belongs to. */
export function seedCommands(seed: DirectorySeed, now = new Date().toISOString()): { streamId: string; command: DirectoryCommand }[] {
  return seedMessages(seed).map(({ type, data }) => DIRECTORY_MESSAGE_TYPES[type].toCommand(data, now));
}

/**
 * Provisions the directory from DIRECTORY_SEED_FILE through ordinary directory commands. Entities
 * that already exist are left alone (a reset registration token survives a restart), and event ids
 * derive from the seed, so two processes starting at once cannot provision anything twice.
 */
@Injectable()
export class DirectorySeedLoader {
  private readonly logger = new Logger('DirectorySeed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    const file = this.config.directorySeedFile;
    if (!file) return this.logger.warn('No DIRECTORY_SEED_FILE: the directory starts empty');
    const seed = readDirectorySeed(file);
    const now = this.clock.now();
    const context = commandContext({ type: 'system', name: 'directory-seed' }, now);
    let created = 0;
    for (const { streamId, command } of seedCommands(seed, now.toISOString())) {
      const eventId = (event: DirectoryEvent, index: number) => deterministicUuid(`directory-seed:${streamId}:${index}:${event.type}:${JSON.stringify(event.data)}`);
      const outcome = await this.commands.execute(new ChangeDirectoryCommand(streamId, command, context, eventId));
      if (!outcome.ok) throw new Error(`Seeding ${streamId} failed: ${outcome.error.message}`);
      if (outcome.value) created++;
    }
    this.logger.log(`Directory seed ${file}: ${created} entities provisioned, the rest already existed`);
  }
}
