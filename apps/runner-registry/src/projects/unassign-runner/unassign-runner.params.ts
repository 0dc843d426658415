import { defineParams } from '@app/http';

/** lib/api/ci/runners.rb `DELETE /projects/:id/runners/:runner_id`. */
export const unassignRunnerParams = defineParams({
  id: { type: 'string', required: true },
  runner_id: { type: 'integer', required: true },
});
