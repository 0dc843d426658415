import { Inject, Injectable } from '@nestjs/common';
import { DirectoryProjection, type RunnerManagerView, type RunnerView } from '@app/projections';
import { ContactCache, freshest } from '../contacts/contact-cache';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { Clock } from '@app/common/clock';
import { RunnerStatusService } from './runner-status.service';

const NO_MANAGER_INFO = { version: null, revision: null, platform: null, architecture: null };

/** GitLab's API::Entities::Ci::Runner, field for field and in GitLab's order. */
export interface RunnerEntity {
  id: number;
  description: string | null;
  ip_address: null;
  active: boolean;
  paused: boolean;
  is_shared: boolean;
  runner_type: string;
  name: string | null;
  online: boolean | null;
  status: string;
}

/** What the caller may see of the runner's projects and groups, and whether to show the note. */
export interface DetailsVisibility {
  readonly projectIds: readonly number[];
  readonly groupIds: readonly number[];
  readonly showMaintenanceNote: boolean;
  readonly includeProjects: boolean;
}

/** Renders runner views as GitLab's entities. Time is read once per call so a list is consistent. */
@Injectable()
export class RunnerPresenter {
  constructor(
    private readonly status: RunnerStatusService,
    private readonly directory: DirectoryProjection,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contacts: ContactCache,
  ) {}

  basic(runner: RunnerView, now = this.clock.now().getTime()): RunnerEntity {
    return {
      id: runner.id,
      description: runner.description,
      ip_address: null,
      active: !runner.paused,
      paused: runner.paused,
      is_shared: runner.runnerType === 'instance_type',
      runner_type: runner.runnerType,
      name: runner.name,
      online: this.status.online(runner, now),
      status: this.status.status(runner, now),
    };
  }

  list(runners: readonly RunnerView[]): RunnerEntity[] {
    const now = this.clock.now().getTime();
    return runners.map((r) => this.basic(r, now));
  }

  /**
   * One flat literal per shape: spreading the basic entity and adding fields pushed V8 into
   * dictionary-mode objects, which made this the most expensive line of a detail read.
   */
  details(runner: RunnerView, visibility: DetailsVisibility): Record<string, unknown> {
    const now = this.clock.now().getTime();
    const groups = visibility.groupIds.map((id) => this.group(id)).filter((g) => g !== null);
    const note = visibility.showMaintenanceNote ? runner.maintenanceNote : null;
    const online = this.status.online(runner, now);
    const status = this.status.status(runner, now);
    const contactedAt = this.status.contactedAt(runner);
    const { version, revision, platform, architecture } = this.latestManager(runner)?.info ?? NO_MANAGER_INFO;
    if (!visibility.includeProjects) {
      return {
        id: runner.id, description: runner.description, ip_address: null, active: !runner.paused, paused: runner.paused,
        is_shared: runner.runnerType === 'instance_type', runner_type: runner.runnerType, name: runner.name, online, status,
        tag_list: runner.tagList, run_untagged: runner.runUntagged, locked: runner.locked, maximum_timeout: runner.maximumTimeout,
        access_level: runner.accessLevel, version, revision, platform, architecture,
        contacted_at: contactedAt, maintenance_note: note, groups,
      };
    }
    const projects = visibility.projectIds.map((id) => this.project(id)).filter((p) => p !== null);
    return {
      id: runner.id, description: runner.description, ip_address: null, active: !runner.paused, paused: runner.paused,
      is_shared: runner.runnerType === 'instance_type', runner_type: runner.runnerType, name: runner.name, online, status,
      tag_list: runner.tagList, run_untagged: runner.runUntagged, locked: runner.locked, maximum_timeout: runner.maximumTimeout,
      access_level: runner.accessLevel, version, revision, platform, architecture,
      contacted_at: contactedAt, maintenance_note: note, projects, groups,
    };
  }

  /** GitLab shows the details of the manager with the most recent contact, nulls last. */
  private latestManager(runner: RunnerView): RunnerManagerView | undefined {
    let latest: RunnerManagerView | undefined;
    let latestAt = -Infinity;
    for (const manager of Object.values(runner.managers)) {
      const at = Date.parse(freshest(manager.contactedAt, this.contacts.managerContactedAt(runner.id, manager.systemId)) ?? '') || -1;
      if (at > latestAt) [latest, latestAt] = [manager, at];
    }
    return latest;
  }

  private namespacePath(groupId: number): { names: string[]; paths: string[] } {
    const chain = this.directory.groupAncestry(groupId).reverse();
    return { names: chain.map((g) => g.name), paths: chain.map((g) => g.path) };
  }

  private project(id: number): Record<string, unknown> | null {
    const project = this.directory.project(id);
    if (!project) return null;
    const ns = this.namespacePath(project.namespaceId);
    const pathWithNamespace = [...ns.paths, project.path].join('/');
    return {
      id: project.projectId,
      description: project.description,
      name: project.name,
      name_with_namespace: [...ns.names, project.name].join(' / '),
      path: project.path,
      path_with_namespace: pathWithNamespace,
      created_at: project.createdAt ?? null,
      web_url: `${this.config.externalUrl}/${pathWithNamespace}`,
    };
  }

  private group(id: number): Record<string, unknown> | null {
    const group = this.directory.group(id);
    if (!group) return null;
    return { id: group.groupId, web_url: `${this.config.externalUrl}/groups/${this.namespacePath(id).paths.join('/')}`, name: group.name };
  }
}
