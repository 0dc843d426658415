import { hash, randomBytes } from 'node:crypto';
import { REGISTRATION_TOKEN_PREFIX } from '@app/domain';

/** One getrandom call per 256 tokens instead of one per token: registration is a hot path. */
const POOL_SIZE = 15 * 256;
let pool = Buffer.alloc(0);
let offset = 0;

function randomSlice(length: number): Buffer {
  if (offset + length > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + length);
  offset += length;
  return slice;
}

export const digestToken = (token: string): string => hash('sha256', token, 'hex');

/**
 * Devise.friendly_token as GitLab uses it: 20 URL-safe characters with l, I, O and 0 replaced,
 * so tokens are easy to read aloud.
 */
export function friendlyToken(): string {
  return randomSlice(15)
    .toString('base64url')
    .replace(/[lIO0]/g, (c) => ({ l: 's', I: 'x', O: 'y', '0': 'z' })[c]!);
}

export interface IssuedToken {
  /** Returned to the caller once, never stored or logged. */
  readonly plaintext: string;
  readonly digest: string;
}

export function issueToken(prefix = ''): IssuedToken {
  const plaintext = prefix + friendlyToken();
  return { plaintext, digest: digestToken(plaintext) };
}

export const issueRegistrationToken = (scope: 'instance' | 'group' | 'project'): IssuedToken =>
  issueToken(scope === 'instance' ? '' : REGISTRATION_TOKEN_PREFIX);
