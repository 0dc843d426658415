/**
 * The inbound consumer's dead-letter topic, against the real broker: every kind of poison message
 * is parked with its original key, value and headers plus headers saying why and where from, the
 * partition keeps moving (the good message behind them is applied), a plaintext token is never
 * stored or copied, and a transient failure (the event store locked by another process) is retried
 * until it succeeds, never dead-lettered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { projectStreamId } from '@app/domain';
import { DEAD_LETTER_HEADERS } from '@app/kafka/inbound/dead-letter';
import { InboundConsumersService } from '../../apps/runner-registry/src/inbound-consumers.service';
import { eventsFile } from '@app/config/app-config';
import { patOf } from '../support/fixture-directory';
import {
  cloudEvent,
  createInboundTopics,
  deleteInboundTopics,
  disconnectProducer,
  publish,
  sha256,
  startConsumingApp,
  TopicCollector,
  type CollectedMessage,
  type ConsumingApp,
  type InboundTopics,
} from './consumer-test-kit';

const PLAINTEXT = 'glpat-plaintext-must-never-be-stored-0001';
const KEY = projectStreamId(1);
const grantEve = (level: number) => cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: 7, access_level: level });

/** Poison, each with the reason it must be parked for. All share one key, so one partition. */
const POISON: { reason: string; value: unknown }[] = [
  { reason: 'invalid-json', value: '{"specversion": "1.0", "id": ' },
  { reason: 'invalid-json', value: '' },
  { reason: 'invalid-envelope', value: { id: 'no-specversion', source: 'test', type: 'directory.membership.granted', data: {} } },
  { reason: 'unknown-type', value: cloudEvent('directory.user.deleted', { id: 4 }) },
  { reason: 'unsupported-schema-version', value: { ...grantEve(40), schemaversion: 2 } },
  { reason: 'schema-violation', value: cloudEvent('directory.membership.granted', { source: 'project', source_id: 1, user_id: 7, access_level: 45 }) },
  {
    reason: 'plaintext-token',
    value: cloudEvent('directory.user.provisioned', { id: 120, username: 'leaky', personal_access_tokens: [{ token: PLAINTEXT, scopes: ['api'] }] }),
  },
  { reason: 'rejected-by-domain', value: cloudEvent('directory.membership.granted', { source: 'project', source_id: 999, user_id: 7, access_level: 40 }) },
];

describe('inbound dead-letter topic', () => {
  let topics: InboundTopics;
  let app: ConsumingApp;
  let deadLetters: TopicCollector;

  beforeAll(async () => {
    topics = await createInboundTopics(1);
    app = await startConsumingApp(topics);
    deadLetters = await TopicCollector.start(topics.deadLetter);
  }, 60_000);
  afterAll(async () => {
    await deadLetters?.stop();
    await app?.close();
    await disconnectProducer();
    await deleteInboundTopics(topics);
  }, 60_000);

  it('parks every poison message with its reason and source, and applies the good message behind them', async () => {
    expect((await app.request('GET', '/api/v4/projects/1/runners', { token: patOf('eve') })).status).toBe(404);
    await publish(
      topics.directory,
      ...POISON.map(({ value }, i) => ({ key: KEY, value, headers: { traceparent: `00-trace-${i}`, 'x-producer': 'directory-sync' } })),
      { key: KEY, value: grantEve(40) },
    );
    const processed = await app.processedCount(topics.directory, POISON.length + 1);
    expect(processed.map((p) => p.outcome)).toEqual([...POISON.map(() => 'dead-lettered'), 'applied']);
    // The good message was behind every poison message on the same partition.
    expect((await app.request('GET', '/api/v4/projects/1/runners', { token: patOf('eve') })).status).toBe(200);

    const letters = await deadLetters.waitForCount(POISON.length);
    expect(letters).toHaveLength(POISON.length);
    letters.forEach((letter: CollectedMessage, i) => {
      const { reason, value } = POISON[i];
      expect(letter.headers[DEAD_LETTER_HEADERS.reason]).toBe(reason);
      expect(letter.headers[DEAD_LETTER_HEADERS.detail]).toEqual(expect.any(String));
      expect(letter.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(topics.directory);
      expect(letter.headers[DEAD_LETTER_HEADERS.sourcePartition]).toBe(String(processed[i].partition));
      expect(letter.headers[DEAD_LETTER_HEADERS.sourceOffset]).toBe(processed[i].offset);
      expect(letter.headers[DEAD_LETTER_HEADERS.consumerGroup]).toBe(topics.group);
      expect(letter.headers).toMatchObject({ traceparent: `00-trace-${i}`, 'x-producer': 'directory-sync' });
      expect(letter.key).toBe(KEY);
      if (reason !== 'plaintext-token') expect(letter.value ?? '').toBe(typeof value === 'string' ? value : JSON.stringify(value));
    });
    expect(letters.map((l) => l.headers[DEAD_LETTER_HEADERS.detail])).toEqual([
      expect.stringContaining('not JSON'),
      'the message has no value',
      expect.stringContaining("must have required property 'specversion'"),
      expect.stringContaining('no type "directory.user.deleted"'),
      expect.stringContaining('no schema version 2'),
      'data.access_level must be equal to one of the allowed values',
      'tokens must arrive as SHA-256 digests; plaintext at $.data.personal_access_tokens[0].token',
      'GrantMemberAccess on project-999: not_found (Project)',
    ]);
  });

  it('a plaintext token is redacted in the dead letter and stored nowhere', async () => {
    const letter = deadLetters.messages.find((m) => m.headers[DEAD_LETTER_HEADERS.reason] === 'plaintext-token')!;
    expect(letter.headers[DEAD_LETTER_HEADERS.redacted]).toBe('plaintext-token');
    expect(JSON.parse(letter.value!).data).toEqual({ id: 120, username: 'leaky', personal_access_tokens: [{ token: '[REDACTED]', scopes: ['api'] }] });
    for (const m of deadLetters.messages) expect(JSON.stringify(m)).not.toContain(PLAINTEXT);

    // Neither the user nor the token made it in, in any form.
    expect((await app.request('GET', '/api/v4/runners', { token: PLAINTEXT })).status).toBe(401);
    for (const file of readdirSync(app.config.dataDir)) {
      const bytes = readFileSync(join(app.config.dataDir, file));
      expect(bytes.includes(PLAINTEXT)).toBe(false);
      expect(bytes.includes(sha256(PLAINTEXT))).toBe(false);
    }
  });

  it('a transient failure (the event store locked by another process) is retried until it succeeds, not dead-lettered', async () => {
    const consumer = app.app.get(InboundConsumersService).consumer;
    const before = deadLetters.messages.length;
    const processedBefore = app.processed.length;
    const lock = new Database(eventsFile(app.config));
    lock.exec('BEGIN EXCLUSIVE');
    const firstRetry = new Promise<unknown>((resolve) => consumer.retryListeners.add((error) => resolve(error)));
    try {
      await publish(topics.directory, { key: KEY, value: grantEve(30) });
      expect(String(await firstRetry)).toMatch(/SQLITE_BUSY|locked/i);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    const processed = await app.processedCount(topics.directory, processedBefore + 1);
    expect(processed[processed.length - 1].outcome).toBe('applied');
    expect(deadLetters.messages).toHaveLength(before);
    expect((await app.request('GET', '/api/v4/projects/1/runners', { token: patOf('eve') })).status).toBe(403); // now a Developer
  }, 60_000);
});
