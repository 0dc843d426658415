import { DomainError, type Decider } from '../shared/decider';
import type {
  AssignRunnerToProject,
  DeleteRunner,
  DeleteRunnerManager,
  DeleteStaleRunnerManager,
  RecordHeartbeat,
  RecordStatusTransition,
  RegisterRunner,
  ResetRunnerAuthenticationToken,
  RunnerCommand,
  UnassignRunnerFromProject,
  UpdateRunner,
} from './runner.commands';
import type { RunnerEvent } from './runner.events';
import { evolveRunner, initialRunnerState, type RegisteredRunner, type RunnerState } from './runner.state';
import type { RunnerDetailChanges, RunnerDetails } from './runner.types';
import { normalizeTagList, validateRunnerDetails } from './runner.validation';
import { laterContact, managerHeartbeatDecision } from './heartbeat';
import { isOnline, isStale } from './runner-status';

const runnerNotFound = () => DomainError.of('runner.not_found');

function register(command: RegisterRunner, state: RunnerState): RunnerEvent[] | DomainError {
  if (state.status !== 'absent') return DomainError.of('runner.already_exists', { message: `runner ${command.runnerId} already exists` });
  const { paused, ...rest } = command.attributes;
  const details: RunnerDetails = { ...rest, tagList: normalizeTagList(rest.tagList) };
  const errors = validateRunnerDetails(details, { tagList: true, description: true, name: command.name });
  if (Object.keys(errors).length > 0) return DomainError.validation(errors);
  const projectIds = command.runnerType === 'project_type' && command.projectId !== null ? [command.projectId] : [];
  return [
    {
      // Runners a signed-in user creates are a fact of their own; both carry the same payload.
      type: command.registrationType === 'authenticated_user' ? 'RunnerCreated' : 'RunnerRegistered',
      data: {
        runnerId: command.runnerId,
        runnerType: command.runnerType,
        registrationType: command.registrationType,
        groupId: command.runnerType === 'group_type' ? command.groupId : null,
        ownerProjectId: projectIds[0] ?? null,
        projectIds,
        name: command.name,
        paused,
        ...details,
        creationState: command.creationState,
        creatorId: command.creatorId,
        tokenDigest: command.tokenDigest,
        tokenExpiresAt: command.tokenExpiresAt,
        createdAt: command.now,
      },
    },
  ];
}

/** Keeps only the fields whose value really changes, so history shows real changes only. */
function effectiveChanges(current: RunnerDetails, requested: RunnerDetailChanges): RunnerDetailChanges {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(requested) as [keyof RunnerDetails, unknown][]) {
    if (value === undefined) continue;
    const normalized = key === 'tagList' ? normalizeTagList(value as string[]) : value;
    if (JSON.stringify(current[key]) !== JSON.stringify(normalized)) changes[key] = normalized;
  }
  return changes as RunnerDetailChanges;
}

function update(command: UpdateRunner, runner: RegisteredRunner): RunnerEvent[] | DomainError {
  const changes = effectiveChanges(runner.details, command.changes);
  const errors = validateRunnerDetails({ ...runner.details, ...changes }, { tagList: changes.tagList !== undefined, description: changes.description !== undefined });
  if (Object.keys(errors).length > 0) return DomainError.validation(errors);

  const events: RunnerEvent[] = [];
  if (Object.keys(changes).length > 0) {
    events.push({ type: 'RunnerDetailsChanged', data: { runnerId: runner.runnerId, changes, changedAt: command.now } });
  }
  if (command.paused === true && !runner.paused) {
    events.push({ type: 'RunnerPaused', data: { runnerId: runner.runnerId, pausedAt: command.now } });
  }
  if (command.paused === false && runner.paused) {
    events.push({ type: 'RunnerResumed', data: { runnerId: runner.runnerId, resumedAt: command.now } });
  }
  // GitLab ticks the queue on every successful update; a change above already moves the value.
  if (events.length === 0) events.push({ type: 'RunnerQueueTicked', data: { runnerId: runner.runnerId, tickedAt: command.now } });
  return events;
}

const resetToken = (command: ResetRunnerAuthenticationToken, runner: RegisteredRunner): RunnerEvent[] => [
  {
    type: 'RunnerAuthenticationTokenReset',
    data: { runnerId: runner.runnerId, tokenDigest: command.tokenDigest, tokenExpiresAt: command.tokenExpiresAt, resetAt: command.now },
  },
];

/**
 * Only the significant facts: a routine contact belongs to the manager's contact stream (the
 * runner-contact decider). The online timeout counts from the freshest contact, the runner
 * stream's or the later one the caller knows of, so a runner that kept polling is not "back".
 */
function recordHeartbeat(command: RecordHeartbeat, runner: RegisteredRunner): RunnerEvent[] {
  const contactedAt = laterContact(runner.contactedAt, command.lastContactedAt);
  const snapshot = contactedAt === runner.contactedAt ? runner : { ...runner, contactedAt };
  return managerHeartbeatDecision(runner.runnerId, snapshot, runner.managers.get(command.heartbeat.systemId), command.heartbeat, command.policy).significant;
}

function deleteManager(command: DeleteRunnerManager, runner: RegisteredRunner): RunnerEvent[] | DomainError {
  if (!runner.managers.has(command.systemId)) return DomainError.of('runner_manager.not_found');
  return [{ type: 'RunnerManagerDeleted', data: { runnerId: runner.runnerId, systemId: command.systemId, deletedAt: command.now } }];
}

/** Nothing to do (not an error) when the manager is gone or was seen within the stale timeout. */
function deleteStaleManager(command: DeleteStaleRunnerManager, runner: RegisteredRunner): RunnerEvent[] {
  const manager = runner.managers.get(command.systemId);
  if (!manager) return [];
  const contacts = [manager.contactedAt, command.lastContactedAt].filter((at): at is string => at !== null);
  const contactedAt = contacts.length === 0 ? null : contacts.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  if (!isStale({ createdAt: manager.createdAt, contactedAt }, Date.parse(command.now), command.thresholds)) return [];
  return [{ type: 'RunnerManagerDeleted', data: { runnerId: runner.runnerId, systemId: command.systemId, deletedAt: command.now } }];
}

/**
 * Checked against the later of the runner stream's contact and the freshest one the caller knows
 * of (routine contacts live in contact streams): if either says the runner is still online, nothing
 * is recorded. Once per transition: the flags come from the runner stream, under its revision.
 */
function recordTransition(command: RecordStatusTransition, runner: RegisteredRunner): RunnerEvent[] {
  const now = Date.parse(command.now);
  const contactedAt = laterContact(runner.contactedAt, command.lastContactedAt);
  const inputs = { createdAt: runner.createdAt, contactedAt };
  const { runnerId } = runner;
  if (command.transition === 'stale') {
    if (runner.staleRecorded || !isStale(inputs, now, command.thresholds)) return [];
    return [{ type: 'RunnerBecameStale', data: { runnerId, lastContactedAt: contactedAt, detectedAt: command.now } }];
  }
  if (runner.offlineRecorded || contactedAt === null || isOnline(contactedAt, now, command.thresholds)) return [];
  return [{ type: 'RunnerWentOffline', data: { runnerId, lastContactedAt: contactedAt, detectedAt: command.now } }];
}

function assign(command: AssignRunnerToProject, runner: RegisteredRunner): RunnerEvent[] | DomainError {
  if (runner.runnerType === 'group_type') return DomainError.of('runner.group_runner');
  if (runner.runnerType === 'instance_type') return DomainError.of('runner.instance_runner_not_assignable');
  if (runner.projectIds.includes(command.projectId)) {
    return DomainError.of('runner.already_assigned');
  }
  return [{ type: 'RunnerAssignedToProject', data: { runnerId: runner.runnerId, projectId: command.projectId, assignedAt: command.now } }];
}

function unassign(command: UnassignRunnerFromProject, runner: RegisteredRunner): RunnerEvent[] | DomainError {
  if (!runner.projectIds.includes(command.projectId)) return runnerNotFound();
  if (runner.ownerProjectId === command.projectId) {
    return DomainError.of('runner.owner_project');
  }
  return [{ type: 'RunnerUnassignedFromProject', data: { runnerId: runner.runnerId, projectId: command.projectId, unassignedAt: command.now } }];
}

const remove = (command: DeleteRunner, runner: RegisteredRunner): RunnerEvent[] => [
  { type: 'RunnerDeleted', data: { runnerId: runner.runnerId, deletedAt: command.now } },
];

export function decideRunner(command: RunnerCommand, state: RunnerState): readonly RunnerEvent[] | DomainError {
  if (command.type === 'RegisterRunner') return register(command, state);
  if (state.status !== 'registered') return runnerNotFound();
  switch (command.type) {
    case 'UpdateRunner':
      return update(command, state);
    case 'ResetRunnerAuthenticationToken':
      return resetToken(command, state);
    case 'RecordHeartbeat':
      return recordHeartbeat(command, state);
    case 'DeleteRunnerManager':
      return deleteManager(command, state);
    case 'DeleteStaleRunnerManager':
      return deleteStaleManager(command, state);
    case 'RecordStatusTransition':
      return recordTransition(command, state);
    case 'DeleteRunner':
      return remove(command, state);
    case 'AssignRunnerToProject':
      return assign(command, state);
    case 'UnassignRunnerFromProject':
      return unassign(command, state);
  }
}

export const runnerDecider: Decider<RunnerCommand, RunnerEvent, RunnerState> = {
  initialState: initialRunnerState,
  decide: decideRunner,
  evolve: evolveRunner,
};
