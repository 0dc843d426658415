import { defineParams } from '@app/http';

/** The agent's `info` hash, as `POST /jobs/request` declares it; `POST /runners/verify` reads the same keys. */
export const RUNNER_INFO_PARAM = {
  type: 'hash',
  params: {
    name: { type: 'string' },
    version: { type: 'string', length: { max: 2048 } },
    revision: { type: 'string', length: { max: 255 } },
    platform: { type: 'string', length: { max: 255 } },
    architecture: { type: 'string', length: { max: 255 } },
    executor: { type: 'string' },
    features: { type: 'hash' },
    labels: { type: 'hash' },
    config: { type: 'hash', params: { gpus: { type: 'string' } } },
  },
} as const;

/** lib/api/ci/runner.rb `POST /jobs/request`; undeclared keys (info.shell, …) are ignored. */
export const requestJobParams = defineParams({
  token: { type: 'string', required: true },
  system_id: { type: 'string', length: { max: 64 } },
  last_update: { type: 'string' },
  job_age: { type: 'integer' },
  info: RUNNER_INFO_PARAM,
  session: {
    type: 'hash',
    params: { url: { type: 'string' }, certificate: { type: 'string' }, authorization: { type: 'string' } },
  },
});
