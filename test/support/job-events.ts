import type { TestApp } from './test-app';
import { patOf } from './fixture-directory';

export const JOB_EVENTS = '/api/v4/internal/job_events';

/** A complete job event as the CI side would send it (GitLab's wire names), for runner `runnerId`. */
export function jobEvent(id: number, runnerId: number | null, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    status: 'success',
    stage: 'test',
    name: `job-${id}`,
    ref: 'main',
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: '2026-11-23T10:00:00.000Z',
    started_at: '2026-11-23T10:00:02.000Z',
    finished_at: '2026-11-23T10:01:00.000Z',
    erased_at: null,
    duration: 58.2,
    queued_duration: 2.1,
    user: { id: 1, username: 'root', name: 'Administrator' },
    commit: { id: 'a'.repeat(40), short_id: 'aaaaaaaa', title: 'Initial commit' },
    pipeline: { id: 900 + id, project_id: 1, sha: 'a'.repeat(40), ref: 'main', status: 'success' },
    failure_reason: null,
    web_url: `https://gitlab.example.com/gitlab-org/gitlab-foss/-/jobs/${id}`,
    project_id: 1,
    runner_id: runnerId,
    system_id: null,
    ...changes,
  };
}

/** Records events as root (an administrator) and expects 201. */
export async function recordJobs(app: TestApp, events: unknown): Promise<{ recorded: number; unchanged: number }> {
  const response = await app.request('POST', JOB_EVENTS, { token: patOf('root'), payload: events });
  if (response.status !== 201) throw new Error(`job events refused: ${response.status} ${response.body}`);
  return response.json();
}
