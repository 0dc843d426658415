import { RoaringBitmap32 } from 'roaring';
import type { RunnerType } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { KeyedBitmaps } from './keyed-bitmaps';
import { SearchAnswers } from './search-answers';

/** The versions a runner matches `version_prefix` through: those its managers report. */
export function managerVersions(runner: RunnerView): string[] {
  const versions = new Set<string>();
  for (const manager of Object.values(runner.managers)) if (manager.info.version) versions.add(manager.info.version);
  return [...versions];
}

const NONE: readonly never[] = [];

/**
 * Inverted indexes over the attributes runner lists filter on, each a bitmap of runner ids:
 * type, paused, tags, manager versions, the memberships scopes ask for (group of a group
 * runner, projects of a project runner); and the answers of the latest searches. Kept current
 * from each view's before and after, so an update touches only what changed.
 */
export class RunnerAttributeIndex {
  readonly all = new RoaringBitmap32();
  readonly paused = new RoaringBitmap32();
  readonly active = new RoaringBitmap32();
  /** Group and project runners: the `specific` scope, kept rather than a union of two large sets per request. */
  readonly specific = new RoaringBitmap32();
  readonly types = new KeyedBitmaps<RunnerType>();
  readonly tags = new KeyedBitmaps<string>();
  readonly versions = new KeyedBitmaps<string>();
  readonly groups = new KeyedBitmaps<number>();
  readonly projects = new KeyedBitmaps<number>();
  readonly searches = new SearchAnswers();

  apply(before: RunnerView | undefined, after: RunnerView | undefined): void {
    const id = (after ?? before)!.id;
    if (!after) this.all.delete(id);
    else this.all.add(id);
    this.paused.delete(id);
    this.active.delete(id);
    if (after) (after.paused ? this.paused : this.active).add(id);
    if (after && after.runnerType !== 'instance_type') this.specific.add(id);
    else this.specific.delete(id);
    this.types.move(id, before ? [before.runnerType] : NONE, after ? [after.runnerType] : NONE);
    if (before?.tagList !== after?.tagList) this.tags.move(id, before?.tagList ?? NONE, after?.tagList ?? NONE);
    if (before?.managers !== after?.managers) this.versions.move(id, before ? managerVersions(before) : NONE, after ? managerVersions(after) : NONE);
    this.groups.move(id, groupOf(before), groupOf(after));
    if (before?.projectIds !== after?.projectIds) this.projects.move(id, projectsOf(before), projectsOf(after));
    if (before?.description !== after?.description) this.searches.move(id, after?.description ?? null);
  }

  clear(): void {
    for (const bitmap of [this.all, this.paused, this.active, this.specific]) bitmap.clear();
    for (const keyed of [this.types, this.tags, this.versions, this.groups, this.projects] as KeyedBitmaps<unknown>[]) keyed.clear();
    this.searches.clear();
  }
}

const groupOf = (runner: RunnerView | undefined): readonly number[] =>
  runner?.runnerType === 'group_type' && runner.groupId !== null ? [runner.groupId] : NONE;

const projectsOf = (runner: RunnerView | undefined): readonly number[] => (runner?.runnerType === 'project_type' ? runner.projectIds : NONE);
