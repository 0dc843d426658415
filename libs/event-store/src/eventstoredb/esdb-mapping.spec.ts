import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, STREAM_EXISTS, type RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { assertEsdbEventId, toEsdbExpectedRevision, toEsdbPosition, toPortPosition, toPortRevision, toRecordedEvent } from './esdb-mapping';

describe('EventStoreDB mappings', () => {
  describe('expected revision', () => {
    it.each([
      ['any', ANY],
      ['no_stream', NO_STREAM],
      ['stream_exists', STREAM_EXISTS],
      [0, 0n],
      [41, 41n],
      [-1, NO_STREAM],
    ] as const)('%p becomes %p', (port, esdb) => {
      expect(toEsdbExpectedRevision(port)).toBe(esdb);
    });
  });

  describe("a wrong expected version's actual revision", () => {
    it('is -1 when the stream does not exist', () => {
      expect(toPortRevision(NO_STREAM)).toBe(-1);
    });

    it('is the last revision as a number', () => {
      expect(toPortRevision(0n)).toBe(0);
      expect(toPortRevision(12345n)).toBe(12345);
    });

    it('refuses a revision beyond 2^53', () => {
      expect(() => toPortRevision(2n ** 53n)).toThrow(RangeError);
    });
  });

  describe('positions', () => {
    it('are the log offset of the event (commit = prepare)', () => {
      expect(toPortPosition({ commit: 1234n, prepare: 1234n })).toBe(1234);
    });

    it('map back to the same offset as commit and prepare', () => {
      expect(toEsdbPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
      const largest = Number.MAX_SAFE_INTEGER;
      expect(toPortPosition(toEsdbPosition(largest))).toBe(largest);
    });

    it('keep the order of the log', () => {
      const offsets = [75n, 9_000n, 2n ** 40n, 2n ** 53n - 1n];
      const positions = offsets.map((offset) => toPortPosition({ commit: offset, prepare: offset }));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(offsets.length);
    });

    it('refuse offsets a number cannot hold exactly', () => {
      expect(() => toPortPosition({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
    });

    it('refuse offset 0, which the port reads as "no event"', () => {
      expect(() => toPortPosition({ commit: 0n, prepare: 0n })).toThrow(RangeError);
    });

    it('refuse events of explicit transactions (commit differs from prepare)', () => {
      expect(() => toPortPosition({ commit: 500n, prepare: 400n })).toThrow(/explicit transaction/);
    });

    it.each([0, -5, 1.5, Number.MAX_SAFE_INTEGER + 1])('%p is not a position to map back', (position) => {
      expect(() => toEsdbPosition(position)).toThrow(RangeError);
    });
  });

  describe('recorded events', () => {
    const created = new Date('2026-11-23T20:44:47.123Z');
    const esdbEvent = {
      streamId: 'ns.runner-7',
      id: '6f1c3c1e-8d3b-4b7e-9a51-3f0c7d2a9b10',
      isJson: true,
      revision: 3n,
      type: 'RunnerPaused',
      created,
      data: { runnerId: 7 },
      metadata: { schemaVersion: 1, actor: { kind: 'user', userId: 1 } },
      position: { commit: 4096n, prepare: 4096n },
    } as unknown as EsdbRecordedEvent;

    it("carry the port's stream id, numbers, JSON payloads and the time the server recorded them", () => {
      expect(toRecordedEvent(esdbEvent, 'runner-7')).toEqual({
        id: '6f1c3c1e-8d3b-4b7e-9a51-3f0c7d2a9b10',
        type: 'RunnerPaused',
        data: { runnerId: 7 },
        metadata: { schemaVersion: 1, actor: { kind: 'user', userId: 1 } },
        streamId: 'runner-7',
        revision: 3,
        position: 4096,
        recordedAt: '2026-11-23T20:44:47.123Z',
      });
    });

    it('get {} as metadata when the event has none', () => {
      expect(toRecordedEvent({ ...esdbEvent, metadata: undefined } as EsdbRecordedEvent, 'runner-7').metadata).toEqual({});
    });

    it('need a log position (EventStoreDB 22.6 or later sends it on stream reads)', () => {
      expect(() => toRecordedEvent({ ...esdbEvent, position: undefined } as EsdbRecordedEvent, 'runner-7')).toThrow(/22\.6/);
    });
  });

  describe('event ids', () => {
    it('accept lower-case UUIDs', () => {
      expect(() => assertEsdbEventId('6f1c3c1e-8d3b-4b7e-9a51-3f0c7d2a9b10')).not.toThrow();
    });

    it.each(['6F1C3C1E-8D3B-4B7E-9A51-3F0C7D2A9B10', 'seed-user-1', ''])('refuse %p, which would not come back the same', (id) => {
      expect(() => assertEsdbEventId(id)).toThrow(TypeError);
    });
  });
});
