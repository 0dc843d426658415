import { directoryDecider } from './directory/directory.decider';
import { DIRECTORY_EVENT_SCHEMA_VERSIONS } from './directory/directory.events';
import { jobDecider } from './job/job.decider';
import { JOB_EVENT_SCHEMA_VERSIONS } from './job/job.events';
import { runnerDecider } from './runner/runner.decider';
import { RUNNER_EVENT_SCHEMA_VERSIONS } from './runner/runner.events';

/** Each kind of stream: the decider that owns it and the schema version its events are written with. */
export const RUNNER_STREAM = { decider: runnerDecider, schemaVersions: RUNNER_EVENT_SCHEMA_VERSIONS } as const;
export const DIRECTORY_STREAM = { decider: directoryDecider, schemaVersions: DIRECTORY_EVENT_SCHEMA_VERSIONS } as const;
export const JOB_STREAM = { decider: jobDecider, schemaVersions: JOB_EVENT_SCHEMA_VERSIONS } as const;
