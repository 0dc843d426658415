import { isDirectoryEventType, rootGroupAllowsRegistrationTokens, type AccessDirectory, type DirectoryEvent, type DirectoryIdentities, type PersonalAccessToken, type PersonalAccessTokenScope, type RegistrationTokenOwner } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { GroupView, InstanceSettingsView, ProjectView, UserView } from './directory-view';

export interface AuthenticatedToken {
  readonly user: UserView;
  readonly scopes: readonly PersonalAccessTokenScope[];
  readonly expiresAt: string | null;
  /** The token itself (digest, id, name…), for `GET /personal_access_tokens/self`. */
  readonly token: PersonalAccessToken;
}

/** Who is who: users and their tokens, groups, projects, memberships and instance settings. */
export class DirectoryProjection implements Projection, AccessDirectory, DirectoryIdentities {
  readonly name = 'directory';
  private readonly settings = new DocumentCollection<InstanceSettingsView>('settings');
  private readonly users = new DocumentCollection<UserView>('users');
  private readonly groups = new DocumentCollection<GroupView>('groups');
  private readonly projects = new DocumentCollection<ProjectView>('projects');
  readonly collections = [this.settings, this.users, this.groups, this.projects] as DocumentCollection<unknown>[];

  private userIdByPatDigest = new Map<string, number>();
  /** Lower-cased, as GitLab compares usernames. */
  private userIdByLowerUsername = new Map<string, number>();
  private registrationOwnerByDigest = new Map<string, { scope: 'instance' | 'group' | 'project'; id: number | null }>();

  instanceSettings(): InstanceSettingsView | undefined {
    return this.settings.get('instance');
  }

  user(id: number): UserView | undefined {
    return this.users.get(id);
  }

  group(id: number): GroupView | undefined {
    return this.groups.get(id);
  }

  project(id: number): ProjectView | undefined {
    return this.projects.get(id);
  }

  allProjects(): IterableIterator<ProjectView> {
    return this.projects.values();
  }

  allGroups(): IterableIterator<GroupView> {
    return this.groups.values();
  }

  authenticate(patDigest: string): AuthenticatedToken | undefined {
    const userId = this.userIdByPatDigest.get(patDigest);
    const user = userId === undefined ? undefined : this.users.get(userId);
    const token = user?.tokens.find((t) => t.tokenDigest === patDigest);
    return user && token ? { user, scopes: token.scopes, expiresAt: token.expiresAt, token } : undefined;
  }

  userIdByUsername(username: string): number | undefined {
    return this.userIdByLowerUsername.get(username.toLowerCase());
  }

  userIdByTokenDigest(digest: string): number | undefined {
    return this.userIdByPatDigest.get(digest);
  }

  /** The group itself first, then its parent, up to the root. */
  groupAncestry(groupId: number): GroupView[] {
    const chain: GroupView[] = [];
    const seen = new Set<number>();
    for (let group = this.groups.get(groupId); group && !seen.has(group.groupId); group = group.parentId === null ? undefined : this.groups.get(group.parentId)) {
      seen.add(group.groupId);
      chain.push(group);
    }
    return chain;
  }

  /** Projects whose namespace is the group or one of its descendants. */
  projectsInGroupTree(groupId: number): ProjectView[] {
    return [...this.projects.values()].filter((p) => this.groupAncestry(p.namespaceId).some((g) => g.groupId === groupId));
  }

  /** Direct subgroups and their descendants, not the group itself. */
  descendantGroups(groupId: number): GroupView[] {
    return [...this.groups.values()].filter((g) => g.groupId !== groupId && this.groupAncestry(g.groupId).some((a) => a.groupId === groupId));
  }

  registrationTokenOwner(digest: string): RegistrationTokenOwner | undefined {
    const owner = this.registrationOwnerByDigest.get(digest);
    if (!owner) return undefined;
    if (owner.scope === 'instance') return { scope: 'instance' };
    if (owner.scope === 'group') {
      return { scope: 'group', groupId: owner.id!, rootAllowsRegistration: rootGroupAllowsRegistrationTokens(this.groupAncestry(owner.id!)) };
    }
    const project = this.projects.get(owner.id!);
    return { scope: 'project', projectId: owner.id!, rootAllowsRegistration: rootGroupAllowsRegistrationTokens(project ? this.groupAncestry(project.namespaceId) : []) };
  }

  afterHydrate(): void {
    this.userIdByPatDigest.clear();
    this.userIdByLowerUsername.clear();
    this.registrationOwnerByDigest.clear();
    for (const user of this.users.values()) {
      this.userIdByLowerUsername.set(user.username.toLowerCase(), user.userId);
      for (const token of user.tokens) this.userIdByPatDigest.set(token.tokenDigest, user.userId);
    }
    const settings = this.settings.get('instance');
    if (settings?.registrationTokenDigest) this.registrationOwnerByDigest.set(settings.registrationTokenDigest, { scope: 'instance', id: null });
    for (const g of this.groups.values()) if (g.registrationTokenDigest) this.registrationOwnerByDigest.set(g.registrationTokenDigest, { scope: 'group', id: g.groupId });
    for (const p of this.projects.values()) if (p.registrationTokenDigest) this.registrationOwnerByDigest.set(p.registrationTokenDigest, { scope: 'project', id: p.projectId });
  }

  replaceWith(other: Projection): void {
    if (!(other instanceof DirectoryProjection)) throw new TypeError(`directory cannot take over ${other.name}`);
    this.settings.replaceWith(other.settings);
    this.users.replaceWith(other.users);
    this.groups.replaceWith(other.groups);
    this.projects.replaceWith(other.projects);
    this.userIdByPatDigest = other.userIdByPatDigest;
    this.userIdByLowerUsername = other.userIdByLowerUsername;
    this.registrationOwnerByDigest = other.registrationOwnerByDigest;
  }

  apply(recorded: RecordedEvent): void {
    if (!isDirectoryEventType(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as DirectoryEvent;
    // What the source left out is shown as the time the directory learned of it: when the event was
    // stored, the same on every replay (the replay's fast read leaves most of the metadata out).
    const learnedAt = recorded.recordedAt;
    switch (event.type) {
      case 'InstanceSettingsProvisioned':
        this.settings.set('instance', event.data);
        return this.indexRegistrationToken(null, event.data.registrationTokenDigest, 'instance', null);
      case 'InstanceSettingsChanged':
        return mergeInto(this.settings, 'instance', event.data.changes);
      case 'UserProvisioned':
        this.users.set(event.data.userId, { ...event.data, createdAt: event.data.createdAt ?? learnedAt, tokens: [] });
        this.userIdByLowerUsername.set(event.data.username.toLowerCase(), event.data.userId);
        return;
      case 'UserProfileChanged':
        this.renameUser(event.data.userId, event.data.changes.username);
        // The user document is what authentication returns: the next request sees the change.
        return mergeInto(this.users, event.data.userId, event.data.changes);
      case 'PersonalAccessTokenIssued': {
        const user = this.users.get(event.data.userId);
        if (!user) return;
        const { userId: _userId, ...issued } = event.data;
        const token = { ...issued, createdAt: issued.createdAt ?? learnedAt };
        this.users.set(user.userId, { ...user, tokens: [...user.tokens.filter((t) => t.tokenDigest !== token.tokenDigest), token] });
        this.userIdByPatDigest.set(token.tokenDigest, user.userId);
        return;
      }
      case 'PersonalAccessTokenRevoked': {
        const user = this.users.get(event.data.userId);
        if (!user) return;
        this.users.set(user.userId, { ...user, tokens: user.tokens.filter((t) => t.tokenDigest !== event.data.tokenDigest) });
        this.userIdByPatDigest.delete(event.data.tokenDigest);
        return;
      }
      case 'GroupProvisioned':
        this.groups.set(event.data.groupId, { ...event.data, members: {} });
        return this.indexRegistrationToken(null, event.data.registrationTokenDigest, 'group', event.data.groupId);
      case 'ProjectProvisioned':
        this.projects.set(event.data.projectId, { ...event.data, createdAt: learnedAt, members: {} });
        return this.indexRegistrationToken(null, event.data.registrationTokenDigest, 'project', event.data.projectId);
      case 'GroupSettingsChanged':
        return mergeInto(this.groups, event.data.groupId, event.data.changes);
      case 'ProjectSettingsChanged':
        return mergeInto(this.projects, event.data.projectId, event.data.changes);
      case 'MemberAccessGranted':
      case 'MemberAccessRevoked':
        return this.changeMembership(event);
      case 'RegistrationTokenReset':
        return this.resetRegistrationToken(event.data.scope, event.data.scopeId, event.data.tokenDigest);
    }
  }

  private renameUser(userId: number, username: string | undefined): void {
    const previous = this.users.get(userId)?.username;
    if (username === undefined || previous === undefined) return;
    if (this.userIdByLowerUsername.get(previous.toLowerCase()) === userId) this.userIdByLowerUsername.delete(previous.toLowerCase());
    this.userIdByLowerUsername.set(username.toLowerCase(), userId);
  }

  private changeMembership(event: Extract<DirectoryEvent, { type: 'MemberAccessGranted' | 'MemberAccessRevoked' }>): void {
    const collection = event.data.source === 'group' ? this.groups : this.projects;
    const target = collection.get(event.data.sourceId) as GroupView | ProjectView | undefined;
    if (!target) return;
    const members: Record<string, number> = { ...target.members };
    if (event.type === 'MemberAccessGranted') members[event.data.userId] = event.data.accessLevel;
    else delete members[event.data.userId];
    (collection as DocumentCollection<GroupView | ProjectView>).set(event.data.sourceId, { ...target, members });
  }

  private resetRegistrationToken(scope: 'instance' | 'group' | 'project', id: number | null, digest: string): void {
    if (scope === 'instance') {
      const current = this.settings.get('instance');
      if (!current) return;
      this.settings.set('instance', { ...current, registrationTokenDigest: digest });
      return this.indexRegistrationToken(current.registrationTokenDigest, digest, scope, null);
    }
    const collection = (scope === 'group' ? this.groups : this.projects) as DocumentCollection<GroupView | ProjectView>;
    const current = collection.get(id!);
    if (!current) return;
    collection.set(id!, { ...current, registrationTokenDigest: digest });
    this.indexRegistrationToken(current.registrationTokenDigest, digest, scope, id);
  }

  private indexRegistrationToken(previous: string | null, next: string | null, scope: 'instance' | 'group' | 'project', id: number | null): void {
    if (previous) this.registrationOwnerByDigest.delete(previous);
    if (next) this.registrationOwnerByDigest.set(next, { scope, id });
  }
}

/** Only the changed fields of a known document; a change to an unknown one is ignored (it cannot be decided, so it is not in a valid log). */
function mergeInto<Doc extends object>(collection: DocumentCollection<Doc>, id: string | number, changes: Partial<Doc>): void {
  const current = collection.get(id);
  if (current) collection.set(id, { ...current, ...changes });
}
