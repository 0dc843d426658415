import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Makes the calling thread (a worker thread doing background work: the Kafka relay catching up, WAL
 * checkpoints) yield the CPU to the service's event loop whenever both want it: on Linux a thread
 * has its own nice value, set through its thread id (`/proc/thread-self` names it). Raising it
 * needs no privilege. Elsewhere it does nothing and says so (false). The thread's own work is not
 * slowed while a core is free, only when it competes with requests for one.
 */
export function lowerThisThreadPriority(niceness: number): boolean {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(threadId)) return false;
    setPriority(threadId, Math.max(getPriority(threadId), niceness));
    return true;
  } catch {
    return false;
  }
}
