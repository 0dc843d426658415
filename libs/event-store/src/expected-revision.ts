import { ExpectedRevision, WrongExpectedRevisionError } from './event-store.port';

/** -1 stands for "the stream does not exist", as in WrongExpectedRevisionError.actual. */
export const NO_STREAM_REVISION = -1;

export function isValidExpectedRevision(expected: unknown): expected is ExpectedRevision {
  return (
    expected === 'any' ||
    expected === 'no_stream' ||
    expected === 'stream_exists' ||
    (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= NO_STREAM_REVISION)
  );
}

/** Throws WrongExpectedRevisionError unless `actual` (the stream's last revision, -1 if none) satisfies `expected`. */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && actual === NO_STREAM_REVISION) ||
    (expected === 'stream_exists' && actual !== NO_STREAM_REVISION) ||
    expected === actual;
  if (!satisfied) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
