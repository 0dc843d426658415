import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Imported first by main.ts, before anything fills the heap.
 *
 * During a burst of writes V8 lets the old generation grow to several times its live size between
 * full collections, and an idle server may never run the collection that gives it back: with
 * 100,000 runners registered in a burst the service sat at 370-400 MB RSS for 85 MB of live
 * objects. Growing by at most 50 % per collection keeps it at ~300 MB right after the burst and
 * ~208 MB at rest (`npm run bench`).
 *
 * It was 30 %, with the same RSS at rest (207 MB) and 288 MB after the burst, but with it every
 * `process.nextTick` of the API's thread took V8's slow path (each tick object's literal went
 * through Runtime_DefineKeyedOwnPropertyInLiteral in `perf`: 300-600 ns a tick instead of 60),
 * which was about a tenth of a `GET /runners/:id`'s CPU. At 50 % and at V8's own setting it does not
 * happen; at 20, 30, 31 and 40 it did, from the first second after start, set at run time or on the
 * command line alike. Side by side, alternating, 10,000 runners: 26.5-27.6 µs a detail read at 50 %
 * against 30.9-31.2 µs at 30 % on a quiet machine (44-49 against 51-64 µs on a busy one).
 * MAX_SEMI_SPACE_MB (smaller young generations, another ~15 MB) is left at V8's default: it cost
 * another 10 %.
 *
 * HEAP_GROWING_PERCENT and MAX_SEMI_SPACE_MB override the values; 0 keeps V8's own.
 */
const tuning = [
  { variable: 'HEAP_GROWING_PERCENT', flag: '--heap-growing-percent', fallback: 50 },
  { variable: 'MAX_SEMI_SPACE_MB', flag: '--max-semi-space-size', fallback: 0 },
];

for (const { variable, flag, fallback } of tuning) {
  const raw = process.env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${variable} must be a non-negative integer, got "${raw}"`);
  if (value > 0) setFlagsFromString(`${flag}=${value}`);
}

/**
 * Once, after start: catching up and indexing a large fleet leaves the old generation at about
 * twice its live size (every document decoded, then compacted), and an idle server never runs the
 * collection that would give that back (100,000 runners: ~390 MB RSS for ~95 MB of live objects).
 * One full, memory-reducing collection right after start costs some 100 ms per 100,000 runners,
 * before the first request is served.
 */
export function releaseStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  // The last-resort flavour is the one that also shrinks the heap and hands the pages back.
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
