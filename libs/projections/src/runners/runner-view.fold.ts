import { evolveRunner, initialRunnerState, ownEntry, type ManagerState, type RegisteredRunner, type RunnerEvent, type RunnerState } from '@app/domain';
import { RecordManagers, withEntry } from './record-managers';
import type { RunnerManagerView, RunnerView } from './runner-view';

/**
 * The runners query model folds each runner's events with the runner decider's own evolve
 * (libs/domain runner.state.ts), so what an event means is written once. A view is the decider's
 * state plus the facts only the API shows; this file is the bridge both ways:
 * - runnerStateOf reads the decider's state off a view (a view holds every fact the state does);
 * - viewOf writes a state back into view shape, with the view's own facts beside it;
 * - viewOnlyChanges says which of the view's own facts an event changes.
 *
 * Reads and writes are per runner, O(1) in the number of runners: the state shares the view's
 * arrays and managers record, nothing is deep-copied.
 */

/** What the view shows beyond the decider's state: set at creation, except for the last three. */
type ViewOnlyFacts = Pick<RunnerView, 'id' | 'registrationType' | 'groupId' | 'name' | 'creatorId' | 'tokenExpiresAt' | 'updatedAt' | 'queueTicks'>;

/**
 * The decider's state of a registered runner, from its view. The managers record is the view's
 * own: evolve copies each entry it changes with a spread, so entries keep the view's `id` and
 * `systemId` through it; only a new manager arrives without them (see withManagerId).
 */
export function runnerStateOf(view: RunnerView): RegisteredRunner {
  return {
    status: 'registered',
    runnerId: view.id,
    runnerType: view.runnerType,
    ownerProjectId: view.ownerProjectId,
    projectIds: view.projectIds,
    paused: view.paused,
    details: {
      description: view.description,
      locked: view.locked,
      runUntagged: view.runUntagged,
      accessLevel: view.accessLevel,
      maximumTimeout: view.maximumTimeout,
      maintenanceNote: view.maintenanceNote,
      tagList: view.tagList,
    },
    tokenDigest: view.tokenDigest,
    creationState: view.creationState,
    createdAt: view.createdAt,
    contactedAt: view.contactedAt,
    managers: new RecordManagers(view.managers as Readonly<Record<string, ManagerState>>),
    offlineRecorded: view.offlineRecorded,
    staleRecorded: view.staleRecorded,
  };
}

/** A state in view shape, the fields in the view's order. */
function viewOf(state: RegisteredRunner, own: ViewOnlyFacts, managers: RunnerView['managers']): RunnerView {
  const { details } = state;
  return {
    id: own.id,
    runnerType: state.runnerType,
    registrationType: own.registrationType,
    groupId: own.groupId,
    ownerProjectId: state.ownerProjectId,
    projectIds: state.projectIds,
    name: own.name,
    description: details.description,
    paused: state.paused,
    locked: details.locked,
    runUntagged: details.runUntagged,
    accessLevel: details.accessLevel,
    maximumTimeout: details.maximumTimeout,
    maintenanceNote: details.maintenanceNote,
    tagList: details.tagList,
    tokenDigest: state.tokenDigest,
    tokenExpiresAt: own.tokenExpiresAt,
    creationState: state.creationState,
    creatorId: own.creatorId,
    createdAt: state.createdAt,
    updatedAt: own.updatedAt,
    ...(own.queueTicks ? { queueTicks: own.queueTicks } : {}),
    contactedAt: state.contactedAt,
    managers,
    offlineRecorded: state.offlineRecorded,
    staleRecorded: state.staleRecorded,
  };
}

/**
 * The view's own facts an event changes (null: none): `updatedAt` is GitLab's, changed by attribute changes and
 * token resets, never by contacts (nor by an update that changed nothing, as in Rails).
 */
function viewOnlyChanges(event: RunnerEvent, view: RunnerView): Partial<ViewOnlyFacts> | null {
  switch (event.type) {
    case 'RunnerQueueTicked':
      return { queueTicks: (view.queueTicks ?? 0) + 1 };
    case 'RunnerDetailsChanged':
      return { updatedAt: event.data.changedAt };
    case 'RunnerPaused':
      return { updatedAt: event.data.pausedAt };
    case 'RunnerResumed':
      return { updatedAt: event.data.resumedAt };
    case 'RunnerAuthenticationTokenReset':
      return { tokenExpiresAt: event.data.tokenExpiresAt, updatedAt: event.data.resetAt };
    default:
      return null;
  }
}

const ownFactsOf = ({ id, registrationType, groupId, name, creatorId, tokenExpiresAt, updatedAt, queueTicks }: RunnerView): ViewOnlyFacts => ({
  id,
  registrationType,
  groupId,
  name,
  creatorId,
  tokenExpiresAt,
  updatedAt,
  queueTicks,
});

/** The view of a runner just registered or created. */
export function registeredRunnerView(event: Extract<RunnerEvent, { type: 'RunnerRegistered' | 'RunnerCreated' }>): RunnerView {
  const state = evolveRunner(initialRunnerState, event) as RegisteredRunner;
  const { runnerId, registrationType, groupId, name, creatorId, tokenExpiresAt, createdAt } = event.data;
  return viewOf(state, { id: runnerId, registrationType, groupId, name, creatorId, tokenExpiresAt, updatedAt: createdAt }, {});
}

/**
 * A registered runner's view after `event`: the same view when the event changes nothing, null
 * when the runner is gone. `nextManagerId` numbers a manager that appears (ids follow log order,
 * so every replica and every replay gives the same ones).
 */
export function evolveRunnerView(view: RunnerView, event: RunnerEvent, nextManagerId: () => number): RunnerView | null {
  // Re-applied (documents may be ahead of their checkpoint): the manager keeps its id and its contact.
  if (event.type === 'RunnerManagerRegistered' && ownEntry(view.managers, event.data.systemId)) return view;
  const state = runnerStateOf(view);
  const next: RunnerState = evolveRunner(state, event);
  if (next === state && event.type !== 'RunnerQueueTicked') return view;
  if (next.status !== 'registered') return null;
  const folded = (next.managers as RecordManagers<ManagerState>).record as RunnerView['managers'];
  const managers = event.type === 'RunnerManagerRegistered' ? withManagerId(folded, event.data.systemId, nextManagerId()) : folded;
  // Most events (contacts) change none of the view's own facts: the view itself then holds them.
  const changes = viewOnlyChanges(event, view);
  return viewOf(next, changes ? { ...ownFactsOf(view), ...changes } : view, managers);
}

/** The managers with the one just registered numbered (a system_id like `__proto__` stays an own entry: see withEntry). */
function withManagerId(managers: RunnerView['managers'], systemId: string, id: number): RunnerView['managers'] {
  const { info, ipAddress, createdAt, contactedAt } = ownEntry(managers, systemId)!;
  const numbered: RunnerManagerView = { id, systemId, info, ipAddress, createdAt, contactedAt };
  return withEntry(managers, systemId, numbered);
}
