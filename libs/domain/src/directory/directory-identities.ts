import { DomainError } from '../shared/decider';
import type { TokenDigest } from '../shared/types';
import type { DirectoryCommand } from './directory.commands';

/**
 * Who already holds a username or a personal access token, across every user stream. A user
 * stream's decider sees only its own user, so these two uniqueness rules (GitLab's unique indexes
 * on users.username, case-insensitive, and personal_access_tokens.token_digest) are checked
 * against the directory's query model before the command is decided.
 */
export interface DirectoryIdentities {
  userIdByUsername(username: string): number | undefined;
  userIdByTokenDigest(digest: TokenDigest): number | undefined;
}

/** A conflict if the command would give a user a username or token another user holds; else null. */
export function identityConflict(command: DirectoryCommand, identities: DirectoryIdentities): DomainError | null {
  switch (command.type) {
    case 'ProvisionUser':
      return (
        usernameConflict(command.user.userId, command.user.username, identities) ??
        firstOf(command.tokens.map((token) => tokenConflict(command.user.userId, token.tokenDigest, identities)))
      );
    case 'ChangeUserProfile':
      return command.changes.username === undefined ? null : usernameConflict(command.userId, command.changes.username, identities);
    case 'IssuePersonalAccessToken':
      return tokenConflict(command.userId, command.token.tokenDigest, identities);
    default:
      return null;
  }
}

function usernameConflict(userId: number, username: string, identities: DirectoryIdentities): DomainError | null {
  const holder = identities.userIdByUsername(username);
  return holder === undefined || holder === userId ? null : DomainError.validation({ username: ['has already been taken'] });
}

function tokenConflict(userId: number, digest: TokenDigest, identities: DirectoryIdentities): DomainError | null {
  const holder = identities.userIdByTokenDigest(digest);
  return holder === undefined || holder === userId ? null : DomainError.of('user.token_digest_taken');
}

const firstOf = (errors: readonly (DomainError | null)[]): DomainError | null => errors.find((error) => error !== null) ?? null;
