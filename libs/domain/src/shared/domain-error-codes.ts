/** What kind of refusal a DomainError is; the HTTP edge maps each to a status. */
export type DomainErrorKind =
  /** The target does not exist (or no longer does). */
  | 'not_found'
  /** The request is well-formed but the state forbids it. */
  | 'forbidden'
  /** A rule on attribute values failed; `attributeErrors` says which, in GitLab's wording. */
  | 'validation'
  /** The operation is switched off by configuration (e.g. registration tokens disallowed). */
  | 'gone'
  /** The stream already holds what the command would create (e.g. a runner id already taken). */
  | 'conflict'
  /** The command cannot apply to this state; `message` says why in GitLab's words (a 400). */
  | 'invalid';

/**
 * Every refusal the domain can give, by a stable machine code. Each code fixes its kind (what sort
 * of refusal it is) and its message (a short description for logs and the Kafka dead-letter path,
 * which read `error.message`; these are the texts the domain always used, so they do not change).
 *
 * What a client sees for a code (GitLab's status and wording) is not decided here: the HTTP edge
 * maps codes to bodies in one place (libs/http domain-error.http.ts).
 */
export const DOMAIN_ERRORS = {
  // Lookups.
  'runner.not_found': { kind: 'not_found', message: 'Runner' },
  'runner_manager.not_found': { kind: 'not_found', message: 'Runner manager not found' },
  'user.not_found': { kind: 'not_found', message: 'User' },
  'group.not_found': { kind: 'not_found', message: 'Group' },
  'project.not_found': { kind: 'not_found', message: 'Project' },
  'instance_settings.not_found': { kind: 'not_found', message: 'Instance settings' },

  // Attribute rules; `attributeErrors` says which, in GitLab's wording.
  'validation.failed': { kind: 'validation', message: 'validation failed' },
  /** POST /user/runners: the same attribute rules, answered as one sentence (CreateRunnerService). */
  'runner.creation_invalid': { kind: 'validation', message: 'validation failed' },

  // Streams that already hold what a command would create.
  'runner.already_exists': { kind: 'conflict', message: 'runner already exists' },
  'user.token_digest_taken': { kind: 'conflict', message: 'Token digest is already held by another user' },

  // Authorization (the policies in access/), in GitLab's order per use case.
  /** `authorize!` failed: GitLab's bare `forbidden!`. */
  'access.denied': { kind: 'forbidden', message: '' },
  /** A runner permission (Ci::RunnerPolicy) is missing: "No access granted". */
  'access.no_access_granted': { kind: 'forbidden', message: 'No access granted' },
  /** POST /user/runners without create_runners on the scope. */
  'access.insufficient_permissions': { kind: 'forbidden', message: 'Insufficient permissions' },
  'runner.group_runner': { kind: 'forbidden', message: 'Runner is a group runner' },
  'runner.locked': { kind: 'forbidden', message: 'Runner is locked' },
  'runner.on_several_projects': { kind: 'forbidden', message: 'Runner associated with more than one project' },
  'runner.owner_project': { kind: 'forbidden', message: 'You cannot unassign a runner from the owner project. Delete the runner instead' },

  // Commands that cannot apply to this state.
  'runner.instance_runner_not_assignable': { kind: 'invalid', message: 'Transitioning an instance runner to a project runner is not supported' },
  'runner.already_assigned': { kind: 'invalid', message: 'Assign to Validation failed: Runner has already been taken - runner_error' },
  /** POST /user/runners naming a group or project that does not exist. */
  'runner.creation_group_missing': { kind: 'invalid', message: 'Missing/invalid group' },
  'runner.creation_project_missing': { kind: 'invalid', message: 'Missing/invalid project' },

  // Registration tokens.
  /** Resetting a registration token while the instance or the root group disallows them. */
  'registration_token.disallowed': { kind: 'forbidden', message: 'registration tokens are disallowed' },
  /** Registering with a token that no scope holds. */
  'registration.invalid_token': { kind: 'forbidden', message: 'invalid token supplied' },
  /** Registering while the instance (or the token's root group) disallows registration tokens. */
  'registration.disallowed': { kind: 'gone', message: 'runner registration disallowed' },
} as const satisfies Record<string, { readonly kind: DomainErrorKind; readonly message: string }>;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/**
 * Errors built with the bare constructor, by callers written before codes existed. The HTTP edge
 * maps them by kind and message as it always did; once no caller builds one, this can go.
 */
export const UNCODED = 'uncoded';
