import { describe, it } from '@jest/globals';
import { deciderSpec } from '@app/domain/testing';
import type { RegisterRunner } from './runner.commands';
import { runnerDecider } from './runner.decider';
import type { RunnerEvent, RunnerRegistered } from './runner.events';
import { DEFAULT_RUNNER_ATTRIBUTES } from './runner.types';

const now = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T11:00:00.000Z';
const spec = deciderSpec(runnerDecider);

const register = (overrides: Partial<RegisterRunner> = {}): RegisterRunner => ({
  type: 'RegisterRunner',
  runnerId: 7,
  runnerType: 'instance_type',
  registrationType: 'registration_token',
  groupId: null,
  projectId: null,
  name: 'runner-host',
  attributes: DEFAULT_RUNNER_ATTRIBUTES,
  creationState: 'finished',
  creatorId: null,
  tokenDigest: 'digest-1',
  tokenExpiresAt: null,
  now,
  ...overrides,
});

const registered: RunnerRegistered = {
  type: 'RunnerRegistered',
  data: {
    runnerId: 7,
    runnerType: 'instance_type',
    registrationType: 'registration_token',
    groupId: null,
    ownerProjectId: null,
    projectIds: [],
    name: 'runner-host',
    paused: false,
    description: null,
    locked: false,
    runUntagged: true,
    accessLevel: 'not_protected',
    maximumTimeout: null,
    maintenanceNote: null,
    tagList: [],
    creationState: 'finished',
    creatorId: null,
    tokenDigest: 'digest-1',
    tokenExpiresAt: null,
    createdAt: now,
  },
};

describe('runner decider', () => {
  describe('RegisterRunner', () => {
    it('registers a new runner with every attribute it starts with', () => {
      spec.given([]).when(register()).then([registered]);
    });

    it('normalizes tags: trimmed, blanks and duplicates dropped', () => {
      const attributes = { ...DEFAULT_RUNNER_ATTRIBUTES, tagList: [' ruby ', 'ruby', '', 'linux'] };
      spec
        .given([])
        .when(register({ attributes }))
        .then([{ ...registered, data: { ...registered.data, tagList: ['ruby', 'linux'] } }]);
    });

    it('makes a project runner owned by the project it registered in', () => {
      spec
        .given([])
        .when(register({ runnerType: 'project_type', projectId: 3 }))
        .then([{ ...registered, data: { ...registered.data, runnerType: 'project_type', ownerProjectId: 3, projectIds: [3] } }]);
    });

    it('refuses a timeout under ten minutes', () => {
      spec
        .given([])
        .when(register({ attributes: { ...DEFAULT_RUNNER_ATTRIBUTES, maximumTimeout: 599 } }))
        .thenFails('validation', { maximum_timeout: ['needs to be at least 10 minutes'] });
    });

    it('refuses more than 50 tags and accepts exactly 50', () => {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);
      spec
        .given([])
        .when(register({ attributes: { ...DEFAULT_RUNNER_ATTRIBUTES, tagList: tags(51) } }))
        .thenFails('validation', { tags_list: ['Too many tags specified. Please limit the number of tags to 50'] });
      spec
        .given([])
        .when(register({ attributes: { ...DEFAULT_RUNNER_ATTRIBUTES, tagList: tags(50) } }))
        .then([{ ...registered, data: { ...registered.data, tagList: tags(50) } }]);
    });

    it('refuses a runner that may not run untagged jobs and has no tags', () => {
      spec
        .given([])
        .when(register({ attributes: { ...DEFAULT_RUNNER_ATTRIBUTES, runUntagged: false } }))
        .thenFails('validation', { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] });
    });

    it('never reuses an id', () => {
      spec.given([registered]).when(register()).thenFails('conflict');
    });
  });

  describe('UpdateRunner', () => {
    it('records only the fields that really change', () => {
      spec
        .given([registered])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { description: 'x', locked: false, maximumTimeout: 3600 }, now: later })
        .then([{ type: 'RunnerDetailsChanged', data: { runnerId: 7, changes: { description: 'x', maximumTimeout: 3600 }, changedAt: later } }]);
    });

    it('an update that changes nothing still ticks the queue (GitLab UpdateRunnerService#execute: tick_runner_queue)', () => {
      spec
        .given([registered])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { description: registered.data.description }, now: later })
        .then([{ type: 'RunnerQueueTicked', data: { runnerId: 7, tickedAt: later } }]);
      spec.given([registered]).when({ type: 'UpdateRunner', runnerId: 7, changes: {}, now: later }).then([{ type: 'RunnerQueueTicked', data: { runnerId: 7, tickedAt: later } }]);
    });

    it('limits the description as GitLab does, only when it changes', () => {
      const long = 'd'.repeat(1025);
      spec
        .given([registered])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { description: long }, now: later })
        .thenFails('validation', { description: ['is too long (maximum is 1024 characters)'] });
      const alreadyLong = { ...registered, data: { ...registered.data, description: long } };
      spec
        .given([alreadyLong])
        .when({ type: 'UpdateRunner', runnerId: 7, paused: true, changes: {}, now })
        .then([{ type: 'RunnerPaused', data: { runnerId: 7, pausedAt: now } }]);
    });

    it('a refused update ticks nothing', () => {
      spec.given([registered]).when({ type: 'UpdateRunner', runnerId: 7, changes: { maximumTimeout: 1 }, now: later }).thenFails('validation');
    });

    it('pauses and resumes with their own events', () => {
      const paused: RunnerEvent = { type: 'RunnerPaused', data: { runnerId: 7, pausedAt: now } };
      spec.given([registered]).when({ type: 'UpdateRunner', runnerId: 7, paused: true, changes: {}, now }).then([paused]);
      spec
        .given([registered, paused])
        .when({ type: 'UpdateRunner', runnerId: 7, paused: true, changes: {}, now: later })
        .then([{ type: 'RunnerQueueTicked', data: { runnerId: 7, tickedAt: later } }]);
      spec
        .given([registered, paused])
        .when({ type: 'UpdateRunner', runnerId: 7, paused: false, changes: {}, now: later })
        .then([{ type: 'RunnerResumed', data: { runnerId: 7, resumedAt: later } }]);
    });

    it('enforces the tag limit only when the tags change, as GitLab does', () => {
      const overLimit = { ...registered, data: { ...registered.data, tagList: Array.from({ length: 51 }, (_, i) => `t${i}`) } };
      spec
        .given([overLimit])
        .when({ type: 'UpdateRunner', runnerId: 7, paused: true, changes: {}, now })
        .then([{ type: 'RunnerPaused', data: { runnerId: 7, pausedAt: now } }]);
      spec
        .given([overLimit])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { tagList: Array.from({ length: 52 }, (_, i) => `t${i}`) }, now })
        .thenFails('validation', { tags_list: ['Too many tags specified. Please limit the number of tags to 50'] });
    });

    it('validates the runner as it would be after the change', () => {
      spec
        .given([registered])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { runUntagged: false }, now })
        .thenFails('validation', { tags_list: ['can not be empty when runner is not allowed to pick untagged jobs'] });
      spec
        .given([registered])
        .when({ type: 'UpdateRunner', runnerId: 7, changes: { maintenanceNote: 'x'.repeat(1025) }, now })
        .thenFails('validation', { maintenance_note: ['is too long (maximum is 1024 characters)'] });
    });

    it('does not find a deleted or unknown runner', () => {
      const deleted: RunnerEvent = { type: 'RunnerDeleted', data: { runnerId: 7, deletedAt: now } };
      spec.given([registered, deleted]).when({ type: 'UpdateRunner', runnerId: 7, changes: { description: 'x' }, now }).thenFails('not_found');
      spec.given([]).when({ type: 'DeleteRunner', runnerId: 7, now }).thenFails('not_found');
    });
  });

  describe('tokens, contact and deletion', () => {
    it('resets the authentication token to the new digest', () => {
      spec
        .given([registered])
        .when({ type: 'ResetRunnerAuthenticationToken', runnerId: 7, tokenDigest: 'digest-2', tokenExpiresAt: later, now })
        .then([{ type: 'RunnerAuthenticationTokenReset', data: { runnerId: 7, tokenDigest: 'digest-2', tokenExpiresAt: later, resetAt: now } }]);
    });

    it('deletes once', () => {
      const deleted: RunnerEvent = { type: 'RunnerDeleted', data: { runnerId: 7, deletedAt: now } };
      spec.given([registered]).when({ type: 'DeleteRunner', runnerId: 7, now }).then([deleted]);
      spec.given([registered, deleted]).when({ type: 'DeleteRunner', runnerId: 7, now }).thenFails('not_found');
    });
  });

  describe('project assignment', () => {
    const projectRunner: RunnerRegistered = { ...registered, data: { ...registered.data, runnerType: 'project_type', ownerProjectId: 1, projectIds: [1] } };
    const assigned: RunnerEvent = { type: 'RunnerAssignedToProject', data: { runnerId: 7, projectId: 2, assignedAt: now } };

    it('assigns a project runner to another project, once', () => {
      spec.given([projectRunner]).when({ type: 'AssignRunnerToProject', runnerId: 7, projectId: 2, now }).then([assigned]);
      spec.given([projectRunner, assigned]).when({ type: 'AssignRunnerToProject', runnerId: 7, projectId: 2, now }).thenFails('invalid');
    });

    it('never assigns a group or instance runner', () => {
      const groupRunner = { ...registered, data: { ...registered.data, runnerType: 'group_type' as const, groupId: 9 } };
      spec.given([groupRunner]).when({ type: 'AssignRunnerToProject', runnerId: 7, projectId: 2, now }).thenFails('forbidden');
      spec.given([registered]).when({ type: 'AssignRunnerToProject', runnerId: 7, projectId: 2, now }).thenFails('invalid');
    });

    it('unassigns from any project but the owner, and not from a project it is not on', () => {
      spec
        .given([projectRunner, assigned])
        .when({ type: 'UnassignRunnerFromProject', runnerId: 7, projectId: 2, now: later })
        .then([{ type: 'RunnerUnassignedFromProject', data: { runnerId: 7, projectId: 2, unassignedAt: later } }]);
      spec.given([projectRunner, assigned]).when({ type: 'UnassignRunnerFromProject', runnerId: 7, projectId: 1, now }).thenFails('forbidden');
      spec.given([projectRunner]).when({ type: 'UnassignRunnerFromProject', runnerId: 7, projectId: 2, now }).thenFails('not_found');
    });

    it('says which refusal it is by its code', () => {
      const groupRunner = { ...registered, data: { ...registered.data, runnerType: 'group_type' as const, groupId: 9 } };
      const assign = { type: 'AssignRunnerToProject', runnerId: 7, projectId: 2, now } as const;
      spec.given([groupRunner]).when(assign).thenRefuses('runner.group_runner');
      spec.given([registered]).when(assign).thenRefuses('runner.instance_runner_not_assignable');
      spec.given([projectRunner, assigned]).when(assign).thenRefuses('runner.already_assigned');
      spec.given([projectRunner, assigned]).when({ type: 'UnassignRunnerFromProject', runnerId: 7, projectId: 1, now }).thenRefuses('runner.owner_project');
      spec.given([projectRunner]).when({ type: 'UnassignRunnerFromProject', runnerId: 7, projectId: 2, now }).thenRefuses('runner.not_found');
      spec.given([]).when(assign).thenRefuses('runner.not_found');
      spec.given([registered]).when(register()).thenRefuses('runner.already_exists');
      spec.given([registered]).when({ type: 'DeleteRunnerManager', runnerId: 7, systemId: 's_1', now }).thenRefuses('runner_manager.not_found');
      spec.given([]).when(register({ attributes: { ...DEFAULT_RUNNER_ATTRIBUTES, maximumTimeout: 1 } })).thenRefuses('validation.failed');
    });

    it('records a user-created runner as RunnerCreated', () => {
      spec
        .given([])
        .when(register({ registrationType: 'authenticated_user', creationState: 'started', creatorId: 3 }))
        .then([{ type: 'RunnerCreated', data: { ...registered.data, registrationType: 'authenticated_user', creationState: 'started', creatorId: 3 } }]);
    });
  });
});
