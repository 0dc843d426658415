import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isMember, matchesRunnerSearch, matchesStatusFilter, parseRunnerSearch, type RunnerMembership } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { statusThresholds, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { ContactCache } from '../../contacts/contact-cache';
import { matchesVersionPrefix, type RunnerFilters } from '../runner-filters';
import { RunnerQueryService } from '../runner-query.service';
import { RunnerStatusService } from '../runner-status.service';
import { RunnerIndex } from './runner-index';

// The lists' former implementation, a test per runner, kept here as the reference the indexes must agree with.
interface FilterContext {
  matchesStatus(filter: string, runner: RunnerView): boolean;
  /** Versions of the runner's managers; a runner matches a version prefix through any of them. */
  versions(runner: RunnerView): readonly string[];
}

function matchesScope(scope: string, runner: RunnerView, context: FilterContext): boolean {
  switch (scope) {
    case 'shared':
      return runner.runnerType === 'instance_type';
    case 'specific':
      return runner.runnerType !== 'instance_type';
    case 'instance_type':
    case 'group_type':
    case 'project_type':
      return runner.runnerType === scope;
    default:
      return context.matchesStatus(scope, runner);
  }
}

/** The search rule applied to one description; a blank text filters nothing. */
function matchesSearchText(text: string, description: string | null): boolean {
  const search = parseRunnerSearch(text);
  return search === null || matchesRunnerSearch(search, description);
}

/** GitLab's filter order: scope, type, status, paused, version_prefix, tag_list; all ANDed. Null when nothing filters. */
function runnerMatcher(filters: RunnerFilters, context: FilterContext): ((runner: RunnerView) => boolean) | null {
  const tags = filters.tagList ?? [];
  const unfiltered = Object.values(filters).every((value) => value === undefined) && tags.length === 0;
  if (unfiltered) return null;
  return (runner) =>
    (filters.scope === undefined || matchesScope(filters.scope, runner, context)) &&
    (filters.type === undefined || runner.runnerType === filters.type) &&
    (filters.status === undefined || context.matchesStatus(filters.status, runner)) &&
    (filters.paused === undefined || runner.paused === filters.paused) &&
    (filters.versionPrefix === undefined || context.versions(runner).some((v) => matchesVersionPrefix(filters.versionPrefix!, v))) &&
    tags.every((tag) => runner.tagList.includes(tag)) &&
    (filters.search === undefined || matchesSearchText(filters.search, runner.description));
}

/**
 * The indexes against a brute-force scan (every runner tested by runnerMatcher and isMember, the
 * lists' former implementation) on randomized fleets, while time moves, often exactly onto a
 * runner's online or stale limit, and sometimes backwards.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONFIG = { onlineTimeoutSeconds: 7200, staleTimeoutSeconds: 7 * 86400 } as AppConfig;
const START = Date.parse('2026-01-01T00:00:00.000Z');

class MovableClock extends Clock {
  constructor(public ms: number) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
}

const TAGS = ['linux', 'docker', 'gpu', 'arm'];
const VERSIONS = ['15.0.3', '15.10.1', '16.1.0', '150.1.0'];
const TYPES = ['instance_type', 'group_type', 'project_type'] as const;

type Op =
  | { op: 'register'; type: (typeof TYPES)[number]; group: number; projects: number[]; tags: string[]; paused: boolean; ageMs: number; description: string | null }
  | { op: 'describe'; runner: number; description: string | null }
  | { op: 'tags'; runner: number; tags: string[] }
  | { op: 'pause' | 'resume' | 'delete'; runner: number }
  | { op: 'assign' | 'unassign'; runner: number; project: number }
  | { op: 'storedContact'; runner: number; agoMs: number }
  | { op: 'poll'; runner: number; system: string }
  | { op: 'manager'; runner: number; system: string; version: string }
  | { op: 'tick'; ms: number }
  | { op: 'toLimit'; runner: number; limit: 'online' | 'stale'; offsetMs: number }
  | { op: 'back'; ms: number }
  | { op: 'query'; filters: RunnerFilters; membership: RunnerMembership | null; perPage: number; page: number; cursorAt: number; descending: boolean }
  // The previous question again: the indexes remember recent answers, which any change must void.
  | { op: 'again' };

const runnerRef = fc.integer({ min: 1, max: 12 });
const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
const ids = fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 });
const everyFilter = fc.record(
  {
    scope: fc.constantFrom('specific', 'shared', 'instance_type', 'group_type', 'project_type', 'active', 'paused', 'online', 'offline', 'never_contacted', 'stale'),
    type: fc.constantFrom(...TYPES),
    status: fc.constantFrom('active', 'paused', 'online', 'offline', 'never_contacted', 'stale'),
    paused: fc.boolean(),
    versionPrefix: fc.constantFrom('15', '15.', '15.0', '15.10.1', '16', '1', '150'),
    tagList: subset(TAGS),
    search: fc.constantFrom('build', 'BUILD', 'er', 'linux builder', '"linux builder"', 'uil lin', 'der', 'x', 'go', 'GO', 'go x', 'İx', '  ', 'builder box'),
  },
);
// Descriptions with every trigram of a term but not the term (`buil ilder` for `build`, `a go xy` for
// the exact `go x`), short ones, and İ, which lowercases to two UTF-16 units.
const description = fc.option(
  fc.constantFrom('Linux Builder', 'builder', 'shared docker', 'GPU box', '', 'Go', 'go', 'box builder', 'buil ilder', 'go x', 'a go xy', 'İx', 'i̇x', 'der uil lin'),
);
/** Up to three filters at once: more almost always answer nothing. */
const filters: fc.Arbitrary<RunnerFilters> = fc
  .tuple(everyFilter, fc.subarray(['scope', 'type', 'status', 'paused', 'versionPrefix', 'tagList', 'search'] as const, { maxLength: 3 }))
  .map(([all, keys]) => Object.fromEntries(keys.map((key) => [key, all[key]])) as RunnerFilters);
const membership: fc.Arbitrary<RunnerMembership | null> = fc.option(
  fc.record({ instance: fc.boolean(), groupIds: ids.map((v) => new Set(v)), projectIds: ids.map((v) => new Set(v)) }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('register' as const), type: fc.constantFrom(...TYPES), group: fc.integer({ min: 1, max: 4 }), projects: ids, tags: subset(TAGS), paused: fc.boolean(), ageMs: fc.integer({ min: 0, max: 9 * DAY }), description }) },
  fc.record({ op: fc.constant('describe' as const), runner: runnerRef, description }),
  fc.record({ op: fc.constant('tags' as const), runner: runnerRef, tags: subset(TAGS) }),
  fc.record({ op: fc.constantFrom('pause' as const, 'resume' as const, 'delete' as const), runner: runnerRef }),
  fc.record({ op: fc.constantFrom('assign' as const, 'unassign' as const), runner: runnerRef, project: fc.integer({ min: 1, max: 4 }) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('storedContact' as const), runner: runnerRef, agoMs: fc.integer({ min: 0, max: 9 * DAY }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('poll' as const), runner: runnerRef, system: fc.constantFrom('a', 'b') }) },
  fc.record({ op: fc.constant('manager' as const), runner: runnerRef, system: fc.constantFrom('a', 'b', 'c'), version: fc.constantFrom(...VERSIONS) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 3 * HOUR }), fc.integer({ min: 1, max: 8 * DAY })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('toLimit' as const), runner: runnerRef, limit: fc.constantFrom('online' as const, 'stale' as const), offsetMs: fc.integer({ min: -1, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('back' as const), ms: fc.integer({ min: 1, max: 2 * DAY }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('query' as const), filters, membership, perPage: fc.integer({ min: 1, max: 5 }), page: fc.integer({ min: 1, max: 4 }), cursorAt: fc.nat(60), descending: fc.boolean() }) },
  { weight: 4, arbitrary: fc.constant({ op: 'again' as const }) },
);

class Fleet {
  readonly clock = new MovableClock(START);
  readonly runners = new RunnersProjection();
  readonly contacts = new ContactCache();
  readonly status = new RunnerStatusService(CONFIG, this.clock, this.contacts);
  readonly index = new RunnerIndex(this.runners, this.contacts, this.status, this.clock, CONFIG);
  private lastQuery: Extract<Op, { op: 'query' }> | undefined;
  readonly query = new RunnerQueryService(this.runners, this.index);
  private nextId = 1;
  private position = 0;

  run(step: Op): void {
    const at = this.clock.now().toISOString();
    switch (step.op) {
      case 'register': {
        const runnerId = this.nextId++;
        const createdAt = new Date(this.clock.ms - step.ageMs).toISOString();
        return this.apply(runnerId, 'RunnerRegistered', {
          runnerType: step.type, registrationType: 'registration_token', groupId: step.type === 'group_type' ? step.group : null,
          ownerProjectId: step.type === 'project_type' ? (step.projects[0] ?? null) : null, projectIds: step.type === 'project_type' ? step.projects : [],
          name: null, paused: step.paused, description: step.description, locked: false, runUntagged: true, accessLevel: 'not_protected',
          maximumTimeout: null, maintenanceNote: null, tagList: step.tags, creationState: 'finished', creatorId: null,
          tokenDigest: `digest-${runnerId}`, tokenExpiresAt: null, createdAt,
        });
      }
      case 'tags':
        return this.apply(step.runner, 'RunnerDetailsChanged', { changes: { tagList: step.tags }, changedAt: at });
      case 'describe':
        return this.apply(step.runner, 'RunnerDetailsChanged', { changes: { description: step.description }, changedAt: at });
      case 'pause':
        return this.apply(step.runner, 'RunnerPaused', { pausedAt: at });
      case 'resume':
        return this.apply(step.runner, 'RunnerResumed', { resumedAt: at });
      case 'delete':
        return this.apply(step.runner, 'RunnerDeleted', { deletedAt: at });
      case 'assign':
        return this.apply(step.runner, 'RunnerAssignedToProject', { projectId: step.project, assignedAt: at });
      case 'unassign':
        return this.apply(step.runner, 'RunnerUnassignedFromProject', { projectId: step.project, unassignedAt: at });
      case 'storedContact':
        return this.apply(step.runner, 'RunnerContacted', { systemId: null, contactedAt: new Date(this.clock.ms - step.agoMs).toISOString() });
      case 'poll':
        if (this.runners.get(step.runner)) this.contacts.touch(step.runner, step.system, this.clock.ms);
        return;
      case 'manager': {
        const info = { version: step.version, revision: null, platform: null, architecture: null, executor: null, gpus: null };
        return this.apply(step.runner, 'RunnerManagerRegistered', { systemId: step.system, info, ipAddress: null, createdAt: at });
      }
      case 'tick':
        this.clock.ms += step.ms;
        return;
      case 'back':
        this.clock.ms -= step.ms;
        return;
      case 'toLimit':
        return this.moveToLimit(step.runner, step.limit, step.offsetMs);
      case 'query':
        this.lastQuery = step;
        return this.check(step);
      case 'again':
        return this.lastQuery && this.check(this.lastQuery);
    }
  }

  /** Time lands on (or 1 ms either side of) the instant the runner goes offline or stale. */
  private moveToLimit(runnerId: number, limit: 'online' | 'stale', offsetMs: number): void {
    const runner = this.runners.get(runnerId);
    const contact = runner && this.status.contactedAt(runner);
    if (!runner || (limit === 'online' && !contact)) return;
    const lastSeen = Math.max(Date.parse(runner.createdAt), contact ? Date.parse(contact) : -Infinity);
    const target = limit === 'online' ? Date.parse(contact!) + CONFIG.onlineTimeoutSeconds * 1000 : lastSeen + CONFIG.staleTimeoutSeconds * 1000;
    if (target + offsetMs > this.clock.ms) this.clock.ms = target + offsetMs;
  }

  private apply(runnerId: number, type: string, data: Record<string, unknown>): void {
    const event: RecordedEvent = {
      id: `e${++this.position}`, type, data: { runnerId, ...data }, metadata: {}, streamId: `runner-${runnerId}`,
      revision: 0, position: this.position, recordedAt: this.clock.now().toISOString(),
    };
    this.runners.apply(event);
  }

  /** The lists against the brute-force scan, for one question (the property's 'query' step). */
  check(step: Extract<Op, { op: 'query' }>): void {
    const now = this.clock.ms;
    const matches = runnerMatcher(step.filters, {
      // The ISO-string rules, as the lists evaluated them before the indexes (not the times the index reads).
      matchesStatus: (filter, runner) => matchesStatusFilter(filter, { createdAt: runner.createdAt, contactedAt: this.status.contactedAt(runner), paused: runner.paused }, now, statusThresholds(CONFIG)),
      versions: (runner) => Object.values(runner.managers).flatMap((m) => (m.info.version ? [m.info.version] : [])),
    });
    const scope = step.membership;
    const expected = this.runners.all().filter((runner) => (!matches || matches(runner)) && (!scope || isMember(scope, runner))).map((r) => r.id);
    const source = this.query.list(step.filters, scope ?? undefined);
    const rows = Array.isArray(source) ? source : null;
    const total = rows ? rows.length : (source as Exclude<typeof source, readonly RunnerView[]>).countUpTo(10_000);
    expect(total).toBe(expected.length);
    const offset = (step.page - 1) * step.perPage;
    const slice = rows ? rows.slice(offset, offset + step.perPage) : (source as Exclude<typeof source, readonly RunnerView[]>).slice(offset, step.perPage);
    expect(slice.map((r) => r.id)).toEqual(expected.slice(offset, offset + step.perPage));

    const lastId = step.cursorAt === 0 ? null : step.cursorAt;
    const keyset = this.query.keysetPage(step.filters, scope ?? undefined, { lastId, descending: step.descending, limit: step.perPage });
    const ordered = step.descending ? [...expected].reverse() : expected;
    const after = ordered.filter((id) => lastId === null || (step.descending ? id < lastId : id > lastId));
    expect(keyset.items.map((r) => r.id)).toEqual(after.slice(0, step.perPage));
    expect(keyset.hasNext).toBe(after.length > step.perPage);

    // The metrics' fleet gauge: the status field's values by type, as testing every runner gives them.
    const byField = new Map<string, number>();
    for (const runner of this.runners.all()) {
      const key = `${this.status.status(runner, now)} ${runner.runnerType}`;
      byField.set(key, (byField.get(key) ?? 0) + 1);
    }
    const counted = new Map(this.index.fleetCounts().map((c) => [`${c.status} ${c.runnerType}`, c.count]));
    expect(counted).toEqual(byField);
  }
}

describe('runner list indexes against a brute-force scan', () => {
  it('answer every filter, membership and page as testing every runner does, while time moves', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 30, maxLength: 150, size: 'max' }), (ops) => {
        const fleet = new Fleet();
        for (const step of ops) fleet.run(step);
      }),
      { numRuns: 300 },
    );
  });

  it('rebuild from the projection when it is replaced wholesale (a replayed generation swapped in)', () => {
    const fleet = new Fleet();
    for (let i = 0; i < 5; i++) fleet.run({ op: 'register', type: 'instance_type', group: 1, projects: [], tags: ['linux'], paused: false, ageMs: 0, description: null });
    const replacement = new Fleet();
    replacement.run({ op: 'register', type: 'project_type', group: 1, projects: [2], tags: ['gpu'], paused: true, ageMs: 0, description: null });
    fleet.runners.replaceWith(replacement.runners);
    const linux = fleet.query.list({ tagList: ['linux'] }, undefined) as { countUpTo(n: number): number };
    const gpu = fleet.query.list({ tagList: ['gpu'], paused: true }, undefined) as { countUpTo(n: number): number };
    expect([linux.countUpTo(100), gpu.countUpTo(100)]).toEqual([0, 1]);
  });

  it('a replacement prepared before the swap is adopted at it: the old answers until then, exact ones after', async () => {
    const fleet = new Fleet();
    for (let i = 0; i < 5; i++) fleet.run({ op: 'register', type: 'instance_type', group: 1, projects: [], tags: ['linux'], paused: false, ageMs: 0, description: null });
    const replacement = new Fleet();
    fc.assert(
      fc.property(fc.array(op.filter((step) => step.op !== 'query' && step.op !== 'again' && step.op !== 'back'), { minLength: 1300, maxLength: 1300 }), (ops) => {
        for (const step of ops) replacement.run(step);
      }),
      { numRuns: 1 },
    );
    // More runners than one turn indexes, of every kind.
    for (let i = 0; i < 1200; i++) replacement.run({ op: 'register', type: TYPES[i % 3], group: 1 + (i % 4), projects: [1 + (i % 4)], tags: TAGS.slice(0, i % 5), paused: i % 7 === 0, ageMs: (i * HOUR) % (9 * DAY), description: null });
    fleet.clock.ms = replacement.clock.ms;

    const preparing = fleet.runners.prepareReplacement(replacement.runners);
    // Still the live model's answer while the replacement's indexes are built.
    expect((fleet.query.list({ tagList: ['linux'] }, undefined) as { countUpTo(n: number): number }).countUpTo(10_000)).toBe(5);
    // A poll while preparing, from a runner indexed in the first turn and not online: its status moves in the prepared indexes too.
    const polled = replacement.runners.all().slice(0, 100).find((runner) => fleet.status.status(runner, fleet.clock.ms) !== 'online')!;
    fleet.contacts.touch(polled.id, 'prepared', fleet.clock.ms);
    await preparing;
    // The engine's catch-up: the replacement folds events after it was prepared.
    replacement.run({ op: 'pause', runner: 8 });
    replacement.run({ op: 'tags', runner: 9, tags: ['gpu', 'arm'] });
    replacement.run({ op: 'register', type: 'group_type', group: 2, projects: [], tags: ['gpu'], paused: false, ageMs: 0, description: 'late' });

    fleet.runners.replaceWith(replacement.runners);

    fc.assert(
      fc.property(filters, membership, (question, scope) => {
        fleet.check({ op: 'query', filters: question, membership: scope, perPage: 5, page: 1, cursorAt: 0, descending: false });
        fleet.clock.ms += 3 * HOUR;
        fleet.check({ op: 'query', filters: question, membership: scope, perPage: 3, page: 2, cursorAt: 7, descending: true });
      }),
      { numRuns: 200 },
    );
  });
});
