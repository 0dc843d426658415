import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { DirectoryProjection } from '@app/projections';
import { patOf } from '../support/fixture-directory';
import { startTestApp } from '../support/test-app';

async function eventTypeCounts(dataDir: string): Promise<Record<string, number>> {
  const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
  try {
    const counts: Record<string, number> = {};
    for (const event of await store.readAll()) counts[event.type] = (counts[event.type] ?? 0) + 1;
    return counts;
  } finally {
    await store.close();
  }
}

/** The fixture: 1 settings entry, 8 users with 10 tokens, 3 groups, 4 projects, 8 memberships. */
const FIXTURE_COUNTS = {
  InstanceSettingsProvisioned: 1,
  UserProvisioned: 8,
  PersonalAccessTokenIssued: 11,
  GroupProvisioned: 3,
  ProjectProvisioned: 4,
  MemberAccessGranted: 8,
};

describe('directory seed', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-registry-seed-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('provisions every fixture entity through directory events', async () => {
    const dataDir = freshDir();
    const app = await startTestApp({ DATA_DIR: dataDir });
    const directory = app.app.get(DirectoryProjection);
    expect(directory.user(1)).toMatchObject({ username: 'root', admin: true, auditor: false });
    expect(directory.user(2)).toMatchObject({ username: 'auditor', auditor: true });
    expect(directory.groupAncestry(10).map((g) => g.groupId)).toEqual([10, 9]);
    expect(directory.project(1)?.members).toEqual({ 4: 40, 5: 30, 6: 20 });
    await app.stop();
    expect(await eventTypeCounts(dataDir)).toEqual(FIXTURE_COUNTS);
  });

  it('loads nothing twice across restarts, and keeps changes made after seeding', async () => {
    const dataDir = freshDir();
    const first = await startTestApp({ DATA_DIR: dataDir });
    const reset = await first.request('POST', '/api/v4/runners/reset_registration_token', { token: patOf('root') });
    await first.stop();

    const second = await startTestApp({ DATA_DIR: dataDir });
    const registered = await second.request('POST', '/api/v4/runners', { payload: { token: reset.json().token } });
    await second.stop();

    expect(registered.status).toBe(201);
    expect(await eventTypeCounts(dataDir)).toEqual({ ...FIXTURE_COUNTS, RegistrationTokenReset: 1, RunnerRegistered: 1 });
  });

  it('provisions once when two processes start at once on the same store', async () => {
    const dataDir = freshDir();
    const apps = await Promise.all([startTestApp({ DATA_DIR: dataDir }), startTestApp({ DATA_DIR: dataDir })]);
    await Promise.all(apps.map((app) => app.stop()));
    expect(await eventTypeCounts(dataDir)).toEqual(FIXTURE_COUNTS);
  });
});
