/**
 * runner-registry.job-events against the real broker: job events published on Kafka (the contract
 * of POST /api/v4/internal/job_events, in a CloudEvent of type job.changed, keyed by job id) feed
 * GET /runners/:id/jobs through the same RecordJobEvents command; a redelivered message never
 * rewinds a job; invalid job events are dead-lettered and the partition moves on.
 */
import { jobStreamId } from '@app/domain';
import { jobEvent } from '../support/job-events';
import { DEAD_LETTER_HEADERS } from '@app/kafka/inbound/dead-letter';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { cloudEvent, consumerSuite, TopicCollector } from './consumer-test-kit';

const jobChanged = (data: Record<string, unknown>) => cloudEvent('job.changed', data, { source: 'gitlab.example.com/ci' });

describe('job-events consumer', () => {
  const suite = consumerSuite('jobs');
  const { send } = suite;
  let runnerId: number;

  const jobs = async () =>
    (await suite.app.request('GET', `/api/v4/runners/${runnerId}/jobs`, { token: patOf('root'), query: { per_page: '100' } })).json<{ id: number; status: string }[]>();

  beforeAll(async () => {
    runnerId = (await suite.app.request('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN } })).json().id;
  });

  it('job events on Kafka feed GET /runners/:id/jobs', async () => {
    expect(await jobs()).toEqual([]);
    expect(
      await send(
        { key: '41', value: jobChanged(jobEvent(41, runnerId, { status: 'running', finished_at: null })) },
        { key: '42', value: jobChanged(jobEvent(42, runnerId)) },
        { key: '43', value: jobChanged(jobEvent(43, null, { status: 'pending' })) },
      ),
    ).toEqual(['applied', 'applied', 'applied']);
    expect((await jobs()).map((j) => [j.id, j.status])).toEqual([[41, 'running'], [42, 'success']]);
    const [recorded] = await suite.store.readStream(jobStreamId(41));
    expect(recorded.metadata.actor).toEqual({ type: 'system', name: 'kafka:job-events' });
  });

  it('the same message twice changes nothing, even after the job moved on', async () => {
    const running = jobChanged(jobEvent(44, runnerId, { status: 'running', finished_at: null }));
    const success = jobChanged(jobEvent(44, runnerId));
    expect(await send({ key: '44', value: running }, { key: '44', value: success })).toEqual(['applied', 'applied']);

    // Deciding again would record "running" over "success": the message's event id is already stored.
    expect(await send({ key: '44', value: running })).toEqual(['applied']);
    expect(await suite.store.readStream(jobStreamId(44))).toHaveLength(2);
    expect((await jobs()).find((j) => j.id === 44)?.status).toBe('success');
  });

  it('a redelivery right behind the original is unchanged, and recognised as a duplicate later on', async () => {
    const running = jobChanged(jobEvent(46, runnerId, { status: 'running', finished_at: null }));
    expect(await send({ key: '46', value: running }, { key: '46', value: running })).toEqual(['applied', 'unchanged']);
    expect(await send({ key: '46', value: jobChanged(jobEvent(46, runnerId)) }, { key: '46', value: running })).toEqual(['applied', 'duplicate']);
    expect(await suite.store.readStream(jobStreamId(46))).toHaveLength(2);
    expect((await jobs()).find((j) => j.id === 46)?.status).toBe('success');
  });

  it('invalid job events are dead-lettered; the next event on the partition is still recorded', async () => {
    const deadLetters = await TopicCollector.start(suite.topics.deadLetter);
    try {
      const { project_id: _p, ...noProject } = jobEvent(45, runnerId);
      expect(
        await send(
          { key: '45', value: jobChanged(noProject) },
          { key: '45', value: jobChanged(jobEvent(45, runnerId, { status: 'finished' })) },
          { key: '45', value: cloudEvent('job.deleted', { id: 45 }) },
          { key: '45', value: jobChanged(jobEvent(45, runnerId)) },
        ),
      ).toEqual(['dead-lettered', 'dead-lettered', 'dead-lettered', 'applied']);
      const letters = await deadLetters.waitForCount(3);
      expect(letters.map((l) => [l.headers[DEAD_LETTER_HEADERS.reason], l.headers[DEAD_LETTER_HEADERS.detail]])).toEqual([
        ['schema-violation', 'data[project_id] is missing'],
        ['rejected-by-domain', 'data.status is not included in the list'],
        ['unknown-type', expect.stringContaining('no type "job.deleted"')],
      ]);
      expect((await jobs()).find((j) => j.id === 45)?.status).toBe('success');
    } finally {
      await deadLetters.stop();
    }
  });

  it('a consumer group reading the whole topic again changes no job (a crash redelivers a tail the same way)', async () => {
    const before = await jobs();
    const streams = await Promise.all(before.map(async (j) => [j.id, (await suite.store.readStream(jobStreamId(j.id))).length]));
    await suite.restart({ ...suite.topics, group: `${suite.topics.group}-replay` }, { DATA_DIR: suite.app.config.dataDir });
    const replayed = await suite.app.processedCount(suite.topics.jobs, suite.published);
    expect(replayed.filter((p) => p.outcome === 'dead-lettered')).toHaveLength(3);
    expect(await jobs()).toEqual(before);
    expect(await Promise.all(before.map(async (j) => [j.id, (await suite.store.readStream(jobStreamId(j.id))).length]))).toEqual(streams);
  });
});
