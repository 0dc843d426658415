import { defineParams } from '@app/http';

/** lib/api/ci/runners.rb `GET /runners/:id`. */
export const getRunnerParams = defineParams({
  id: { type: 'integer', required: true },
  include_projects: { type: 'boolean', default: true },
});
