import { DomainError, type Decider } from '../shared/decider';
import type { DirectoryCommand } from './directory.commands';
import type { DirectoryEvent } from './directory.events';
import type { InstanceSettings, Member, MembershipSource } from './directory.types';

/**
 * One decider for every directory stream (instance settings, a user, a group, a project): each
 * stream only needs to know whether it exists, its members and its registration-token switch.
 */
export interface DirectoryEntityState {
  readonly exists: boolean;
  readonly settings: InstanceSettings | null;
  readonly members: Readonly<Record<number, number>>;
}

export const initialDirectoryEntityState: DirectoryEntityState = { exists: false, settings: null, members: {} };

const grants = (source: MembershipSource, sourceId: number, members: readonly Member[]): DirectoryEvent[] =>
  members.map((m) => ({ type: 'MemberAccessGranted', data: { source, sourceId, userId: m.userId, accessLevel: m.accessLevel } }));

function changedSettings(current: InstanceSettings, requested: Partial<InstanceSettings>): Partial<InstanceSettings> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(requested) as [keyof InstanceSettings, unknown][]) {
    if (value !== undefined && current[key] !== value) changes[key] = value;
  }
  return changes as Partial<InstanceSettings>;
}

export function decideDirectory(command: DirectoryCommand, state: DirectoryEntityState): readonly DirectoryEvent[] | DomainError {
  switch (command.type) {
    case 'ProvisionInstanceSettings':
      if (state.exists) return [];
      return [{ type: 'InstanceSettingsProvisioned', data: { ...command.settings, registrationTokenDigest: command.registrationTokenDigest } }];
    case 'ProvisionUser':
      if (state.exists) return [];
      return [
        { type: 'UserProvisioned', data: command.user },
        ...command.tokens.map((t): DirectoryEvent => ({ type: 'PersonalAccessTokenIssued', data: { userId: command.user.userId, ...t } })),
      ];
    case 'ProvisionGroup':
      if (state.exists) return [];
      return [
        { type: 'GroupProvisioned', data: { ...command.group, registrationTokenDigest: command.registrationTokenDigest } },
        ...grants('group', command.group.groupId, command.members),
      ];
    case 'ProvisionProject':
      if (state.exists) return [];
      return [
        { type: 'ProjectProvisioned', data: { ...command.project, registrationTokenDigest: command.registrationTokenDigest } },
        ...grants('project', command.project.projectId, command.members),
      ];
    case 'ChangeInstanceSettings': {
      if (!state.exists || !state.settings) return new DomainError('not_found', 'Instance settings');
      const changes = changedSettings(state.settings, command.changes);
      return Object.keys(changes).length === 0 ? [] : [{ type: 'InstanceSettingsChanged', data: { changes } }];
    }
    case 'GrantMemberAccess':
      if (!state.exists) return new DomainError('not_found', command.source === 'group' ? 'Group' : 'Project');
      if (state.members[command.member.userId] === command.member.accessLevel) return [];
      return grants(command.source, command.sourceId, [command.member]);
    case 'RevokeMemberAccess':
      if (!state.exists) return new DomainError('not_found', command.source === 'group' ? 'Group' : 'Project');
      if (state.members[command.userId] === undefined) return [];
      return [{ type: 'MemberAccessRevoked', data: { source: command.source, sourceId: command.sourceId, userId: command.userId } }];
    case 'ResetRegistrationToken':
      if (!state.exists) return new DomainError('not_found', command.scope === 'group' ? 'Group' : command.scope === 'project' ? 'Project' : 'Instance settings');
      if (command.scope === 'instance' && !state.settings?.allowRunnerRegistrationToken) {
        return new DomainError('forbidden', 'registration tokens are disallowed');
      }
      return [{ type: 'RegistrationTokenReset', data: { scope: command.scope, scopeId: command.scopeId, tokenDigest: command.tokenDigest, resetAt: command.now } }];
  }
}

export function evolveDirectory(state: DirectoryEntityState, event: DirectoryEvent): DirectoryEntityState {
  switch (event.type) {
    case 'InstanceSettingsProvisioned': {
      const { registrationTokenDigest: _digest, ...settings } = event.data;
      return { ...state, exists: true, settings };
    }
    case 'InstanceSettingsChanged':
      return state.settings ? { ...state, settings: { ...state.settings, ...event.data.changes } } : state;
    case 'UserProvisioned':
    case 'GroupProvisioned':
    case 'ProjectProvisioned':
      return { ...state, exists: true };
    case 'MemberAccessGranted':
      return { ...state, members: { ...state.members, [event.data.userId]: event.data.accessLevel } };
    case 'MemberAccessRevoked': {
      const { [event.data.userId]: _removed, ...members } = state.members;
      return { ...state, members };
    }
    default:
      return state;
  }
}

export const directoryDecider: Decider<DirectoryCommand, DirectoryEvent, DirectoryEntityState> = {
  initialState: initialDirectoryEntityState,
  decide: decideDirectory,
  evolve: evolveDirectory,
};
