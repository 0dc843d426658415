/**
 * The directory-events consumer across the service's lifetime, on both query-model stores:
 * messages published before the service starts are applied once it is up, after the seed (a
 * membership on a seeded project is not refused as "project not found"); the memory of messages
 * that changed nothing survives a restart, so such a message arriving again after a later change
 * still changes nothing; and reading the whole topic again changes nothing at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { DirectoryProjection } from '@app/projections';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { patOf } from '../support/fixture-directory';
import { cloudEvent, createInboundTopics, deleteInboundTopics, disconnectProducer, publish, startConsumingApp, type ConsumingApp } from './consumer-test-kit';

const EVE = 7;
const grantEve = (level: number) => cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: EVE, access_level: level });
const KEY = projectStreamId(1);

const databases = new ThrowawayDatabases();
afterAll(async () => {
  await disconnectProducer();
  await databases.dropAll();
}, 60_000);

describe.each([
  ['SQLite (DATA_DIR)', async () => ({})],
  ['PostgreSQL (DATABASE_URL)', async () => ({ DATABASE_URL: (await databases.create()).connectionString })],
])('directory-events consumer across restarts, on %s', (_store, storeEnv) => {
  it('applies messages published before it started, then remembers unchanged ones across a restart', async () => {
    const topics = await createInboundTopics(1);
    const dataDir = mkdtempSync(join(tmpdir(), 'consumer-restart-'));
    const env = { ...(await storeEnv()), DATA_DIR: dataDir };
    let app: ConsumingApp | undefined;
    try {
      const first = grantEve(40);
      await publish(topics.directory, { key: KEY, value: first });
      app = await startConsumingApp(topics, env);
      expect((await app.processedCount(topics.directory, 1)).map((p) => p.outcome)).toEqual(['applied']);
      expect((await app.request('GET', '/api/v4/projects/1/runners', { token: patOf('eve') })).status).toBe(200);

      // Delivered again right away: nothing to change, so it is remembered as unchanged.
      await publish(topics.directory, { key: KEY, value: first });
      expect((await app.processedCount(topics.directory, 2)).map((p) => p.outcome)).toEqual(['applied', 'unchanged']);
      await publish(topics.directory, { key: KEY, value: grantEve(30) });
      expect((await app.processedCount(topics.directory, 3))[2].outcome).toBe('applied');
      await app.stop();

      app = await startConsumingApp(topics, env);
      await publish(topics.directory, { key: KEY, value: first });
      // Only the new message is consumed (offsets were committed), and it is recognised.
      expect((await app.processedCount(topics.directory, 1)).map((p) => p.outcome)).toEqual(['duplicate']);
      expect(app.app.get(DirectoryProjection).project(1)?.members[EVE]).toBe(30);
      expect((await app.request('GET', '/api/v4/projects/1/runners', { token: patOf('eve') })).status).toBe(403);
      const streamLength = (await app.app.get<EventStore>(EVENT_STORE).readStream(KEY)).length;
      await app.stop();

      // A new consumer group reads the whole topic again (as a crash or a rebalance redelivers an
      // uncommitted tail, only longer): every message is recognised, nothing changes.
      app = await startConsumingApp({ ...topics, group: `${topics.group}-replay` }, env);
      expect((await app.processedCount(topics.directory, 4)).map((p) => p.outcome)).toEqual(['duplicate', 'duplicate', 'unchanged', 'duplicate']);
      expect((await app.app.get<EventStore>(EVENT_STORE).readStream(KEY)).length).toBe(streamLength);
      expect(app.app.get(DirectoryProjection).project(1)?.members[EVE]).toBe(30);
    } finally {
      await app?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await deleteInboundTopics(topics);
    }
  }, 90_000);
});
