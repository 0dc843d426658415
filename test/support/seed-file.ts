/** Adds a personal access token with the given scopes to a fixture user (for startTestApp's editSeed). */
export function withToken(seed: any, username: string, token: string, scopes: string[]): void {
  const user = seed.users.find((u: { username: string }) => u.username === username);
  if (!user) throw new Error(`fixture has no user ${username}`);
  user.personal_access_tokens.push({ token, scopes });
}
