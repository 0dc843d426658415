import { Injectable } from '@nestjs/common';

interface RunnerContacts {
  runner: number;
  readonly managers: Map<string, number>;
}

/**
 * The freshest contact of every runner and manager, in memory: most polls are not stored as
 * events (see heartbeatEvents), so the log's contact time can be up to one throttle window old.
 * Status reads take the later of the two. After a restart the cache is empty and the log's
 * value, at most one window old, is used: far inside the online timeout.
 */
@Injectable()
export class ContactCache {
  private readonly contacts = new Map<number, RunnerContacts>();
  private listener?: (runnerId: number, systemId: string, at: number) => void;
  private readonly observers: ((runnerId: number) => void)[] = [];

  /** Contact seen by this replica; shared with the others when a listener (Redis) is attached. */
  touch(runnerId: number, systemId: string, at: number): void {
    this.merge(runnerId, systemId, at);
    this.listener?.(runnerId, systemId, at);
  }

  /** Contact seen elsewhere (another replica): kept if newer, never passed on again. */
  merge(runnerId: number, systemId: string, at: number): void {
    const entry = this.contacts.get(runnerId);
    if (!entry) {
      this.contacts.set(runnerId, { runner: at, managers: new Map([[systemId, at]]) });
      return this.runnerChanged(runnerId);
    }
    if (at > (entry.managers.get(systemId) ?? 0)) entry.managers.set(systemId, at);
    if (at > entry.runner) {
      entry.runner = at;
      this.runnerChanged(runnerId);
    }
  }

  onTouch(listener: (runnerId: number, systemId: string, at: number) => void): void {
    this.listener = listener;
  }

  /** Called with a runner's id whenever its cached contact moves (local or merged), e.g. to re-file its status. */
  onContact(observer: (runnerId: number) => void): void {
    this.observers.push(observer);
  }

  runnerContactedAt(runnerId: number): number | undefined {
    return this.contacts.get(runnerId)?.runner;
  }

  managerContactedAt(runnerId: number, systemId: string): number | undefined {
    return this.contacts.get(runnerId)?.managers.get(systemId);
  }

  forget(runnerId: number, systemId?: string): void {
    if (systemId !== undefined) return void this.contacts.get(runnerId)?.managers.delete(systemId);
    if (this.contacts.delete(runnerId)) this.runnerChanged(runnerId);
  }

  private runnerChanged(runnerId: number): void {
    for (const observer of this.observers) observer(runnerId);
  }
}

/** The later of a stored contact (ISO) and a cached one (epoch ms), as ISO. */
export function freshest(stored: string | null, cached: number | undefined): string | null {
  if (cached === undefined) return stored;
  if (stored !== null && Date.parse(stored) >= cached) return stored;
  return new Date(cached).toISOString();
}
