import { getJson } from './api';

/** Who is signed in and what the API lets them do, so the console offers nothing the API would refuse. */
export interface Viewer {
  id: number;
  username: string;
  name: string;
  admin: boolean;
  auditor: boolean;
  /** The token may write (`api`, or `manage_runner` on /runners/:id); `read_api` only reads. */
  canWrite: boolean;
}

interface UserBody {
  id: number;
  username: string;
  name: string;
  is_admin?: boolean;
  is_auditor?: boolean;
}

/**
 * GET /user shows `is_admin` to administrators only and never `is_auditor` (GitLab's UserPublic);
 * an auditor shows up as such in GET /users/:id, which gives administrators and auditors the admin
 * entity (`can_read_all_resources?`). A 401 from the first call is the sign-in's answer.
 */
export async function loadViewer(token: string): Promise<Viewer> {
  const user = await getJson<UserBody>('/api/v4/user', token);
  const admin = user.is_admin === true;
  const self = admin ? user : await getJson<UserBody>(`/api/v4/users/${user.id}`, token).catch(() => user);
  const scopes = await getJson<{ scopes: string[] }>('/api/v4/personal_access_tokens/self', token)
    .then((t) => t.scopes)
    .catch(() => ['api']);
  const auditor = !admin && self.is_auditor === true;
  const writes = scopes.includes('api') || scopes.includes('manage_runner');
  return { id: user.id, username: user.username, name: user.name, admin, auditor, canWrite: writes && !auditor };
}

/** Administrators and auditors read the whole fleet; everyone else the runners they own. */
export const runnersPath = (viewer: Viewer): string => (viewer.admin || viewer.auditor ? '/api/v4/runners/all' : '/api/v4/runners');

/** Deleting a runner assigned to several projects is an administrator's call (Ci::RunnerPolicy). */
export const mayDelete = (viewer: Viewer, projectCount = 0): boolean => viewer.canWrite && (viewer.admin || projectCount <= 1);
