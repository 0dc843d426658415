import { EventEmitter } from 'node:events';
import { LoopShareGate, type LoopShareOptions } from './loop-share-gate';

class FakeResponse extends EventEmitter {
  writableEnded = false;
  destroyed = false;
  end(): void {
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
  }
  hangUp(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('LoopShareGate: lists take turns while polls keep the loop busy', () => {
  let utilization: number;
  let gate: LoopShareGate;
  const options: LoopShareOptions = { share: 0.1, urgentWindowMs: 1000, busyUtilization: 0.75, maxCostMs: 50, now: () => Date.now(), utilization: () => utilization };
  const granted = (turn: Promise<void> | undefined) => {
    let yes = turn === undefined;
    void turn?.then(() => (yes = true));
    return () => yes;
  };
  const settle = async (ms: number) => {
    await jest.advanceTimersByTimeAsync(ms);
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    utilization = 1;
    gate = new LoopShareGate(options);
  });
  afterEach(() => {
    gate.close();
    jest.useRealTimers();
  });

  it('given no runner polling, when lists come, then every list goes at once', () => {
    expect(gate.turn(new FakeResponse())).toBeUndefined();
    expect(gate.turn(new FakeResponse())).toBeUndefined();
  });

  it('given runners polling on a loop with room, when lists come, then every list goes at once', () => {
    utilization = 0.5;
    gate.urgent();
    expect(gate.turn(new FakeResponse())).toBeUndefined();
    expect(gate.turn(new FakeResponse())).toBeUndefined();
  });

  it('given runners keeping the loop busy, when a list took 2 ms, then the next waits 18 ms after it', async () => {
    gate.urgent();
    const first = new FakeResponse();
    expect(gate.turn(first)).toBeUndefined();
    const second = granted(gate.turn(new FakeResponse()));
    await settle(2);
    first.end();
    await settle(17);
    expect(second()).toBe(false);
    await settle(1);
    expect(second()).toBe(true);
  });

  it('given a list that spent 1 ms before asking for its turn (authentication, params), then that counts into its cost', async () => {
    gate.urgent();
    const first = new FakeResponse();
    expect(gate.turn(first, 1)).toBeUndefined();
    const second = granted(gate.turn(new FakeResponse()));
    await settle(1);
    first.end();
    await settle(17);
    expect(second()).toBe(false);
    await settle(1);
    expect(second()).toBe(true);
  });

  it('given lists waiting, then they get their turns first come, first served', async () => {
    gate.urgent();
    const first = new FakeResponse();
    gate.turn(first);
    const order: string[] = [];
    const responses = ['a', 'b', 'c'].map((name) => {
      const response = new FakeResponse();
      void gate.turn(response)!.then(() => {
        order.push(name);
        response.end();
      });
      return response;
    });
    first.end();
    await settle(100);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(responses.every((r) => r.writableEnded)).toBe(true);
  });

  it('given a client that hung up while waiting, then its turn costs nothing and the next list goes', async () => {
    gate.urgent();
    const first = new FakeResponse();
    gate.turn(first);
    const gone = new FakeResponse();
    const goneTurn = granted(gate.turn(gone));
    const next = granted(gate.turn(new FakeResponse()));
    gone.hangUp();
    await settle(1);
    first.end();
    await settle(8);
    expect(next()).toBe(false);
    await settle(1);
    expect(goneTurn()).toBe(true);
    expect(next()).toBe(true);
  });

  it('given a response that never says it ended, then the gate opens again after a second', async () => {
    gate.urgent();
    gate.turn(new FakeResponse());
    const next = granted(gate.turn(new FakeResponse()));
    await settle(999);
    expect(next()).toBe(false);
    await settle(1 + 50 * 9);
    expect(next()).toBe(true);
  });

  it('given lists waiting, when runners stop polling, then they all go at once', async () => {
    gate = new LoopShareGate({ ...options, urgentWindowMs: 100 });
    gate.urgent();
    const first = new FakeResponse();
    gate.turn(first);
    const waiting = [granted(gate.turn(new FakeResponse())), granted(gate.turn(new FakeResponse()))];
    await settle(50);
    first.end();
    await settle(449);
    expect(waiting.map((w) => w())).toEqual([false, false]);
    await settle(1);
    expect(waiting.map((w) => w())).toEqual([true, true]);
  });

  it('given the loop found idle at its next sample, then lists stop waiting', async () => {
    gate.urgent();
    const first = new FakeResponse();
    gate.turn(first);
    const next = granted(gate.turn(new FakeResponse()));
    utilization = 0.2;
    await settle(100);
    gate.urgent();
    first.end();
    await settle(0);
    expect(next()).toBe(true);
  });
});
