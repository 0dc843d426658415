import { isRunnerEventType, ownEntry, RUNNER_STREAM_PREFIX, type RunnerEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { DocumentCollection } from '../engine/document-collection';
import type { Projection } from '../engine/projection';
import type { RunnerView } from './runner-view';

interface RunnersMeta {
  readonly highestRunnerId: number;
  readonly highestManagerId?: number;
}

/**
 * The runners query model: runner documents by id, with in-memory indexes by token digest and in
 * id order (GitLab lists runners by ascending id).
 */
export class RunnersProjection implements Projection {
  readonly name = 'runners';
  private readonly runners = new DocumentCollection<RunnerView>('runners');
  private readonly meta = new DocumentCollection<RunnersMeta>('meta');
  readonly collections = [this.runners, this.meta] as DocumentCollection<unknown>[];

  private idByTokenDigest = new Map<string, number>();
  private readonly changeListeners: ((runnerId: number) => void)[] = [];
  /** Every runner view in id order, kept current in place: lists read it on every request. */
  private sorted: RunnerView[] | null = null;

  get(id: number): RunnerView | undefined {
    return this.runners.get(id);
  }

  getByTokenDigest(digest: string): RunnerView | undefined {
    const id = this.idByTokenDigest.get(digest);
    return id === undefined ? undefined : this.runners.get(id);
  }

  /** Every runner in ascending id order. The array is shared: do not mutate it. */
  all(): readonly RunnerView[] {
    this.sorted ??= [...this.runners.values()].sort((a, b) => a.id - b.id);
    return this.sorted;
  }

  /** Runner ids are never reused, so deleted runners still count here. */
  get highestRunnerId(): number {
    return this.meta.get('ids')?.highestRunnerId ?? 0;
  }

  private nextManagerId(): number {
    const ids = this.meta.get('ids') ?? { highestRunnerId: 0 };
    const id = (ids.highestManagerId ?? 0) + 1;
    this.meta.set('ids', { ...ids, highestManagerId: id });
    return id;
  }

  /** Called with a runner's id whenever its view changes, appears or goes (e.g. to reschedule status checks). */
  onRunnerChanged(listener: (runnerId: number) => void): void {
    this.changeListeners.push(listener);
  }

  get count(): number {
    return this.runners.size;
  }

  afterHydrate(): void {
    this.idByTokenDigest.clear();
    for (const runner of this.runners.values()) this.idByTokenDigest.set(runner.tokenDigest, runner.id);
    this.sorted = null;
  }

  replaceWith(other: Projection): void {
    if (!(other instanceof RunnersProjection)) throw new TypeError(`runners cannot take over ${other.name}`);
    const ids = new Set<number>([...this.runners.values()].map((runner) => runner.id));
    this.runners.replaceWith(other.runners);
    this.meta.replaceWith(other.meta);
    this.idByTokenDigest = other.idByTokenDigest;
    this.sorted = other.sorted;
    // Any runner may have changed: listeners (the status monitor's schedule) look at each again.
    for (const runner of this.runners.values()) ids.add(runner.id);
    for (const id of ids) this.changed(id);
  }

  apply(recorded: RecordedEvent): void {
    if (!recorded.streamId.startsWith(RUNNER_STREAM_PREFIX) || !isRunnerEventType(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as RunnerEvent;
    if (event.type === 'RunnerRegistered' || event.type === 'RunnerCreated') return this.register(event.data);

    const runner = this.runners.get(event.data.runnerId);
    if (!runner) return;
    switch (event.type) {
      case 'RunnerDetailsChanged':
        return this.replace({ ...runner, ...event.data.changes, updatedAt: event.data.changedAt });
      case 'RunnerPaused':
        return this.replace({ ...runner, paused: true, updatedAt: event.data.pausedAt });
      case 'RunnerResumed':
        return this.replace({ ...runner, paused: false, updatedAt: event.data.resumedAt });
      case 'RunnerAuthenticationTokenReset':
        this.idByTokenDigest.delete(runner.tokenDigest);
        this.idByTokenDigest.set(event.data.tokenDigest, runner.id);
        return this.replace({ ...runner, tokenDigest: event.data.tokenDigest, tokenExpiresAt: event.data.tokenExpiresAt, updatedAt: event.data.resetAt });
      case 'RunnerAssignedToProject':
        return this.replace({ ...runner, projectIds: [...runner.projectIds, event.data.projectId] });
      case 'RunnerUnassignedFromProject':
        return this.replace({ ...runner, projectIds: runner.projectIds.filter((id) => id !== event.data.projectId) });
      case 'RunnerContacted': {
        const { systemId, contactedAt } = event.data;
        const manager = systemId === null ? undefined : ownEntry(runner.managers, systemId);
        const managers = manager ? { ...runner.managers, [manager.systemId]: { ...manager, contactedAt } } : runner.managers;
        return this.replace({ ...runner, contactedAt, managers, offlineRecorded: false, staleRecorded: false });
      }
      case 'RunnerManagerRegistered': {
        const { systemId, info, ipAddress, createdAt } = event.data;
        if (ownEntry(runner.managers, systemId)) return;
        const manager = { id: this.nextManagerId(), systemId, info, ipAddress, createdAt, contactedAt: null };
        return this.replace({ ...runner, managers: { ...runner.managers, [systemId]: manager } });
      }
      case 'RunnerManagerUpdated': {
        const manager = ownEntry(runner.managers, event.data.systemId);
        if (!manager) return;
        const ipAddress = event.data.ipAddress === undefined ? manager.ipAddress : event.data.ipAddress;
        const updated = { ...manager, info: { ...manager.info, ...event.data.info }, ipAddress };
        return this.replace({ ...runner, managers: { ...runner.managers, [manager.systemId]: updated } });
      }
      case 'RunnerManagerDeleted': {
        const { [event.data.systemId]: _deleted, ...managers } = runner.managers;
        return this.replace({ ...runner, managers });
      }
      case 'RunnerCreationFinished':
        return this.replace({ ...runner, creationState: 'finished' });
      case 'RunnerWentOffline':
        return this.replace({ ...runner, offlineRecorded: true });
      case 'RunnerBecameStale':
        return this.replace({ ...runner, offlineRecorded: true, staleRecorded: true });
      case 'RunnerDeleted':
        this.idByTokenDigest.delete(runner.tokenDigest);
        this.runners.delete(runner.id);
        this.sorted?.splice(this.indexOf(runner.id), 1);
        return this.changed(runner.id);
    }
  }

  private register(data: Extract<RunnerEvent, { type: 'RunnerRegistered' }>['data']): void {
    const view: RunnerView = {
      id: data.runnerId,
      runnerType: data.runnerType,
      registrationType: data.registrationType,
      groupId: data.groupId,
      ownerProjectId: data.ownerProjectId,
      projectIds: data.projectIds,
      name: data.name,
      description: data.description,
      paused: data.paused,
      locked: data.locked,
      runUntagged: data.runUntagged,
      accessLevel: data.accessLevel,
      maximumTimeout: data.maximumTimeout,
      maintenanceNote: data.maintenanceNote,
      tagList: data.tagList,
      tokenDigest: data.tokenDigest,
      tokenExpiresAt: data.tokenExpiresAt,
      creationState: data.creationState,
      creatorId: data.creatorId,
      createdAt: data.createdAt,
      updatedAt: data.createdAt,
      contactedAt: null,
      managers: {},
      offlineRecorded: false,
      staleRecorded: false,
    };
    // Re-applying an event must not duplicate anything (documents may be ahead of their checkpoint).
    if (this.runners.get(view.id)) return this.replace(view);
    this.runners.set(view.id, view);
    this.idByTokenDigest.set(view.tokenDigest, view.id);
    // Ids mostly arrive in order, so this is usually an append.
    this.sorted?.splice(this.indexOf(view.id), 0, view);
    this.changed(view.id);
    if (view.id > this.highestRunnerId) this.meta.set('ids', { ...this.meta.get('ids'), highestRunnerId: view.id });
  }

  private replace(view: RunnerView): void {
    this.runners.set(view.id, view);
    if (this.sorted) this.sorted[this.indexOf(view.id)] = view;
    this.changed(view.id);
  }

  private changed(runnerId: number): void {
    for (const listener of this.changeListeners) listener(runnerId);
  }

  /** Where `id` is, or would be inserted, in the sorted array (binary search). */
  private indexOf(id: number): number {
    const sorted = this.sorted!;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid].id < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
