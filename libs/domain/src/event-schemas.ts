import { DIRECTORY_EVENT_SCHEMA_VERSIONS, type DirectoryEvent } from './directory/directory.events';
import { DIRECTORY_EVENT_UPCASTERS } from './directory/directory.upcasters';
import { JOB_EVENT_SCHEMA_VERSIONS, type JobEvent } from './job/job.events';
import { JOB_EVENT_UPCASTERS } from './job/job.upcasters';
import { RUNNER_EVENT_SCHEMA_VERSIONS, type RunnerEvent } from './runner/runner.events';
import { RUNNER_EVENT_UPCASTERS } from './runner/runner.upcasters';
import type { EventUpcaster } from './shared/upcasting';

/**
 * The registry of event schemas: every event type the domain writes, with its current version
 * (stamped as `metadata.schemaVersion` on every append), and the upcasters that bring older
 * stored versions to it on read.
 *
 * Changing a payload's shape:
 * 1. describe the new version in the event type's doc comment and change its type;
 * 2. bump its version in its family's *_EVENT_SCHEMA_VERSIONS;
 * 3. write the step from the previous version in its family's *.upcasters.ts, with the old shape
 *    spelled out, and a given(old payload) / then(new payload) spec;
 * 4. adapt the deciders and projections to the new shape only: they never see old ones.
 * Stored events are never rewritten. A version the code does not know yet (written by a newer
 * release) stops every read instead of being misread.
 *
 * Current non-1 versions: RunnerRegistered, RunnerCreated and RunnerManagerRegistered v2
 * (`registeredAt` renamed `createdAt`, GitLab's `created_at`), RunnerContacted v2 (`systemId`
 * always present, null instead of absent).
 */
export type DomainEventType = RunnerEvent['type'] | DirectoryEvent['type'] | JobEvent['type'];

export const EVENT_SCHEMA_VERSIONS: Readonly<Record<DomainEventType, number>> = {
  ...RUNNER_EVENT_SCHEMA_VERSIONS,
  ...DIRECTORY_EVENT_SCHEMA_VERSIONS,
  ...JOB_EVENT_SCHEMA_VERSIONS,
};

export const EVENT_UPCASTERS: readonly EventUpcaster[] = [...RUNNER_EVENT_UPCASTERS, ...DIRECTORY_EVENT_UPCASTERS, ...JOB_EVENT_UPCASTERS];
