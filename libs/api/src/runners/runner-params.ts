import { IsBoolean, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { ACCESS_LEVELS, DEFAULT_RUNNER_ATTRIBUTES, type RunnerAttributes, type RunnerDetailChanges } from '@app/domain';
import { IsCommaSeparatedArray, type ParamsBase } from '@app/http';

/** Runner attributes shared by registration and update, declared as GitLab's Grape API does. */
export function WithRunnerAttributes<B extends ParamsBase>(Base: B) {
  class RunnerAttributeParams extends Base {
    @IsOptional() @IsString() description?: string | null;
    @IsOptional() @IsBoolean() active?: boolean | null;
    @IsOptional() @IsBoolean() paused?: boolean | null;
    @IsOptional() @IsBoolean() locked?: boolean | null;
    @IsOptional() @IsBoolean() run_untagged?: boolean | null;
    @IsOptional() @IsCommaSeparatedArray() tag_list?: string[] | null;
    @IsOptional() @IsString() @IsIn(ACCESS_LEVELS) access_level?: string | null;
    @IsOptional() @IsInt() maximum_timeout?: number | null;
    @IsOptional() @IsString() maintenance_note?: string | null;
  }
  return RunnerAttributeParams;
}

/** The attributes `PUT /runners/:id` needs at least one of. */
export const RUNNER_ATTRIBUTE_NAMES = ['description', 'active', 'paused', 'tag_list', 'run_untagged', 'locked', 'access_level', 'maximum_timeout', 'maintenance_note'] as const;

export interface RunnerAttributeInput {
  description?: string | null;
  active?: boolean | null;
  paused?: boolean | null;
  locked?: boolean | null;
  run_untagged?: boolean | null;
  tag_list?: string[] | null;
  access_level?: string | null;
  maximum_timeout?: number | null;
  maintenance_note?: string | null;
}

/** `paused` wins; the deprecated `active` means the opposite. Grape already refused both together. */
export function pausedFrom(input: RunnerAttributeInput): boolean | undefined {
  if (typeof input.paused === 'boolean') return input.paused;
  if (typeof input.active === 'boolean') return !input.active;
  return undefined;
}

/**
 * Registration uses only "present" values (Rails' `present?`) or an explicit false: empty strings
 * and empty tag lists fall back to the defaults, as in GitLab.
 */
export function registrationAttributes(input: RunnerAttributeInput & { maintainer_note?: string | null }): RunnerAttributes {
  const present = <T>(value: T | null | undefined): value is T =>
    value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);
  const note = present(input.maintenance_note) ? input.maintenance_note : present(input.maintainer_note) ? input.maintainer_note : null;
  return {
    description: present(input.description) ? input.description : DEFAULT_RUNNER_ATTRIBUTES.description,
    paused: pausedFrom(input) ?? DEFAULT_RUNNER_ATTRIBUTES.paused,
    locked: input.locked ?? DEFAULT_RUNNER_ATTRIBUTES.locked,
    runUntagged: input.run_untagged ?? DEFAULT_RUNNER_ATTRIBUTES.runUntagged,
    accessLevel: (present(input.access_level) ? input.access_level : DEFAULT_RUNNER_ATTRIBUTES.accessLevel) as RunnerAttributes['accessLevel'],
    maximumTimeout: present(input.maximum_timeout) ? input.maximum_timeout : null,
    maintenanceNote: note,
    tagList: present(input.tag_list) ? input.tag_list : [],
  };
}

/** Update writes exactly the params that were given (`declared(params, include_missing: false)`). */
export function updateChanges(input: RunnerAttributeInput): RunnerDetailChanges {
  const changes: { -readonly [K in keyof RunnerDetailChanges]: RunnerDetailChanges[K] } = {};
  if (input.description !== undefined) changes.description = input.description;
  if (input.locked !== undefined && input.locked !== null) changes.locked = input.locked;
  if (input.run_untagged !== undefined && input.run_untagged !== null) changes.runUntagged = input.run_untagged;
  if (input.tag_list !== undefined) changes.tagList = input.tag_list ?? [];
  if (input.access_level !== undefined && input.access_level !== null) changes.accessLevel = input.access_level as RunnerDetailChanges['accessLevel'];
  if (input.maximum_timeout !== undefined) changes.maximumTimeout = input.maximum_timeout;
  if (input.maintenance_note !== undefined) changes.maintenanceNote = input.maintenance_note;
  return changes;
}
