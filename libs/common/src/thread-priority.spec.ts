import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lowerThisThreadPriority } from './thread-priority';

/** The nice value of the calling thread, as the kernel has it (field 19 of its stat line). */
const niceOfThisThread = `
  const { readFileSync } = require('node:fs');
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
`;

describe('lowerThisThreadPriority', () => {
  if (process.platform !== 'linux') {
    it('does nothing off Linux', () => {
      console.log('thread-priority: not Linux, only the no-op is tested');
      expect(lowerThisThreadPriority(10)).toBe(false);
    });
    return;
  }

  // A worker thread runs plain JavaScript: the compiled module (npm test builds before it runs jest).
  const compiled = resolve(__dirname, '../../../dist/libs/common/src/thread-priority.js');
  const built = existsSync(compiled);
  if (!built) console.log(`thread-priority: skipped, ${compiled} is not built (npm test builds it before running jest)`);

  (built ? it : it.skip)('lowers the calling worker thread only, never the process or its event loop', async () => {
    const main = new Function('require', niceOfThisThread)(require) as number;
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { lowerThisThreadPriority } = require(workerData.module);
      const nice = () => { ${niceOfThisThread} };
      const lowered = lowerThisThreadPriority(10);
      parentPort.postMessage({ lowered, nice: nice(), again: (lowerThisThreadPriority(5), nice()) });
    `;
    const worker = new Worker(source, { eval: true, workerData: { module: compiled } });
    const result = await new Promise<{ lowered: boolean; nice: number; again: number }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(result).toEqual({ lowered: true, nice: Math.max(main, 10), again: Math.max(main, 10) });
    expect(new Function('require', niceOfThisThread)(require)).toBe(main);
    // The process as a whole (its main thread's entry) is untouched too.
    const processStat = readFileSync('/proc/self/stat', 'utf8');
    expect(Number(processStat.slice(processStat.lastIndexOf(')') + 2).split(' ')[16])).toBe(main);
  });
});
