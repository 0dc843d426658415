/**
 * Performance API marks the browser bench reads (test/bench/browser-bench.ts): their startTime is
 * relative to the navigation's start, so "first list paint" is the first mark's startTime.
 * Marked after the browser has painted the committed DOM (the frame after the next one).
 */
export function markPainted(name: string, detail?: unknown): void {
  requestAnimationFrame(() => setTimeout(() => performance.mark(name, { detail })));
}
