import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every user-facing endpoint × every role of the directory fixture, one row per rule, each citing
 * the GitLab source file the rule comes from. Fixture roles:
 * root administrator; auditor reads everything; alice Owner of group 9 (so of subgroup 10 and
 * projects 1, 2, 4); bob Maintainer of projects 1, 2, 4; carol Developer and dave Reporter of
 * project 1; eve belongs to nothing; mallory Owner of group 20 and Maintainer of project 3.
 */
const ROLES = ['anonymous', 'root', 'auditor', 'alice', 'bob', 'carol', 'dave', 'eve', 'mallory'] as const;
type Role = (typeof ROLES)[number];
type Expected = Record<Role, number>;

/**
 * Tokens with narrower scopes (GitLab lib/api/helpers.rb): read_api allows GET only; manage_runner only the
 * /runners/:id… paths (and gets 401 on assign/unassign); create_runner only POST /user/runners.
 */
const SCOPED = {
  'bob (read_api)': { user: 'bob' as Role, token: () => patOf('bob', 'read_api') },
  'alice (manage_runner)': { user: 'alice' as Role, token: () => patOf('alice', 'manage_runner') },
};
type Scoped = keyof typeof SCOPED;

function scopedExpectation(who: Scoped, row: Row): number {
  const asUser = row.expected[SCOPED[who].user];
  if (who === 'bob (read_api)') return row.endpoint.startsWith('GET ') ? asUser : 403;
  if (/^(POST|DELETE) \/projects\/:id\/runners(\/:runner_id)?$/.test(row.endpoint)) return 401;
  return /^\w+ \/runners\/:id/.test(row.endpoint) ? asUser : 403;
}

/** Runners every row may read; rows that change things build their own. */
interface World {
  shared: number;
  projR: number;
  twoR: number;
  grpA: number;
  grpB: number;
  register(token: string): Promise<number>;
  assign(runnerId: number, projectId: number): Promise<void>;
}

interface Row {
  readonly endpoint: string;
  readonly rule: string;
  readonly expected: Expected;
  request(world: World): Promise<{ method: string; url: string; payload?: Record<string, unknown> }>;
}

const all = (status: number, overrides: Partial<Expected> = {}): Expected =>
  ({ ...Object.fromEntries(ROLES.map((r) => [r, status])), anonymous: 401, ...overrides }) as Expected;

const ROWS: Row[] = [
  // GET /runners/all
  { endpoint: 'GET /runners/all', rule: 'GitLab lib/api/ci/runners.rb: administrators and auditors only', expected: all(403, { root: 200, auditor: 200 }),
    request: async () => ({ method: 'GET', url: '/api/v4/runners/all' }) },
  // GET /runners/status_history (beyond GitLab)
  { endpoint: 'GET /runners/status_history', rule: 'as GET /runners/all (the whole fleet): administrators and auditors only', expected: all(403, { root: 200, auditor: 200 }),
    request: async () => ({ method: 'GET', url: '/api/v4/runners/status_history?period=7d' }) },
  // GET /runners
  { endpoint: 'GET /runners', rule: 'GitLab lib/api/ci/runners.rb: any signed-in user lists the runners they own', expected: all(200),
    request: async () => ({ method: 'GET', url: '/api/v4/runners' }) },
  // GET /runners/:id
  { endpoint: 'GET /runners/:id (instance)', rule: 'GitLab app/policies/ci/runner_policy.rb: any signed-in user reads instance runners', expected: all(200),
    request: async (w) => ({ method: 'GET', url: `/api/v4/runners/${w.shared}` }) },
  { endpoint: 'GET /runners/:id (project runner)', rule: 'GitLab app/policies/ci/runner_policy.rb: Maintainer+ of an associated project (Owner of its group inherits)',
    expected: all(403, { root: 200, auditor: 200, alice: 200, bob: 200 }),
    request: async (w) => ({ method: 'GET', url: `/api/v4/runners/${w.projR}` }) },
  { endpoint: 'GET /runners/:id (group runner)', rule: 'GitLab app/policies/ci/runner_policy.rb: group Maintainer+, or Maintainer+ of a project inheriting group runners',
    expected: all(403, { root: 200, auditor: 200, alice: 200, bob: 200 }),
    request: async (w) => ({ method: 'GET', url: `/api/v4/runners/${w.grpA}` }) },
  { endpoint: 'GET /runners/:id (subgroup runner)', rule: 'GitLab app/policies/ci/runner_policy.rb: ownership is inherited from ancestor groups',
    expected: all(403, { root: 200, auditor: 200, alice: 200, bob: 200 }),
    request: async (w) => ({ method: 'GET', url: `/api/v4/runners/${w.grpB}` }) },
  { endpoint: 'GET /runners/:id (missing)', rule: 'GitLab lib/api/ci/runners.rb: 404 before any access check', expected: all(404),
    request: async () => ({ method: 'GET', url: '/api/v4/runners/987654' }) },
  // PUT /runners/:id
  { endpoint: 'PUT /runners/:id (instance)', rule: 'GitLab app/policies/ci/runner_policy.rb: only administrators update instance runners', expected: all(403, { root: 200 }),
    request: async (w) => ({ method: 'PUT', url: `/api/v4/runners/${w.shared}`, payload: { description: 'x' } }) },
  { endpoint: 'PUT /runners/:id (project runner)', rule: 'GitLab app/policies/ci/runner_policy.rb: Maintainer+ of the owner project', expected: all(403, { root: 200, alice: 200, bob: 200 }),
    request: async (w) => ({ method: 'PUT', url: `/api/v4/runners/${w.projR}`, payload: { description: 'x' } }) },
  { endpoint: 'PUT /runners/:id (group runner)', rule: 'GitLab app/policies/ci/runner_policy.rb: group Owners (Maintainers only read)', expected: all(403, { root: 200, alice: 200 }),
    request: async (w) => ({ method: 'PUT', url: `/api/v4/runners/${w.grpA}`, payload: { description: 'x' } }) },
  // DELETE /runners/:id
  { endpoint: 'DELETE /runners/:id (project runner)', rule: 'GitLab app/policies/ci/runner_policy.rb, lib/api/ci/runners.rb: Maintainer+ of the owner project', expected: all(403, { root: 204, alice: 204, bob: 204 }),
    request: async (w) => ({ method: 'DELETE', url: `/api/v4/runners/${await w.register(projectRegistrationToken(1))}` }) },
  { endpoint: 'DELETE /runners/:id (two projects)', rule: 'GitLab lib/api/ci/runners.rb: non-administrators never delete a runner on several projects',
    expected: all(403, { root: 204 }),
    request: async (w) => ({ method: 'DELETE', url: `/api/v4/runners/${w.twoR}` }) },
  { endpoint: 'DELETE /runners/:id (group runner)', rule: 'GitLab lib/api/ci/runners.rb: group Owners only', expected: all(403, { root: 204, alice: 204 }),
    request: async (w) => ({ method: 'DELETE', url: `/api/v4/runners/${await w.register(groupRegistrationToken(9))}` }) },
  // POST /runners/:id/reset_authentication_token
  { endpoint: 'POST /runners/:id/reset_authentication_token', rule: 'GitLab lib/api/ci/runners.rb: whoever may update the runner',
    expected: all(403, { root: 201, alice: 201, bob: 201 }),
    request: async (w) => ({ method: 'POST', url: `/api/v4/runners/${w.projR}/reset_authentication_token` }) },
  // POST /runners/reset_registration_token
  { endpoint: 'POST /runners/reset_registration_token', rule: 'GitLab lib/api/ci/runners.rb: administrators only', expected: all(403, { root: 201 }),
    request: async () => ({ method: 'POST', url: '/api/v4/runners/reset_registration_token' }) },
  // Projects
  { endpoint: 'GET /projects/:id/runners', rule: 'GitLab lib/api/ci/runners.rb: 404 unless the project is readable, 403 below Maintainer',
    expected: all(404, { root: 200, auditor: 200, alice: 200, bob: 200, carol: 403, dave: 403 }),
    request: async () => ({ method: 'GET', url: '/api/v4/projects/1/runners' }) },
  { endpoint: 'POST /projects/:id/runners', rule: 'GitLab lib/api/ci/runners.rb: Maintainer+ of the target project and assign_runner on the runner',
    expected: all(404, { root: 201, auditor: 403, alice: 201, bob: 201 }),
    request: async (w) => ({ method: 'POST', url: '/api/v4/projects/2/runners', payload: { runner_id: await w.register(projectRegistrationToken(1)) } }) },
  { endpoint: 'DELETE /projects/:id/runners/:runner_id', rule: 'GitLab lib/api/ci/runners.rb: Maintainer+ of a project that is not the owner',
    expected: all(404, { root: 204, auditor: 403, alice: 204, bob: 204 }),
    request: async (w) => {
      const id = await w.register(projectRegistrationToken(1));
      await w.assign(id, 2);
      return { method: 'DELETE', url: `/api/v4/projects/2/runners/${id}` };
    } },
  { endpoint: 'POST /projects/:id/runners/reset_registration_token', rule: 'GitLab lib/api/ci/runners.rb: project Maintainer+ (404 unless readable)',
    expected: all(404, { root: 201, auditor: 403, alice: 201, bob: 201 }),
    request: async () => ({ method: 'POST', url: '/api/v4/projects/4/runners/reset_registration_token' }) },
  // Groups
  { endpoint: 'GET /groups/:id/runners', rule: 'GitLab lib/api/ci/runners.rb: 404 unless the group is readable, 403 below Maintainer of the group',
    expected: all(404, { root: 200, auditor: 200, alice: 200, bob: 403, carol: 403, dave: 403 }),
    request: async () => ({ method: 'GET', url: '/api/v4/groups/9/runners' }) },
  { endpoint: 'POST /groups/:id/runners/reset_registration_token', rule: 'GitLab lib/api/ci/runners.rb: group Owners (a group is readable to members of anything in it)',
    expected: all(404, { root: 201, auditor: 403, alice: 201, bob: 403 }),
    request: async () => ({ method: 'POST', url: '/api/v4/groups/10/runners/reset_registration_token' }) },
  // User runners
  { endpoint: 'POST /user/runners (instance_type)', rule: 'GitLab lib/api/ci/runners.rb: administrators only', expected: all(403, { root: 201 }),
    request: async () => ({ method: 'POST', url: '/api/v4/user/runners', payload: { runner_type: 'instance_type' } }) },
  { endpoint: 'POST /user/runners (group_type)', rule: 'GitLab lib/api/ci/runners.rb: group Owners', expected: all(403, { root: 201, alice: 201 }),
    request: async () => ({ method: 'POST', url: '/api/v4/user/runners', payload: { runner_type: 'group_type', group_id: 9 } }) },
  { endpoint: 'POST /user/runners (project_type)', rule: 'GitLab lib/api/ci/runners.rb: project Maintainer+', expected: all(403, { root: 201, alice: 201, bob: 201 }),
    request: async () => ({ method: 'POST', url: '/api/v4/user/runners', payload: { runner_type: 'project_type', project_id: 1 } }) },
];

describe('authorization: every endpoint × every role', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    const register = async (token: string) => (await app.request('POST', '/api/v4/runners', { payload: { token } })).json().id as number;
    const assign = async (runnerId: number, projectId: number) => {
      const res = await app.request('POST', `/api/v4/projects/${projectId}/runners`, { token: patOf('root'), payload: { runner_id: runnerId } });
      if (res.status !== 201) throw new Error(`assigning ${runnerId} to ${projectId}: ${res.status} ${res.body}`);
    };
    const base = {
      shared: await register(INSTANCE_REGISTRATION_TOKEN),
      projR: await register(projectRegistrationToken(1)),
      twoR: await register(projectRegistrationToken(1)),
      grpA: await register(groupRegistrationToken(9)),
      grpB: await register(groupRegistrationToken(10)),
    };
    await assign(base.twoR, 2);
    world = { ...base, register, assign };
  });
  afterAll(() => app.close());

  for (const row of ROWS) {
    describe(`${row.endpoint} (${row.rule})`, () => {
      for (const role of ROLES) {
        it(`${role} → ${row.expected[role]}`, async () => {
          await expectStatus(row, role === 'anonymous' ? undefined : patOf(role), row.expected[role], role);
        });
      }
      for (const who of Object.keys(SCOPED) as Scoped[]) {
        const expected = scopedExpectation(who, row);
        it(`${who} → ${expected}`, async () => {
          await expectStatus(row, SCOPED[who].token(), expected, who);
        });
      }
    });
  }

  async function expectStatus(row: Row, token: string | undefined, expected: number, who: string): Promise<void> {
    // Rows that delete a shared runner must not take it from the roles that follow.
    const target = row.endpoint === 'DELETE /runners/:id (two projects)' && expected === 204
      ? { method: 'DELETE', url: `/api/v4/runners/${await twoProjectRunner()}` }
      : await row.request(world);
    const response = await app.request(target.method, target.url, { token, payload: target.payload });
    expect({ who, status: response.status, body: response.status >= 400 ? response.body : undefined }).toMatchObject({ who, status: expected });
  }

  async function twoProjectRunner(): Promise<number> {
    const id = await world.register(projectRegistrationToken(1));
    await world.assign(id, 2);
    return id;
  }
});
