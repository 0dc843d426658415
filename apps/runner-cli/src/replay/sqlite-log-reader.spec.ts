import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerContactStreamId } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { SqliteLogReader } from './sqlite-log-reader';

const STREAMS = [
  'instance-settings',
  'runner-1',
  'runner-2',
  runnerContactStreamId(2, 's_a'),
  'runner-12',
  runnerContactStreamId(13, 's_b'),
  'job-1',
  'user-1',
  'runner-3',
  runnerContactStreamId(3, 's_c'),
];

describe('the replay reader of the embedded log', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rr-log-reader-'));
    file = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ file });
    for (const streamId of STREAMS) {
      await store.appendToStream(streamId, [{ id: `id-${streamId}`, type: 'Something', data: { streamId }, metadata: { schemaVersion: 1, actor: { type: 'system' } } }]);
    }
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const streamsRead = async (names: string[], shard?: { modulus: number; residues: number[] }) => {
    const reader = new SqliteLogReader(file, names, shard);
    try {
      return (await reader.readAll()).map((event) => event.streamId);
    } finally {
      reader.close();
    }
  };

  it('reads only the streams of the query models asked for, in log order', async () => {
    expect(await streamsRead(['jobs', 'directory'])).toEqual(['instance-settings', 'job-1', 'user-1']);
    expect(await streamsRead(['runners'])).toEqual(STREAMS.filter((s) => s.startsWith('runner-')));
  });

  it('reads one shard of the runners: their own streams and their contact streams, by the runner id in the name', async () => {
    expect(await streamsRead(['runners'], { modulus: 2, residues: [0] })).toEqual(['runner-2', runnerContactStreamId(2, 's_a'), 'runner-12']);
    expect(await streamsRead(['directory', 'jobs'], { modulus: 2, residues: [1] })).toEqual([
      'instance-settings',
      'runner-1',
      runnerContactStreamId(13, 's_b'),
      'job-1',
      'user-1',
      'runner-3',
      runnerContactStreamId(3, 's_c'),
    ]);
  });

  it('reads a shard whose residues are a range, or scattered, as the list of its residues says', async () => {
    // Runners 1, 2, 3, 12 and 13: residues modulo 4 are 1, 2, 3, 0 and 1.
    const runnerStreams = STREAMS.filter((s) => s.startsWith('runner-'));
    const ofResidues = (residues: number[]) => runnerStreams.filter((s) => residues.includes(Number(/\d+/.exec(s)![0]) % 4));
    for (const residues of [[1, 2], [3, 1], [0, 2], [2, 1, 3], [0]]) {
      expect(await streamsRead(['runners'], { modulus: 4, residues })).toEqual(ofResidues(residues));
    }
  });

  it('keeps of each row what a fold reads: data, type, position and the schema version', async () => {
    const reader = new SqliteLogReader(file, ['runners']);
    try {
      const [first] = await reader.readAll({ maxCount: 1 });
      expect(first).toMatchObject({ streamId: 'runner-1', type: 'Something', data: { streamId: 'runner-1' }, metadata: { schemaVersion: 1 }, position: 2 });
    } finally {
      reader.close();
    }
  });

  it('reads the record time of directory events only: a reader of runners, jobs or the status history leaves the column out', async () => {
    const recordedAts = async (names: string[]) => {
      const reader = new SqliteLogReader(file, names);
      try {
        return Object.fromEntries((await reader.readAll()).map((event) => [event.streamId, event.recordedAt]));
      } finally {
        reader.close();
      }
    };
    const directory = await recordedAts(['directory', 'jobs']);
    expect(directory['user-1']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(directory['instance-settings']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(directory['job-1']).toBe('');
    expect(new Set(Object.values(await recordedAts(['runners', 'jobs', 'status-history'])))).toEqual(new Set(['']));
  });

  it('reads every text as it is stored, whatever it holds, and fails on data that is not one JSON value', async () => {
    const db = new Database(file);
    const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, 0, ?, ?, ?, ?)');
    const streamId = 'user-"odd"\\ \u0001 é';
    try {
      insert.run('odd-1', streamId, 'Type "quoted"\n', '{"text":"a\\"b","list":[1,null]}', '{"schemaVersion":1}', '2026-12-05T00:00:00.000Z');
      const reader = new SqliteLogReader(file, ['directory']);
      try {
        const odd = (await reader.readAll()).find((event) => event.streamId === streamId);
        expect(odd).toMatchObject({ type: 'Type "quoted"\n', data: { text: 'a"b', list: [1, null] }, recordedAt: '2026-12-05T00:00:00.000Z' });
      } finally {
        reader.close();
      }
      insert.run('odd-2', 'user-odd-2', 'Something', '{},"extra"', '{"schemaVersion":1}', '2026-12-05T00:00:00.000Z');
      const reader2 = new SqliteLogReader(file, ['directory']);
      try {
        await expect(reader2.readAll()).rejects.toThrow(/not one JSON value/);
      } finally {
        reader2.close();
      }
    } finally {
      db.prepare("DELETE FROM events WHERE event_id IN ('odd-1', 'odd-2')").run();
      db.close();
    }
  });

  it('reads the schema version as json_extract does, whatever the metadata text looks like', async () => {
    const texts = [
      '{"actor":{"type":"system"},"schemaVersion":2}',
      '{"schemaVersion":3,"actor":{"type":"system"}}',
      '{"actor":{"type":"system","schemaVersion":2}}',
      '{"note":"ends like \\"schemaVersion\\":2}"}',
      '{"actor":{"type":"system"}}',
      '{"actor":null,"schemaVersion":12}',
      '{"schemaVersion": 2 }',
      '{"a":"é","schemaVersion":1}',
      '{"schemaVersion":"2"}',
      '{"schemaVersion":2.5}',
      '{"schemaVersion":[2]}',
      '{"schemaVersion":{"v":2}}',
    ];
    const db = new Database(file);
    try {
      const insert = db.prepare("INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, 'runner-99', ?, 'Something', '{}', ?, '2026-12-05T00:00:00.000Z')");
      texts.forEach((text, i) => insert.run(`meta-${i}`, i, text));
      const expected = db.prepare("SELECT json_extract(metadata, '$.schemaVersion') FROM events WHERE stream_id = 'runner-99' ORDER BY position").pluck().all();
      expect(expected).toEqual([2, 3, null, null, null, 12, 2, 1, '2', 2.5, '[2]', '{"v":2}']);
      const reader = new SqliteLogReader(file, ['runners']);
      try {
        const read = (await reader.readAll()).filter((event) => event.streamId === 'runner-99');
        expect(read.map((event) => (event.metadata as { schemaVersion?: unknown }).schemaVersion ?? null)).toEqual(expected);
      } finally {
        reader.close();
      }
    } finally {
      db.prepare("DELETE FROM events WHERE stream_id = 'runner-99'").run();
      db.close();
    }
  });
});
