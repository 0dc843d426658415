import { defineParams, mutuallyExclusive } from '@app/http';
import { runnerAttributeParams } from '@app/api/runners/runner-params';

/** lib/api/ci/runner.rb `POST /runners`. */
export const registerRunnerParams = defineParams(
  {
    token: { type: 'string', required: true },
    ...runnerAttributeParams,
    maintainer_note: { type: 'string' },
    info: {
      type: 'hash',
      params: {
        name: { type: 'string' },
        version: { type: 'string' },
        revision: { type: 'string' },
        platform: { type: 'string' },
        architecture: { type: 'string' },
      },
    },
  },
  [mutuallyExclusive('maintainer_note', 'maintenance_note'), mutuallyExclusive('active', 'paused')],
);
