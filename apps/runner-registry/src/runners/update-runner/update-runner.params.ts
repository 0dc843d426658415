import { atLeastOneOf, defineParams, mutuallyExclusive } from '@app/http';
import { runnerAttributeParams } from '@app/api/runners/runner-params';

/** lib/api/ci/runners.rb `PUT /runners/:id`: at least one attribute, never both active and paused. */
export const updateRunnerParams = defineParams({ id: { type: 'integer', required: true }, ...runnerAttributeParams }, [
  atLeastOneOf('description', 'active', 'paused', 'tag_list', 'run_untagged', 'locked', 'access_level', 'maximum_timeout', 'maintenance_note'),
  mutuallyExclusive('active', 'paused'),
]);
