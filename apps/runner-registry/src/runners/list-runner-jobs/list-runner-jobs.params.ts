import { JOB_STATUSES } from '@app/domain';
import { defineParams, offsetPaginationParams } from '@app/http';

/**
 * lib/api/ci/runners.rb `GET /runners/:id/jobs`. `sort` defaults to desc but only applies with
 * `order_by`. `pagination` is not declared by GitLab (any value but "keyset" means offset), so it
 * is not validated here either.
 */
export const listRunnerJobsParams = defineParams({
  id: { type: 'integer', required: true },
  system_id: { type: 'string' },
  status: { type: 'string', values: JOB_STATUSES },
  order_by: { type: 'string', values: ['id'] },
  sort: { type: 'string', values: ['asc', 'desc'], default: 'desc' },
  cursor: { type: 'string' },
  pagination: { type: 'string' },
  ...offsetPaginationParams,
});

export type ListRunnerJobsParams = ReturnType<typeof listRunnerJobsParams.parse>;
