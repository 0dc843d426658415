import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  groupStreamId,
  INSTANCE_SETTINGS_STREAM,
  projectStreamId,
  userStreamId,
  type DirectoryCommand,
  type Member,
} from '@app/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../infrastructure/clock';
import { CommandExecutor } from '../infrastructure/command-executor';
import { commandContext } from '../infrastructure/command-context';
import { deterministicUuid } from '../infrastructure/deterministic-uuid';
import { digestToken } from '../infrastructure/token-issuer';
import { readDirectorySeed, type DirectorySeed, type SeedMember } from './directory-seed';

const members = (list: readonly SeedMember[] | undefined): Member[] => (list ?? []).map((m) => ({ userId: m.user_id, accessLevel: m.access_level }));
const digestOrNull = (token: string | null | undefined) => (token ? digestToken(token) : null);

/** Seed entries as directory commands, each with the stream it belongs to. */
export function seedCommands(seed: DirectorySeed): { streamId: string; command: DirectoryCommand }[] {
  const s = seed.settings ?? {};
  return [
    {
      streamId: INSTANCE_SETTINGS_STREAM,
      command: {
        type: 'ProvisionInstanceSettings',
        settings: {
          allowRunnerRegistrationToken: s.allow_runner_registration_token ?? true,
          runnerTokenExpirationInterval: s.runner_token_expiration_interval ?? null,
          groupRunnerTokenExpirationInterval: s.group_runner_token_expiration_interval ?? null,
          projectRunnerTokenExpirationInterval: s.project_runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: digestOrNull(s.registration_token),
      },
    },
    ...(seed.users ?? []).map((u) => ({
      streamId: userStreamId(u.id),
      command: {
        type: 'ProvisionUser',
        user: { userId: u.id, username: u.username, name: u.name ?? u.username, admin: u.admin === true, auditor: u.auditor === true },
        tokens: (u.personal_access_tokens ?? []).map((t) => ({ tokenDigest: digestToken(t.token), scopes: [...t.scopes], expiresAt: t.expires_at ?? null })),
      } satisfies DirectoryCommand,
    })),
    ...(seed.groups ?? []).map((g) => ({
      streamId: groupStreamId(g.id),
      command: {
        type: 'ProvisionGroup',
        group: {
          groupId: g.id,
          name: g.name,
          path: g.path,
          parentId: g.parent_id ?? null,
          allowRunnerRegistrationToken: g.allow_runner_registration_token ?? true,
          runnerTokenExpirationInterval: g.runner_token_expiration_interval ?? null,
          subgroupRunnerTokenExpirationInterval: g.subgroup_runner_token_expiration_interval ?? null,
          projectRunnerTokenExpirationInterval: g.project_runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: digestOrNull(g.runners_token),
        members: members(g.members),
      } satisfies DirectoryCommand,
    })),
    ...(seed.projects ?? []).map((p) => ({
      streamId: projectStreamId(p.id),
      command: {
        type: 'ProvisionProject',
        project: {
          projectId: p.id,
          name: p.name,
          path: p.path,
          namespaceId: p.namespace_id,
          description: p.description ?? null,
          sharedRunnersEnabled: p.shared_runners_enabled ?? true,
          groupRunnersEnabled: p.group_runners_enabled ?? true,
          runnerTokenExpirationInterval: p.runner_token_expiration_interval ?? null,
        },
        registrationTokenDigest: digestOrNull(p.runners_token),
        members: members(p.members),
      } satisfies DirectoryCommand,
    })),
  ];
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
    private readonly commands: CommandExecutor,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    const file = this.config.directorySeedFile;
    if (!file) return this.logger.warn('No DIRECTORY_SEED_FILE: the directory starts empty');
    const seed = readDirectorySeed(file);
    const context = commandContext({ type: 'system', name: 'directory-seed' }, this.clock.now());
    let created = 0;
    for (const { streamId, command } of seedCommands(seed)) {
      const result = await this.commands.directory(streamId, command, context, (event, index) =>
        deterministicUuid(`directory-seed:${streamId}:${index}:${event.type}:${JSON.stringify(event.data)}`),
      );
      if (!result.ok) throw new Error(`Seeding ${streamId} failed: ${result.error.message}`);
      if (result.events.length > 0) created++;
    }
    this.logger.log(`Directory seed ${file}: ${created} entities provisioned, the rest already existed`);
  }
}
