import { DomainError, type Decider } from '../shared/decider';
import type { TokenDigest } from '../shared/types';
import type { DirectoryCommand } from './directory.commands';
import type { DirectoryEvent } from './directory.events';
import type { InstanceSettings, Member, MembershipSource, PersonalAccessToken } from './directory.types';

/**
 * One decider for every directory stream (instance settings, a user, a group, a project): each
 * stream only needs to know whether it exists, its current attributes (so that a change records
 * only what differs), its members, a user's tokens and the registration-token switch.
 */
export interface DirectoryEntityState {
  readonly exists: boolean;
  readonly settings: InstanceSettings | null;
  /** A user's, group's or project's current attributes, as provisioned and changed since. */
  readonly attributes: object;
  readonly members: Readonly<Record<number, number>>;
  /** A user's personal access tokens, by digest. */
  readonly tokens: Readonly<Record<TokenDigest, PersonalAccessToken>>;
}

export const initialDirectoryEntityState: DirectoryEntityState = { exists: false, settings: null, attributes: {}, members: {}, tokens: {} };

const grants = (source: MembershipSource, sourceId: number, members: readonly Member[]): DirectoryEvent[] =>
  members.map((m) => ({ type: 'MemberAccessGranted', data: { source, sourceId, userId: m.userId, accessLevel: m.accessLevel } }));

/** The requested fields whose value differs from the current one: a change that changes nothing records nothing. */
function changedFields<T extends object>(current: object, requested: T): Partial<T> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(requested)) {
    if (value !== undefined && (current as Record<string, unknown>)[key] !== value) changes[key] = value;
  }
  return changes as Partial<T>;
}

/** A change to an existing user, group or project: not_found if it does not exist, nothing if nothing differs. */
function changeAttributes<T extends object>(
  state: DirectoryEntityState,
  missing: 'user.not_found' | 'group.not_found' | 'project.not_found',
  requested: T,
  changed: (changes: Partial<T>) => DirectoryEvent,
): readonly DirectoryEvent[] | DomainError {
  if (!state.exists) return DomainError.of(missing);
  const changes = changedFields(state.attributes, requested);
  return Object.keys(changes).length === 0 ? [] : [changed(changes)];
}

const sameToken = (a: PersonalAccessToken, b: PersonalAccessToken) =>
  a.name === b.name && a.expiresAt === b.expiresAt && a.scopes.length === b.scopes.length && a.scopes.every((scope, index) => scope === b.scopes[index]);

/** A digest the user already holds keeps its id and creation time: a reissue changes name, scopes and expiry. */
const reissued = (held: PersonalAccessToken | undefined, token: PersonalAccessToken): PersonalAccessToken =>
  held ? { ...token, tokenId: held.tokenId, createdAt: held.createdAt } : token;

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
      if (!state.exists || !state.settings) return DomainError.of('instance_settings.not_found');
      const changes = changedFields(state.settings, command.changes);
      return Object.keys(changes).length === 0 ? [] : [{ type: 'InstanceSettingsChanged', data: { changes } }];
    }
    case 'ChangeUserProfile':
      return changeAttributes(state, 'user.not_found', command.changes, (changes) => ({ type: 'UserProfileChanged', data: { userId: command.userId, changes } }));
    case 'IssuePersonalAccessToken': {
      if (!state.exists) return DomainError.of('user.not_found');
      const held = state.tokens[command.token.tokenDigest];
      if (held && sameToken(held, command.token)) return [];
      return [{ type: 'PersonalAccessTokenIssued', data: { userId: command.userId, ...reissued(held, command.token) } }];
    }
    case 'RevokePersonalAccessToken':
      if (!state.exists) return DomainError.of('user.not_found');
      if (!state.tokens[command.tokenDigest]) return [];
      return [{ type: 'PersonalAccessTokenRevoked', data: { userId: command.userId, tokenDigest: command.tokenDigest } }];
    case 'ChangeGroupSettings':
      return changeAttributes(state, 'group.not_found', command.changes, (changes) => ({ type: 'GroupSettingsChanged', data: { groupId: command.groupId, changes } }));
    case 'ChangeProjectSettings':
      return changeAttributes(state, 'project.not_found', command.changes, (changes) => ({ type: 'ProjectSettingsChanged', data: { projectId: command.projectId, changes } }));
    case 'GrantMemberAccess':
      if (!state.exists) return DomainError.of(command.source === 'group' ? 'group.not_found' : 'project.not_found');
      if (state.members[command.member.userId] === command.member.accessLevel) return [];
      return grants(command.source, command.sourceId, [command.member]);
    case 'RevokeMemberAccess':
      if (!state.exists) return DomainError.of(command.source === 'group' ? 'group.not_found' : 'project.not_found');
      if (state.members[command.userId] === undefined) return [];
      return [{ type: 'MemberAccessRevoked', data: { source: command.source, sourceId: command.sourceId, userId: command.userId } }];
    case 'ResetRegistrationToken':
      if (!state.exists) return DomainError.of(command.scope === 'group' ? 'group.not_found' : command.scope === 'project' ? 'project.not_found' : 'instance_settings.not_found');
      if (command.scope === 'instance' && !state.settings?.allowRunnerRegistrationToken) {
        return DomainError.of('registration_token.disallowed');
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
      return { ...state, exists: true, attributes: event.data };
    case 'UserProfileChanged':
    case 'GroupSettingsChanged':
    case 'ProjectSettingsChanged':
      return { ...state, attributes: { ...state.attributes, ...event.data.changes } };
    case 'PersonalAccessTokenIssued': {
      const { userId: _userId, ...token } = event.data;
      return { ...state, tokens: { ...state.tokens, [token.tokenDigest]: token } };
    }
    case 'PersonalAccessTokenRevoked': {
      const { [event.data.tokenDigest]: _revoked, ...tokens } = state.tokens;
      return { ...state, tokens };
    }
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
