import { defineParams } from '@app/http';

/** lib/api/ci/runners.rb `POST /projects/:id/runners`. */
export const assignRunnerParams = defineParams({
  id: { type: 'string', required: true },
  runner_id: { type: 'integer', required: true },
});
