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
export const RUNNER_STREAM_PREFIX = 'runner-';
