import { defineParams, offsetPaginationParams } from '@app/http';

/** `GET /runners/:id/history`: the runner, and GitLab's `use :pagination`. */
export const runnerHistoryParams = defineParams({ id: { type: 'integer', required: true }, ...offsetPaginationParams });
