import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RUNNER_ATTRIBUTES,
  EMPTY_MANAGER_INFO,
  fold,
  RUNNER_EVENT_SCHEMA_VERSIONS,
  runnerDecider,
  type RunnerCommand,
  type RunnerEvent,
  type RunnerState,
} from '@app/domain';
import { deepFreeze } from '../../../../test/support/deep-freeze';
import type { EventStore } from '../event-store.port';
import { tempSqliteFile, type TempSqliteFile } from '../sqlite/test-fixtures/temp-store';
import { DecidedStateCache, type DecidedState } from './decided-state-cache';
import { executeDeciderCommand } from './decider-command';
import { testContext } from './test-fixtures/counter';

/** Freezes every state it is handed and keeps a copy of how it looked, to compare at the end. */
class FreezingCache extends DecidedStateCache<RunnerState> {
  readonly kept: Array<{ entry: DecidedState<RunnerState>; json: string }> = [];

  override set(streamId: string, entry: DecidedState<RunnerState>): void {
    this.kept.push({ entry: deepFreeze(entry), json: JSON.stringify(entry) });
    super.set(streamId, entry);
  }
}

const now = '2026-11-23T10:00:00.000Z';
const runnerId = 7;
const policy = { contactThrottleSeconds: 900, onlineTimeoutSeconds: 7200 };
const heartbeat = (systemId: string, version: string): RunnerCommand => ({
  type: 'RecordHeartbeat',
  runnerId,
  heartbeat: { systemId, info: { ...EMPTY_MANAGER_INFO, version }, ipAddress: '10.0.0.1', finishCreation: true, now },
  policy,
});

describe('cached runner states', () => {
  let temp: TempSqliteFile;
  let store: EventStore;
  let cache: FreezingCache;
  const run = (command: RunnerCommand) =>
    executeDeciderCommand({ store, streamId: 'runner-7', decider: runnerDecider, command, context: testContext, schemaVersions: RUNNER_EVENT_SCHEMA_VERSIONS, cache, maxAttempts: 100 });

  beforeEach(() => {
    temp = tempSqliteFile();
    store = temp.open();
    cache = new FreezingCache({ maxEntries: 4 });
  });
  afterEach(() => temp.cleanup());

  it('are never written into by a later command, and always equal the fold of the stream', async () => {
    await run({
      type: 'RegisterRunner', runnerId, runnerType: 'instance_type', registrationType: 'authenticated_user', groupId: null, projectId: null,
      name: 'host', attributes: DEFAULT_RUNNER_ATTRIBUTES, creationState: 'started', creatorId: 1, tokenDigest: 'digest-1', tokenExpiresAt: null, now,
    });
    // Concurrent heartbeats of 60 managers (registered, contacted), then upgrades of some, deletes of others.
    await Promise.all(Array.from({ length: 60 }, (_, i) => run(heartbeat(`s_${i}`, '17.0.0'))));
    await Promise.all(Array.from({ length: 20 }, (_, i) => run(heartbeat(`s_${i * 3}`, '17.1.0'))));
    await Promise.all(Array.from({ length: 12 }, (_, i) => run({ type: 'DeleteRunnerManager', runnerId, systemId: `s_${i * 5}`, now })));
    const last = await run({ type: 'UpdateRunner', runnerId, changes: { description: 'renamed' }, paused: true, now });

    // Every state the cache was ever given still looks as it did then (and, frozen, could not have changed).
    expect(cache.kept.length).toBeGreaterThan(90);
    for (const { entry, json } of cache.kept) expect(JSON.stringify(entry)).toBe(json);

    const recorded = await store.readStream('runner-7');
    const fromScratch = fold(runnerDecider, recorded.map((event) => ({ type: event.type, data: event.data }) as RunnerEvent));
    expect(last.ok && JSON.stringify(last.state)).toBe(JSON.stringify(fromScratch));
    expect(cache.get('runner-7')?.revision).toBe(recorded.length - 1);
    if (fromScratch.status !== 'registered') throw new Error('runner expected registered');
    expect(fromScratch.managers.size).toBe(48);
    expect(fromScratch.managers.get('s_3')?.info.version).toBe('17.1.0');
  });
});
