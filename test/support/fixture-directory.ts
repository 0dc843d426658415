import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The directory the service loads at start in every test; tests read tokens from it, never copy them. */
export const FIXTURE_FILE = resolve(__dirname, '../../config/directory.example.json');

interface FixtureUser {
  id: number;
  username: string;
  personal_access_tokens: { token: string; scopes: string[] }[];
}

const fixture = JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as {
  settings: { registration_token: string };
  users: FixtureUser[];
  groups: { id: number; runners_token: string }[];
  projects: { id: number; runners_token: string }[];
};

/** A user's personal access token, optionally the one with a given scope. */
export function patOf(username: string, scope = 'api'): string {
  const user = fixture.users.find((u) => u.username === username);
  const token = user?.personal_access_tokens.find((t) => t.scopes.includes(scope));
  if (!token) throw new Error(`fixture has no ${scope} token for ${username}`);
  return token.token;
}

export const INSTANCE_REGISTRATION_TOKEN = fixture.settings.registration_token;
export const groupRegistrationToken = (id: number) => fixture.groups.find((g) => g.id === id)!.runners_token;
export const projectRegistrationToken = (id: number) => fixture.projects.find((p) => p.id === id)!.runners_token;
