import { RunnerChangeLog } from './runner-change-log';

describe('RunnerChangeLog', () => {
  it('tells each runner changed after a position once, at its latest change, in position order', () => {
    const log = new RunnerChangeLog<string>(10);
    log.reset(4);
    log.record(5, 1);
    log.record(6, 2);
    log.record(8, 1);
    log.record(9, 3, 'last view of 3');
    expect(log.changesAfter(4)).toEqual([
      { runnerId: 2, position: 6 },
      { runnerId: 1, position: 8 },
      { runnerId: 3, position: 9 },
    ]);
    expect(log.changesAfter(6)).toEqual([
      { runnerId: 1, position: 8 },
      { runnerId: 3, position: 9 },
    ]);
    expect(log.changesAfter(9)).toEqual([]);
    expect(log.tombstone(3)).toBe('last view of 3');
    expect(log.tombstone(1)).toBeUndefined();
  });

  it('cannot tell what happened before it started recording', () => {
    const log = new RunnerChangeLog(10);
    log.reset(100);
    expect(log.changesAfter(99)).toBeNull();
    expect(log.changesAfter(100)).toEqual([]);
  });

  it('once full, forgets the oldest changes and refuses positions before them', () => {
    const log = new RunnerChangeLog(3);
    log.reset(0);
    for (let position = 1; position <= 5; position++) log.record(position, position * 10);
    expect(log.coveredAfter).toBe(2);
    expect(log.changesAfter(1)).toBeNull();
    expect(log.changesAfter(2)!.map((c) => c.runnerId)).toEqual([30, 40, 50]);
    expect(log.changesAfter(4)!.map((c) => c.runnerId)).toEqual([50]);
  });

  it('a reset forgets everything, tombstones included', () => {
    const log = new RunnerChangeLog<string>(3);
    log.record(1, 7, 'gone');
    log.reset(50);
    expect(log.tombstone(7)).toBeUndefined();
    expect(log.changesAfter(0)).toBeNull();
    expect(log.changesAfter(50)).toEqual([]);
  });
});
