import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Imported first by main.ts, before anything fills the heap.
 *
 * During a burst of writes V8 lets the old generation grow to several times its live size between
 * full collections, and an idle server may never run the collection that gives it back: with
 * 100,000 runners registered in a burst the service sat at 370-400 MB RSS for 85 MB of live
 * objects. Growing by at most 30 % per collection keeps it at ~290 MB right after the burst and
 * ~205 MB at rest (`npm run bench`). The price is more full collections: it was 13 % more CPU per
 * job request while a poll promoted 8 KB to the old generation; since polls skip Fastify's body
 * parser (4 KB) the difference is lost in the bench's noise. MAX_SEMI_SPACE_MB (smaller young
 * generations, another ~15 MB) is left at V8's default: it cost another 10 %.
 *
 * HEAP_GROWING_PERCENT and MAX_SEMI_SPACE_MB override the values; 0 keeps V8's own.
 */
const tuning = [
  { variable: 'HEAP_GROWING_PERCENT', flag: '--heap-growing-percent', fallback: 30 },
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
