import type { JobSnapshot } from '@app/domain';

/** A job as the latest JobRecorded left it. */
export type JobView = JobSnapshot;
