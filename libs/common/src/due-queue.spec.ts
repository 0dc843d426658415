import { describe, expect, it } from '@jest/globals';
import { DueQueue } from './due-queue';

describe('DueQueue', () => {
  it('hands out ids in due order, only once due', () => {
    const queue = new DueQueue();
    [[3, 30], [1, 10], [2, 20], [4, 40]].forEach(([id, due]) => queue.schedule(id, due));
    expect(queue.takeDue(5)).toEqual([]);
    expect(queue.takeDue(25)).toEqual([1, 2]);
    expect(queue.takeDue(100)).toEqual([3, 4]);
    expect(queue.size).toBe(0);
  });

  it('keeps only the latest schedule of an id, and forgets unscheduled ids', () => {
    const queue = new DueQueue();
    queue.schedule(1, 10);
    queue.schedule(1, 50);
    queue.schedule(2, 20);
    queue.unschedule(2);
    expect(queue.takeDue(30)).toEqual([]);
    expect(queue.takeDue(50)).toEqual([1]);
  });

  it('stays ordered over many random schedules', () => {
    const queue = new DueQueue();
    const dues = Array.from({ length: 1000 }, (_, id) => [id, Math.floor(Math.random() * 10_000)] as const);
    dues.forEach(([id, due]) => queue.schedule(id, due));
    const expected = [...dues].sort((a, b) => a[1] - b[1] || 0).map(([id]) => id);
    const taken = queue.takeDue(10_000);
    expect(taken.map((id) => dues[id][1])).toEqual(expected.map((id) => dues[id][1]));
    expect(new Set(taken).size).toBe(1000);
  });
});

describe('DueQueue beyond its first allocation', () => {
  it('grows for large ids and many entries, and clear forgets everything', () => {
    const queue = new DueQueue();
    for (let id = 0; id < 5000; id++) queue.schedule(id * 7, 5000 - id);
    expect(queue.dueOf(7 * 4999)).toBe(1);
    expect(queue.size).toBe(5000);
    expect(queue.takeDue(2)).toEqual([7 * 4999, 7 * 4998]);
    queue.clear();
    expect([queue.size, queue.dueOf(0), queue.takeDue(Infinity)]).toEqual([0, undefined, []]);
  });
});
