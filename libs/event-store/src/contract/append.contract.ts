import { ExpectedRevision } from '../event-store.port';
import { ContractContext } from './contract-fixture';
import { jestApi } from './jest-api';
import { isWrongExpectedRevision, newEvent, newEvents, newStreamId, rejectionOf } from './test-events';

export function appendContract(ctx: ContractContext): void {
  const { describe, it, expect } = jestApi();

  describe('appending', () => {
    it('records data and metadata and reads them back', async () => {
      const streamId = newStreamId();
      const data = { name: 'runner-1', tags: ['docker', 'linux'], nested: { n: 1.5, ok: true, none: null } };
      const first = newEvent(data, 'RunnerRegistered');
      const second = { id: newEvent().id, type: 'RunnerPaused', data: 'żółw ✓', metadata: { causationId: 'c', userId: 42 } };

      const result = await ctx.store.appendToStream(streamId, [first, second]);
      const events = await ctx.store.readStream(streamId);

      expect(events).toHaveLength(2);
      expect(events[0]).toMatchObject({ ...first, streamId, revision: 0 });
      expect(events[1]).toMatchObject({ ...second, streamId, revision: 1 });
      expect(events[0].position).toBeGreaterThan(0);
      expect(events[1].position).toBeGreaterThan(events[0].position);
      expect(result).toEqual({ nextExpectedRevision: 1, position: events[1].position });
      for (const event of events) expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
    });

    it('chains appends by passing nextExpectedRevision along', async () => {
      const streamId = newStreamId();
      let expectedRevision: ExpectedRevision = 'no_stream';
      for (let i = 0; i < 5; i++) {
        const result = await ctx.store.appendToStream(streamId, newEvents(2), { expectedRevision });
        expect(result.nextExpectedRevision).toBe(2 * i + 1);
        expectedRevision = result.nextExpectedRevision;
      }
      expect((await ctx.store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('treats an empty append as a no-op that still checks the expected revision', async () => {
      const streamId = newStreamId();
      expect(await ctx.store.appendToStream(streamId, [])).toMatchObject({ nextExpectedRevision: -1 });
      const written = await ctx.store.appendToStream(streamId, newEvents(2));
      const headBefore = await ctx.store.headPosition();

      expect(await ctx.store.appendToStream(streamId, [], { expectedRevision: 1 })).toEqual(written);
      const error = await rejectionOf(ctx.store.appendToStream(streamId, [], { expectedRevision: 'no_stream' }));

      expect(isWrongExpectedRevision(error, { streamId, expected: 'no_stream', actual: 1 })).toBe(true);
      expect(await ctx.store.headPosition()).toBe(headBefore);
    });

    describe('expected revision', () => {
      // `existing` streams hold two events (last revision 1); `missing` ones hold none.
      const cases: Array<{ expected: ExpectedRevision | undefined; stream: 'existing' | 'missing'; accepted: boolean }> = [
        { expected: undefined, stream: 'missing', accepted: true },
        { expected: undefined, stream: 'existing', accepted: true },
        { expected: 'any', stream: 'missing', accepted: true },
        { expected: 'any', stream: 'existing', accepted: true },
        { expected: 'no_stream', stream: 'missing', accepted: true },
        { expected: 'no_stream', stream: 'existing', accepted: false },
        { expected: 'stream_exists', stream: 'missing', accepted: false },
        { expected: 'stream_exists', stream: 'existing', accepted: true },
        { expected: 1, stream: 'existing', accepted: true },
        { expected: 0, stream: 'existing', accepted: false },
        { expected: 2, stream: 'existing', accepted: false },
        { expected: 0, stream: 'missing', accepted: false },
      ];

      for (const { expected, stream, accepted } of cases) {
        const title = `${String(expected ?? 'default (any)')} on a ${stream} stream is ${accepted ? 'accepted' : 'rejected'}`;
        it(title, async () => {
          const streamId = newStreamId();
          if (stream === 'existing') await ctx.store.appendToStream(streamId, newEvents(2));
          const actual = stream === 'existing' ? 1 : -1;
          const before = await ctx.store.readStream(streamId);
          const headBefore = await ctx.store.headPosition();
          const options = expected === undefined ? undefined : { expectedRevision: expected };
          const attempt = ctx.store.appendToStream(streamId, [newEvent()], options);

          if (accepted) {
            const result = await attempt;
            expect(result.nextExpectedRevision).toBe(actual + 1);
            expect(result.position).toBeGreaterThan(headBefore);
            expect(await ctx.store.readStream(streamId)).toHaveLength(before.length + 1);
          } else {
            const error = await rejectionOf(attempt);
            expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', streamId, expected, actual });
            expect(isWrongExpectedRevision(error, { streamId, expected: expected!, actual })).toBe(true);
            // A rejected append writes nothing, anywhere.
            expect(await ctx.store.readStream(streamId)).toEqual(before);
            expect(await ctx.store.headPosition()).toBe(headBefore);
          }
        });
      }

      it('rejects all events of a conflicting multi-event append', async () => {
        const streamId = newStreamId();
        await ctx.store.appendToStream(streamId, newEvents(1));
        const headBefore = await ctx.store.headPosition();

        await expect(ctx.store.appendToStream(streamId, newEvents(3), { expectedRevision: 'no_stream' })).rejects.toThrow();

        expect(await ctx.store.readStream(streamId)).toHaveLength(1);
        expect(await ctx.store.readAll({ after: headBefore })).toEqual([]);
      });
    });
  });
}
