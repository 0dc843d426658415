import { defineParams } from '@app/http';

/** lib/api/ci/runner.rb `POST /runners/verify`. */
export const verifyRunnerParams = defineParams({
  token: { type: 'string', required: true },
  system_id: { type: 'string' },
});
