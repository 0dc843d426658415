/**
 * What checking a request's params costs: the Grape checker compiled from a params class
 * (paramsOf, what the routes run) against class-validator's validateSync on the same class, on
 * the poll's and the detail read's params. validateSync gets the checker's output (already
 * coerced) and only checks it: coercion, Grape's "present" rule and its messages would come on
 * top, so its figure is a lower bound of what validating through class-validator would cost.
 */
import { performance } from 'node:perf_hooks';
import { validateSync } from 'class-validator';
import { sanitizeJson } from '@app/http';
import { RequestJobParams, requestJobParams } from '../../apps/runner-registry/src/runners/record-heartbeat/request-job.params';
import { GetRunnerParams, getRunnerParams } from '../../apps/runner-registry/src/runners/get-runner/get-runner.params';

/** The gitlab-runner agent's poll body, as the agent (17.x) sends it. */
const POLL = sanitizeJson({
  token: 'glrt-bench-0000000000000000000',
  system_id: 's_0123456789ab',
  last_update: '4f3c2a1b',
  info: {
    name: 'gitlab-runner', version: '17.11.0', revision: 'abcdef01', platform: 'linux', architecture: 'amd64', executor: 'docker', shell: 'bash',
    features: { variables: true, image: true, services: true, artifacts: true, cache: true, shared: true, upload_multiple_artifacts: true, session: true, terminal: true, refspecs: true, masking: true, proxy: false, raw_variables: true, artifacts_exclude: true, multi_build_steps: true, trace_reset: true, trace_checksum: true, trace_size: true, vault_secrets: true, cancelable: true, return_exit_code: true, service_variables: true, service_multiple_aliases: true, image_executor_opts: true, service_executor_opts: true, cancel_gracefully: true },
    config: { gpus: '' },
  },
});
const DETAIL = sanitizeJson({ id: '5000' });

function microsPerCall(run: () => unknown, calls = 200_000): number {
  for (let i = 0; i < calls / 10; i++) run(); // warm-up for the JIT
  const start = performance.now();
  for (let i = 0; i < calls; i++) run();
  return ((performance.now() - start) * 1000) / calls;
}

export function benchParams(): string[] {
  const lines: string[] = [];
  for (const [name, schema, cls, input] of [
    ['POST /jobs/request', requestJobParams, RequestJobParams, POLL],
    ['GET /runners/:id', getRunnerParams, GetRunnerParams, DETAIL],
  ] as const) {
    const coerced = schema.parse(input);
    const instance = Object.assign(new (cls as new () => object)(), coerced);
    if (validateSync(instance).length > 0) throw new Error(`${name}: class-validator refuses what the checker accepted`);
    const compiled = microsPerCall(() => schema.parse(input));
    const classValidator = microsPerCall(() => validateSync(Object.assign(new (cls as new () => object)(), coerced)));
    lines.push(`Params check of ${name}: compiled Grape checker ${compiled.toFixed(2)} µs a call, class-validator validateSync (checks only) ${classValidator.toFixed(2)} µs (${(classValidator / compiled).toFixed(1)}x)`);
  }
  return lines;
}
