import type { Instant, TokenDigest } from '../shared/types';
import { upcastData, type EventUpcaster } from '../shared/upcasting';
import type { PersonalAccessTokenIssued, UserProvisioned } from './directory.events';
import { DEFAULT_PERSONAL_ACCESS_TOKEN_NAME, personalAccessTokenIdOf, type PersonalAccessTokenScope } from './directory.types';

/**
 * How old directory payloads become current ones (DIRECTORY_EVENT_SCHEMA_VERSIONS). Each historical
 * shape is written down here, as the code that stored it wrote it.
 */

/** UserProvisioned v1: no creation time, no email. */
export type UserProvisionedDataV1 = Omit<UserProvisioned['data'], 'createdAt' | 'email'>;

/** PersonalAccessTokenIssued v1: digest, scopes and expiry only. */
export interface PersonalAccessTokenIssuedDataV1 {
  readonly userId: number;
  readonly tokenDigest: TokenDigest;
  readonly scopes: readonly PersonalAccessTokenScope[];
  readonly expiresAt: Instant | null;
}

export const DIRECTORY_EVENT_UPCASTERS: readonly EventUpcaster[] = [
  // Not known then: null, which the directory shows as the time it learned of the user.
  upcastData<UserProvisionedDataV1, UserProvisioned['data']>('UserProvisioned', 1, (data) => ({ ...data, createdAt: null, email: null })),
  upcastData<PersonalAccessTokenIssuedDataV1, PersonalAccessTokenIssued['data']>('PersonalAccessTokenIssued', 1, ({ userId, tokenDigest, scopes, expiresAt }) => ({
    userId,
    tokenDigest,
    tokenId: personalAccessTokenIdOf(tokenDigest),
    name: DEFAULT_PERSONAL_ACCESS_TOKEN_NAME,
    scopes,
    expiresAt,
    createdAt: null,
  })),
];
