import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_PERSONAL_ACCESS_TOKEN_NAME, EVENT_SCHEMA_VERSIONS, personalAccessTokenIdOf, type DomainEventType } from '@app/domain';
import { PostgresEventStore, SqliteEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { KafkaRelay } from '@app/kafka';
import { DirectoryProjection, JobsProjection, ProjectionEngine, RunnersProjection, SqliteQueryModelStore, type PersistedDocument } from '@app/projections';
import { run as runCli } from '../../apps/runner-cli/src/main';
import { Clock } from '@app/common/clock';
import { withDomainUpcasting } from '../../apps/runner-registry/src/kernel/domain-upcasting';
import { ThrowawayDatabases } from '@app/event-store/postgres/test-fixtures/throwaway-database';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * test/fixtures/event-log-v1.jsonl is a log the schema-v1 code wrote (see test/fixtures/README.md).
 * Loaded into a fresh store (SQLite, and a throwaway PostgreSQL database), it must replay through
 * today's upcasters into exactly the query models the v1 code folded from it
 * (event-log-v1.query-models.json, also written by the v1 code); the service, the CLI and the Kafka
 * relay must serve it in current shapes and versions, and commands must keep deciding on it.
 */
const FIXTURES = resolve(__dirname, '../fixtures');
const LOG: RecordedEvent[] = readFileSync(join(FIXTURES, 'event-log-v1.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const V1_MODELS: Record<string, PersistedDocument[]> = JSON.parse(readFileSync(join(FIXTURES, 'event-log-v1.query-models.json'), 'utf8'));

/**
 * The v1 models with what later versions added and v1 did not know, as the upcasters and the
 * directory fill it in: a user's, a token's and a project's creation time is when the directory
 * learned of it (when the provisioning event was stored: in this store, `stored`), a user has no email, a token gets the id derived from its
 * digest and the default name.
 */
function withLaterFields(models: Record<string, PersistedDocument[]>, stored: readonly RecordedEvent[]): Record<string, PersistedDocument[]> {
  const learnedAt = (type: string, matches: (data: any) => boolean) => stored.find((e) => e.type === type && matches(e.data))!.recordedAt;
  const directory = models.directory.map((document) => {
    if (document.collection === 'projects') {
      const project = document.doc as any;
      return { ...document, doc: { ...project, createdAt: learnedAt('ProjectProvisioned', (d) => d.projectId === project.projectId) } };
    }
    if (document.collection !== 'users') return document;
    const user = document.doc as any;
    const tokens = user.tokens.map((token: any) => ({
      ...token,
      tokenId: personalAccessTokenIdOf(token.tokenDigest),
      name: DEFAULT_PERSONAL_ACCESS_TOKEN_NAME,
      createdAt: learnedAt('PersonalAccessTokenIssued', (d) => d.tokenDigest === token.tokenDigest),
    }));
    return { ...document, doc: { ...user, createdAt: learnedAt('UserProvisioned', (d) => d.userId === user.userId), email: null, tokens } };
  });
  return { ...models, directory };
}
/** The moment of the log's last event: statuses are read as they were then. */
const LOG_END = LOG.at(-1)!.metadata.occurredAt as string;
const ROOT = 'glpat-root-0000000000000001';

/** Appends the fixture as it was written: stream by stream at its revisions, in global order. */
async function load(store: EventStore): Promise<void> {
  for (const { streamId, revision, id, type, data, metadata } of LOG) {
    await store.appendToStream(streamId, [{ id, type, data, metadata }], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
  }
}

const byKey = (docs: readonly PersistedDocument[]) => [...docs].sort((a, b) => `${a.collection}/${a.id}`.localeCompare(`${b.collection}/${b.id}`));

/** Every query model folded from `store` from zero, as the engine persists them. */
async function replayAll(store: EventStore): Promise<Record<string, PersistedDocument[]>> {
  const models = SqliteQueryModelStore.open(':memory:');
  try {
    const engine = new ProjectionEngine(store, models, [new DirectoryProjection(), new RunnersProjection(), new JobsProjection()]);
    await engine.start();
    await engine.stop();
    const result: Record<string, PersistedDocument[]> = {};
    for (const name of ['directory', 'runners', 'jobs']) result[name] = byKey((await models.load(name)).documents).map(({ collection, id, doc }) => ({ collection, id: String(id), doc }));
    return result;
  } finally {
    await models.close();
  }
}

describe.each([
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const)('the v1 event log on %s', (_name, kind) => {
  const databases = new ThrowawayDatabases();
  let dataDir: string;
  let env: Record<string, string>;
  let backing: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'event-log-v1-'));
    if (kind === 'sqlite') {
      env = { DATA_DIR: dataDir };
      backing = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    } else {
      env = { DATA_DIR: dataDir, DATABASE_URL: (await databases.create()).connectionString };
      backing = await PostgresEventStore.open({ connectionString: env.DATABASE_URL });
    }
    await load(backing);
  });

  afterAll(async () => {
    await backing.close();
    rmSync(dataDir, { recursive: true, force: true });
    await databases.dropAll();
  });

  it('is stored as written: every event at schema version 1, at its position', async () => {
    const stored = await backing.readAll();
    expect(stored.map((e) => [e.position, e.id, e.metadata.schemaVersion])).toEqual(LOG.map((e) => [e.position, e.id, 1]));
  });

  it('reads back in current shapes through the upcasting store', async () => {
    const upcast = await withDomainUpcasting(backing).readAll();
    expect(upcast).toHaveLength(LOG.length);
    for (const event of upcast) expect([event.type, event.metadata.schemaVersion]).toEqual([event.type, EVENT_SCHEMA_VERSIONS[event.type as DomainEventType]]);
    const creations = upcast.filter((e) => ['RunnerRegistered', 'RunnerCreated', 'RunnerManagerRegistered'].includes(e.type));
    expect(creations).toHaveLength(13);
    for (const event of creations) expect(Object.keys(event.data as object)).toContain('createdAt');
    expect(JSON.stringify(upcast.map((e) => e.data))).not.toContain('registeredAt');
  });

  it('replays into exactly the query models the v1 code folded from it (with the fields added since at their defaults)', async () => {
    expect(await replayAll(withDomainUpcasting(backing))).toEqual(withLaterFields(V1_MODELS, await backing.readAll()));
  });

  it('would not without the upcasters (so the check above is not vacuous)', async () => {
    const raw = await replayAll(backing);
    const expected = withLaterFields(V1_MODELS, await backing.readAll());
    expect(raw.directory).not.toEqual(expected.directory);
    expect(raw.runners).not.toEqual(expected.runners);
  });

  describe('served by the application', () => {
    let app: TestApp;
    const get = async (url: string) => {
      const response = await app.request('GET', url, { token: ROOT });
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      return response.json();
    };

    beforeAll(async () => {
      // The directory comes from the log alone: no seed file.
      app = await startTestApp({ ...env, DIRECTORY_SEED_FILE: 'none' });
      jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(LOG_END));
    });
    afterAll(() => app.stop());

    it('lists the runners the log leaves, as the REST API presents them', async () => {
      const all = await get('/api/v4/runners/all?per_page=100');
      // Runners 5 and 6 were deleted; 1 is back online; 2, 3, 4 went stale; 7 never called.
      expect(all.map((r: any) => [r.id, r.runner_type, r.description, r.paused, r.status])).toEqual([
        [1, 'instance_type', 'builder (amd64)', false, 'online'],
        [2, 'group_type', 'ci group runner', false, 'stale'],
        [3, 'project_type', 'foss runner', false, 'stale'],
        [4, 'project_type', 'alice laptop', false, 'stale'],
        [7, 'group_type', 'newcomer', true, 'never_contacted'],
      ]);
      expect(await get('/api/v4/runners/1')).toMatchObject({
        name: 'builder-01', tag_list: ['linux', 'docker', 'amd64'], run_untagged: false, locked: true, maximum_timeout: 7200,
        maintenance_note: 'rack 4', active: true, online: true, version: '17.6.0', contacted_at: '2026-11-10T11:25:00.000Z',
      });
      expect(await get('/api/v4/runners/2')).toMatchObject({ access_level: 'ref_protected', version: '17.5.1', revision: 'c0ffee00', groups: [{ id: 10 }] });
      expect((await get('/api/v4/runners/3')).projects.map((p: { id: number }) => p.id)).toEqual([1, 4]);
      expect(await get('/api/v4/runners/4')).toMatchObject({ platform: 'darwin', architecture: 'arm64', projects: [{ id: 2 }] });
    });

    it('shows the managers with the creation times the v1 log named registeredAt', async () => {
      const managers = await get('/api/v4/runners/2/managers');
      expect(managers).toEqual([
        expect.objectContaining({ system_id: 's_group_a', version: '17.5.1', created_at: '2026-11-02T08:07:00.000Z', contacted_at: '2026-11-02T08:09:00.000Z', status: 'stale' }),
      ]);
      const builder = await get('/api/v4/runners/1/managers');
      expect(builder.map((m: any) => [m.system_id, m.created_at, m.status])).toEqual([
        ['<legacy>', '2026-11-02T08:24:00.000Z', 'stale'],
        ['s_builder', '2026-11-10T11:25:00.000Z', 'online'],
      ]);
      expect((await get('/api/v4/runners/4/jobs')).map((j: any) => [j.id, j.status, j.duration])).toEqual([[501, 'success', 42.5]]);
    });

    it('shows the history in current shapes and versions', async () => {
      const history = await get('/api/v4/runners/4/history');
      expect(history.map((e: any) => [e.event_type, e.schema_version])).toEqual([
        ['RunnerCreated', 2], ['RunnerManagerRegistered', 2], ['RunnerCreationFinished', 1], ['RunnerContacted', 2], ['RunnerWentOffline', 1], ['RunnerBecameStale', 1],
      ]);
      expect(history[0].changes).toMatchObject({ creator_id: 3, created_at: '2026-11-02T08:16:00.000Z' });
      expect(JSON.stringify(history)).not.toContain('registered_at');
    });

    it('the CLI reads it through the same upcasters', async () => {
      const lines: string[] = [];
      const code = await runCli(['history', '4'], env, { out: async (line) => void lines.push(line), err: (text) => void lines.push(`stderr: ${text}`) });
      expect(code).toBe(0);
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries.map((e) => [e.event_type, e.schema_version])).toEqual([
        ['RunnerCreated', 2], ['RunnerManagerRegistered', 2], ['RunnerCreationFinished', 1], ['RunnerContacted', 2], ['RunnerWentOffline', 1], ['RunnerBecameStale', 1],
      ]);
      expect(entries[1].changes).toMatchObject({ system_id: 's_alice', created_at: '2026-11-02T08:17:00.000Z' });
    });

    it('keeps deciding on it: commands fold the upcast history and append current versions', async () => {
      // Runner 3 owns project 1 and was assigned to 4: only the assignment can go.
      expect((await app.request('DELETE', '/api/v4/projects/1/runners/3', { token: ROOT })).status).toBe(403);
      expect((await app.request('DELETE', '/api/v4/projects/4/runners/3', { token: ROOT })).status).toBe(204);
      const registered = await app.request('POST', '/api/v4/runners', { payload: { token: 'GR1348941-group-9-registration', description: 'after the upgrade' } });
      expect(registered.status).toBe(201);
      expect(registered.json().id).toBe(8); // ids are never reused: 5 and 6 are gone, not free
      expect((await get('/api/v4/runners/3')).projects.map((p: { id: number }) => p.id)).toEqual([1]);
      const stored = await backing.readStream('runner-8');
      expect(stored.map((e) => [e.type, e.metadata.schemaVersion, Object.keys(e.data as object).includes('createdAt')])).toEqual([['RunnerRegistered', 2, true]]);
    });
  });
});

describe('the Kafka relay over the v1 log', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

  it('publishes every event in its current shape, with its current schema version in the header and the CloudEvent', async () => {
    if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run jest with test/kafka/global-setup.ts');
    const dir = mkdtempSync(join(tmpdir(), 'event-log-v1-relay-'));
    const backing = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    const kafka = new Kafka({ clientId: 'event-log-v1-relay', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const consumer = kafka.consumer({ groupId: `event-log-v1-${randomUUID()}` });
    const topic = `event-log-v1-${randomUUID().slice(0, 8)}`;
    const relay = new KafkaRelay(withDomainUpcasting(backing), brokers, { topic, checkpoint: { load: async () => 0, save: async () => undefined }, logLevel: logLevel.NOTHING });
    const received: { headers: Record<string, string>; event: { type: string; schemaversion: number; data: Record<string, unknown> } }[] = [];
    try {
      await load(backing);
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      await relay.start();
      let allReceived!: () => void;
      const done = new Promise<void>((resolve) => (allReceived = resolve));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
          received.push({ headers, event: JSON.parse(message.value!.toString()) });
          if (received.length === LOG.length) allReceived();
        },
      });
      await done;
    } finally {
      await relay.stop();
      await consumer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await backing.close();
      rmSync(dir, { recursive: true, force: true });
    }

    expect(received.map((m) => m.event.type)).toEqual(LOG.map((e) => `runner-registry.${e.type}`));
    for (const { headers, event } of received) {
      const current = EVENT_SCHEMA_VERSIONS[event.type.slice('runner-registry.'.length) as DomainEventType];
      expect([event.type, headers['schema-version'], event.schemaversion]).toEqual([event.type, String(current), current]);
    }
    const created = received.filter((m) => /RunnerRegistered|RunnerCreated|RunnerManagerRegistered/.test(m.event.type));
    expect(created).toHaveLength(13);
    for (const { event } of created) expect([event.type, 'createdAt' in event.data, 'registeredAt' in event.data]).toEqual([event.type, true, false]);
    // The 13 creations, RunnerContacted (7), and the directory's 8 UserProvisioned and 10 PersonalAccessTokenIssued.
    expect(received.filter((m) => m.headers['schema-version'] === '2')).toHaveLength(38);
    const directory = received.filter((m) => /UserProvisioned|PersonalAccessTokenIssued/.test(m.event.type));
    expect(directory).toHaveLength(18);
    for (const { event } of directory) expect(event.data).toHaveProperty('createdAt', null);
  }, 60_000);
});
