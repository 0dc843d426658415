import { createHash } from 'node:crypto';

export const RUNNER_TYPES = ['instance_type', 'group_type', 'project_type'] as const;
export type RunnerType = (typeof RUNNER_TYPES)[number];

export const ACCESS_LEVELS = ['not_protected', 'ref_protected'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** How the runner came to be: GitLab's legacy registration-token flow, or created by a signed-in user. */
export type RegistrationType = 'registration_token' | 'authenticated_user';

/** A user-created runner stays `started` until its first job request. */
export type CreationState = 'started' | 'finished';

/** The attributes a user may set when registering or updating a runner. */
export interface RunnerAttributes {
  readonly description: string | null;
  readonly paused: boolean;
  readonly locked: boolean;
  readonly runUntagged: boolean;
  readonly accessLevel: AccessLevel;
  readonly maximumTimeout: number | null;
  readonly maintenanceNote: string | null;
  readonly tagList: readonly string[];
}

export const DEFAULT_RUNNER_ATTRIBUTES: RunnerAttributes = {
  description: null,
  paused: false,
  locked: false,
  runUntagged: true,
  accessLevel: 'not_protected',
  maximumTimeout: null,
  maintenanceNote: null,
  tagList: [],
};

/** Fields of RunnerAttributes that RunnerDetailsChanged may carry (pausing has events of its own). */
export type RunnerDetails = Omit<RunnerAttributes, 'paused'>;
export type RunnerDetailChanges = Partial<RunnerDetails>;

export const runnerStreamId = (runnerId: number): string => `runner-${runnerId}`;
/** Every stream of a runner starts with it: its own stream and its managers' contact streams. */
export const RUNNER_STREAM_PREFIX = 'runner-';
export const RUNNER_CONTACT_STREAM_PREFIX = 'runner-contact-';

/**
 * The contact stream of one runner manager: its routine contacts, truncated to the latest one
 * (RUNNER_CONTACT_STREAM). A system_id is the runner's own free text (up to 64 characters of
 * anything), so the name carries a digest of it: fixed length, no characters a store or a Kafka
 * key could mind, and 128 bits make two managers of one runner sharing a stream out of reach.
 */
export const runnerContactStreamId = (runnerId: number, systemId: string): string =>
  `${RUNNER_CONTACT_STREAM_PREFIX}${runnerId}-${createHash('sha256').update(systemId, 'utf8').digest('hex').slice(0, 32)}`;

/** The runner id of a runner stream or of one of its contact streams; undefined for any other stream. */
export function runnerIdOfStream(streamId: string): number | undefined {
  const match = /^runner-(?:contact-)?(\d+)(?:-[0-9a-f]{32})?$/.exec(streamId);
  if (!match) return undefined;
  const isContact = streamId.startsWith(RUNNER_CONTACT_STREAM_PREFIX);
  // runner-<id> has no digest, runner-contact-<id>-<digest> must have one.
  if (isContact !== /-[0-9a-f]{32}$/.test(streamId)) return undefined;
  return Number(match[1]);
}
