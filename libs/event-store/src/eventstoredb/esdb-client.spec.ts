import { describe, expect, it, jest } from '@jest/globals';
import * as client from '@eventstore/db-client';
import { ESDB } from './esdb-client';

describe('the EventStoreDB client module', () => {
  it('is not loaded by importing the library (it costs ~200 ms of start-up)', () => {
    jest.isolateModules(() => {
      jest.doMock('@eventstore/db-client', () => {
        throw new Error('@eventstore/db-client was loaded');
      });
      expect(() => require('..')).not.toThrow();
      jest.dontMock('@eventstore/db-client');
    });
  });

  it("spells the client's constants as the client does", () => {
    expect(ESDB).toEqual({
      ANY: client.ANY,
      NO_STREAM: client.NO_STREAM,
      STREAM_EXISTS: client.STREAM_EXISTS,
      START: client.START,
      END: client.END,
      FORWARDS: client.FORWARDS,
      BACKWARDS: client.BACKWARDS,
    });
  });
});
