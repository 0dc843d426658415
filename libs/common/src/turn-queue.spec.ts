import { describe, expect, it } from '@jest/globals';
import { TurnQueue } from './turn-queue';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnQueue', () => {
  it('runs one job per turn of the event loop, in order, and passes results and errors through', async () => {
    const queue = new TurnQueue();
    const ran: number[] = [];
    const results = [1, 2, 3].map((n) => queue.run(() => ran.push(n) && n * 10));
    const failed = queue.run(() => {
      throw new Error('refused');
    });
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([1]);
    await nextTurn();
    expect(ran).toEqual([1, 2]);
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
    await expect(failed).rejects.toThrow('refused');
    expect(queue.pending).toBe(0);
  });
});
