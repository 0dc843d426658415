import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import type { ProducerRecord } from 'kafkajs';
import { FileCheckpoint } from './file-checkpoint';
import { KafkaRelay, RelayProducer } from './kafka-relay';
import { RelayCheckpoint } from './checkpoint';

/** A producer whose send() fails while `failing` > 0; records every attempt. */
function fakeProducer() {
  const attempts: string[][] = [];
  const state = { failing: 0, onAttempt: (): void => undefined };
  const producer: RelayProducer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async (record: ProducerRecord) => {
      attempts.push(record.messages.map((m) => String(m.headers!['event-id'])));
      state.onAttempt();
      if (state.failing > 0) {
        state.failing--;
        throw new Error('broker unavailable');
      }
      return [];
    },
  };
  return { producer, attempts, state };
}

function memoryCheckpoint(onSave: (position: number) => void = () => undefined): RelayCheckpoint & { saved: number[] } {
  const saved: number[] = [];
  return { saved, load: async () => saved[saved.length - 1] ?? 0, save: async (p) => void (saved.push(p), onSave(p)) };
}

describe('KafkaRelay retries', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-relay-spec-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) await store.appendToStream('runner-1', [{ id, type: 'RunnerPaused', data: { runnerId: 1 }, metadata: {} }]);
    return ids;
  }

  it('retries the same batch until the broker accepts it, and checkpoints only then', async () => {
    const ids = await append(6);
    const { producer, attempts, state } = fakeProducer();
    state.failing = 3;
    let done!: () => void;
    const allSaved = new Promise<void>((resolve) => (done = resolve));
    const checkpoint = memoryCheckpoint((p) => p === 6 && done());
    const errors: number[] = [];
    const relay = new KafkaRelay(store, [], { checkpoint, batchSize: 3, producer, retry: { initialMs: 1, maxMs: 4 }, onError: (_e, n) => errors.push(n) });
    await relay.start();
    await allSaved;
    await relay.stop();

    expect(errors).toEqual([1, 2, 3]);
    expect(attempts).toEqual([ids.slice(0, 3), ids.slice(0, 3), ids.slice(0, 3), ids.slice(0, 3), ids.slice(3, 6)]);
    expect(checkpoint.saved).toEqual([3, 6]);
  });

  it('stop() ends a retry loop without checkpointing the unsent batch', async () => {
    await append(2);
    const { producer, state } = fakeProducer();
    state.failing = Number.POSITIVE_INFINITY;
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    state.onAttempt = () => firstAttempt();
    const checkpoint = memoryCheckpoint();
    const relay = new KafkaRelay(store, [], { checkpoint, producer, retry: { initialMs: 60_000 } });
    await relay.start();
    await attempted;
    await relay.stop(); // would hang for a minute if the backoff were not woken
    expect(checkpoint.saved).toEqual([]);
    expect(relay.position).toBe(0);
  });

  it('stop() during a send lets the batch finish and saves its checkpoint, so a restart sends nothing again', async () => {
    await append(3);
    let acknowledge!: () => void;
    let sending!: () => void;
    const sendStarted = new Promise<void>((resolve) => (sending = resolve));
    const producer: RelayProducer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: () => {
        sending();
        return new Promise((resolve) => (acknowledge = () => resolve([])));
      },
    };
    const checkpoint = memoryCheckpoint();
    const relay = new KafkaRelay(store, [], { checkpoint, producer });
    await relay.start();
    await sendStarted;
    const stopped = relay.stop();
    acknowledge();
    await stopped;
    expect(checkpoint.saved).toEqual([3]);
  });
});

describe('FileCheckpoint', () => {
  it('loads 0 when absent, then the last saved position; leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-checkpoint-'));
    try {
      const checkpoint = new FileCheckpoint(join(dir, 'nested', 'relay.json'));
      expect(await checkpoint.load()).toBe(0);
      await checkpoint.save(41);
      await checkpoint.save(42);
      expect(await new FileCheckpoint(checkpoint.file).load()).toBe(42);
      expect(readdirSync(join(dir, 'nested'))).toEqual(['relay.json']);
      await expect(checkpoint.save(-1)).rejects.toThrow('Invalid checkpoint position');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
