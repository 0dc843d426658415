import { defineParams } from '@app/http';
import { RUNNER_INFO_PARAM } from './request-job.params';

/**
 * lib/api/ci/runner.rb `POST /runners/verify` declares token and system_id; `info` is read from the
 * raw params by `authenticate_runner!` (`get_runner_details_from_request` in
 * lib/api/ci/helpers/runner.rb), which is why the agent sends it: the same keys as a job request.
 */
export const verifyRunnerParams = defineParams({
  token: { type: 'string', required: true },
  system_id: { type: 'string' },
  info: RUNNER_INFO_PARAM,
});
