import { Inject, Injectable } from '@nestjs/common';
import { RoaringBitmap32 } from 'roaring';
import { parseRunnerSearch, type RestRunnerStatus, type RunnerMembership, type StatusThresholds } from '@app/domain';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { APP_CONFIG, statusThresholds, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { ContactCache } from '../../contacts/contact-cache';
import { matchesVersionPrefix, type RunnerFilters } from '../runner-filters';
import { RunnerStatusService } from '../runner-status.service';
import { RunnerAttributeIndex } from './attribute-index';
import { SelectionMemo, selectionKey } from './selection-memo';
import { ReplacementIndexes } from './replacement-indexes';
import { RunnerStatusIndex, type StatusFacts } from './status-index';

const EMPTY = new RoaringBitmap32().freeze();

/**
 * The runner lists' filters and scopes answered from bitmaps: each filter is one set of runner
 * ids, and a request intersects them smallest first, so it costs what its answer costs rather
 * than what the fleet does (the lists used to test every runner on the event loop). Kept current
 * from the runners projection's changes and from every contact the service sees.
 */
@Injectable()
export class RunnerIndex {
  private attributes = new RunnerAttributeIndex();
  private statuses: RunnerStatusIndex;
  private readonly memo = new SelectionMemo(32);
  /** Counts every change to the attribute sets; with the status index's own count, the memo's validity. */
  private version = 0;
  private readonly thresholds: StatusThresholds;
  private prepared: ReplacementIndexes | undefined;

  constructor(
    private readonly runners: RunnersProjection,
    contacts: ContactCache,
    private readonly status: RunnerStatusService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = statusThresholds(config);
    this.statuses = new RunnerStatusIndex(this.thresholds, (id) => this.statusFacts(runners, id), clock.now().getTime());
    runners.onRunnerViewChanged((before, after, replacedBy) => (before || after ? this.changed(before, after) : this.rebuild(replacedBy)));
    runners.onPrepareReplacement((fresh) => this.prepare(fresh));
    contacts.onContact((runnerId) => {
      this.statuses.contacted(runnerId);
      this.prepared?.statuses.contacted(runnerId);
    });
    this.rebuild();
  }

  /**
   * The ids of the runners that pass every filter and the membership, as of now; null when
   * nothing filters (every runner). The bitmap may be one the index keeps current: read it
   * before yielding the event loop, and never change it.
   */
  select(filters: RunnerFilters, membership?: RunnerMembership): RoaringBitmap32 | null {
    // Status moves with time alone: the sets are brought to now before anything is read or recalled.
    this.statuses.advance(this.clock.now().getTime(), () => this.attributes.all);
    const key = selectionKey(filters, membership);
    const state = `${this.version}:${this.statuses.version}`;
    const remembered = this.memo.get(key, state);
    if (remembered !== undefined) return remembered;
    const answer = this.intersect(filters, membership);
    this.memo.set(key, answer);
    return answer;
  }

  /**
   * Readies the answer of the filters' search, when there is one and it is not remembered: the
   * first ask of a search tests every runner, in turns of the event loop (SearchAnswers.scan), so
   * that select() then finds it remembered. Undefined when there is nothing to wait for.
   */
  searchReady(filters: RunnerFilters): Promise<void> | undefined {
    const search = filters.search === undefined ? null : parseRunnerSearch(filters.search);
    if (!search || this.attributes.searches.remembered(search)) return undefined;
    return this.attributes.searches.scan(search, this.runners);
  }

  /**
   * How many runners of each type have each value of the `status` field now (restStatusAt's order:
   * stale, never_contacted, paused, online, offline), for the metrics' fleet gauge: a few bitmap
   * intersections per type, where testing every runner held the event loop for the whole fleet.
   */
  fleetCounts(): { status: RestRunnerStatus; runnerType: RunnerView['runnerType']; count: number }[] {
    this.statuses.advance(this.clock.now().getTime(), () => this.attributes.all);
    const { stale, neverContacted, online } = this.statuses;
    const counts: { status: RestRunnerStatus; runnerType: RunnerView['runnerType']; count: number }[] = [];
    for (const runnerType of this.attributes.types.keys()) {
      const ofType = this.attributes.types.get(runnerType)!;
      const notStale = RoaringBitmap32.andNot(ofType, stale);
      const contacted = RoaringBitmap32.andNot(notStale, neverContacted);
      const active = RoaringBitmap32.andNot(contacted, this.attributes.paused);
      const onlineCount = active.andCardinality(online);
      const byStatus: [RestRunnerStatus, number][] = [
        ['stale', ofType.size - notStale.size],
        ['never_contacted', notStale.size - contacted.size],
        ['paused', contacted.size - active.size],
        ['online', onlineCount],
        ['offline', active.size - onlineCount],
      ];
      for (const [status, count] of byStatus) if (count > 0) counts.push({ status, runnerType, count });
    }
    return counts;
  }

  private intersect(filters: RunnerFilters, membership: RunnerMembership | undefined): RoaringBitmap32 | null {
    const sets = this.filterSets(filters);
    if (membership) sets.push(this.members(membership));
    if (sets.length === 0) return null;
    sets.sort((a, b) => a.size - b.size);
    if (sets[0].isEmpty || sets.length === 1) return sets[0];
    const answer = RoaringBitmap32.and(sets[0], sets[1]);
    for (let i = 2; i < sets.length && !answer.isEmpty; i++) answer.andInPlace(sets[i]);
    return answer;
  }

  /** GitLab's filter_runners: scope, type, status, paused, version_prefix and tag_list, ANDed. */
  private filterSets(filters: RunnerFilters): RoaringBitmap32[] {
    const sets: RoaringBitmap32[] = [];
    if (filters.scope !== undefined) sets.push(this.scopeSet(filters.scope));
    if (filters.type !== undefined) sets.push(this.typeSet(filters.type));
    if (filters.status !== undefined) sets.push(this.statusSet(filters.status));
    if (filters.paused !== undefined) sets.push(filters.paused ? this.attributes.paused : this.attributes.active);
    if (filters.versionPrefix !== undefined) sets.push(this.versionSet(filters.versionPrefix));
    for (const tag of filters.tagList ?? []) sets.push(this.attributes.tags.get(tag) ?? EMPTY);
    // A blank search filters nothing, as in GitLab.
    const search = filters.search === undefined ? null : parseRunnerSearch(filters.search);
    if (search) sets.push(this.attributes.searches.find(search, this.runners));
    return sets;
  }

  private scopeSet(scope: string): RoaringBitmap32 {
    switch (scope) {
      case 'shared':
        return this.typeSet('instance_type');
      case 'specific':
        return this.attributes.specific;
      case 'instance_type':
      case 'group_type':
      case 'project_type':
        return this.typeSet(scope);
      default:
        return this.statusSet(scope);
    }
  }

  private typeSet(type: string): RoaringBitmap32 {
    return this.attributes.types.get(type as RunnerView['runnerType']) ?? EMPTY;
  }

  /** The same meanings as matchesStatusFilter (libs/domain), at the instant select() advanced to. */
  private statusSet(status: string): RoaringBitmap32 {
    switch (status) {
      case 'online':
        return this.statuses.online;
      case 'offline':
        return this.statuses.offline;
      case 'stale':
        return this.statuses.stale;
      case 'never_contacted':
        return this.statuses.neverContacted;
      case 'active':
        return this.attributes.active;
      case 'paused':
        return this.attributes.paused;
      default:
        return EMPTY;
    }
  }

  /** A runner matches through any of its managers' versions; there are few distinct versions. */
  private versionSet(prefix: string): RoaringBitmap32 {
    const matching: RoaringBitmap32[] = [];
    for (const version of this.attributes.versions.keys()) {
      if (matchesVersionPrefix(prefix, version)) matching.push(this.attributes.versions.get(version)!);
    }
    return matching.length === 1 ? matching[0] : RoaringBitmap32.orMany(matching);
  }

  private members(membership: RunnerMembership): RoaringBitmap32 {
    const parts: RoaringBitmap32[] = membership.instance ? [this.typeSet('instance_type')] : [];
    for (const groupId of membership.groupIds) parts.push(this.attributes.groups.get(groupId) ?? EMPTY);
    for (const projectId of membership.projectIds) parts.push(this.attributes.projects.get(projectId) ?? EMPTY);
    return parts.length === 1 ? parts[0] : RoaringBitmap32.orMany(parts);
  }

  private changed(before: RunnerView | undefined, after: RunnerView | undefined): void {
    this.version++;
    this.attributes.apply(before, after);
    this.statuses.place((after ?? before)!.id);
  }

  /**
   * Every view may have changed. After a swap whose replacement was prepared (see prepare), the
   * indexes built from it are adopted as they are; otherwise (hydration, a swap nobody prepared)
   * they are built again from all(), in one step.
   */
  private rebuild(replacedBy?: RunnersProjection): void {
    this.version++;
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared?.complete && replacedBy === prepared.source) {
      prepared.adoptedBy(this.runners);
      this.attributes = prepared.attributes;
      this.statuses = prepared.statuses;
      return;
    }
    this.attributes.clear();
    for (const runner of this.runners.all()) this.attributes.apply(undefined, runner);
    this.statuses.rebuild(this.clock.now().getTime(), this.attributes.all);
  }

  /** A replayed generation is about to be swapped in: its indexes are built now, over many turns (see ReplacementIndexes). */
  private async prepare(fresh: RunnersProjection): Promise<void> {
    const prepared = new ReplacementIndexes(fresh, this.thresholds, (projection, id) => this.statusFacts(projection, id), this.clock.now().getTime());
    this.prepared = prepared;
    await prepared.build(() => this.prepared === prepared);
  }

  /** The very times the status field reads. */
  private statusFacts(projection: RunnersProjection, id: number): StatusFacts | undefined {
    const runner = projection.get(id);
    return runner && this.status.unkeptTimes(runner);
  }
}
