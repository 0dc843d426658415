import { isJobStatus, type UnvalidatedJobSnapshot } from './job.types';

/**
 * The domain's rules on a job event, keyed by GitLab's attribute names and worded as Rails
 * validations, because they reach clients as {"message":{...}}. Run on every path into the
 * stream (HTTP today, Kafka later), whatever checks the transport made before.
 */
export function validateJobSnapshot(job: UnvalidatedJobSnapshot): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (attribute: string, message: string) => (errors[attribute] ??= []).push(message);

  if (!Number.isSafeInteger(job.jobId)) add('id', 'must be an integer');
  else if (job.jobId <= 0) add('id', 'must be greater than 0');
  if (!isJobStatus(job.status)) add('status', 'is not included in the list');
  if (!Number.isSafeInteger(job.projectId)) add('project_id', 'must be an integer');
  if (job.runnerId !== null && !Number.isSafeInteger(job.runnerId)) add('runner_id', 'must be an integer');
  return errors;
}
