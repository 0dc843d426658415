import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { groupStreamId, projectStreamId, type DirectoryCommand } from '@app/domain';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeDirectoryCommand } from '../../apps/runner-registry/src/directory/sync-directory/change-directory.command';
import { commandContext } from '@app/event-store/command/command-context';
import { patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The directory changes while the service runs, through the same directory commands and events
 * the seed loader uses (and, later, the Kafka consumer): access follows at once, no restart.
 */
describe('directory changes while the service runs', () => {
  let app: TestApp;
  let runnerId: number;
  const directory = (streamId: string, command: DirectoryCommand) =>
    app.app.get(CommandBus).execute(new ChangeDirectoryCommand(streamId, command, commandContext({ type: 'system', name: 'test' }, new Date())));

  beforeAll(async () => {
    app = await startTestApp();
    runnerId = (await app.request('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } })).json().id;
  });
  afterAll(() => app.close());

  it('takes access away when a membership is revoked', async () => {
    expect((await app.request('GET', `/api/v4/runners/${runnerId}`, { token: patOf('bob') })).status).toBe(200);
    const revoked = await directory(projectStreamId(1), { type: 'RevokeMemberAccess', source: 'project', sourceId: 1, userId: 4 });
    expect(revoked.ok).toBe(true);
    const refused = await app.request('GET', `/api/v4/runners/${runnerId}`, { token: patOf('bob') });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({ message: '403 Forbidden - No access granted' });
  });

  it('gives access when a membership is granted or raised', async () => {
    expect((await app.request('PUT', `/api/v4/runners/${runnerId}`, { token: patOf('carol'), payload: { description: 'x' } })).status).toBe(403);
    await directory(projectStreamId(1), { type: 'GrantMemberAccess', source: 'project', sourceId: 1, member: { userId: 5, accessLevel: 40 } });
    const updated = await app.request('PUT', `/api/v4/runners/${runnerId}`, { token: patOf('carol'), payload: { description: 'by carol' } });
    expect(updated.status).toBe(200);
    expect(updated.json().description).toBe('by carol');
  });

  it('follows group membership down to the group’s projects', async () => {
    expect((await app.request('GET', `/api/v4/runners/${runnerId}`, { token: patOf('eve') })).status).toBe(403);
    await directory(groupStreamId(9), { type: 'GrantMemberAccess', source: 'group', sourceId: 9, member: { userId: 7, accessLevel: 40 } });
    expect((await app.request('GET', `/api/v4/runners/${runnerId}`, { token: patOf('eve') })).status).toBe(200);
  });
});
