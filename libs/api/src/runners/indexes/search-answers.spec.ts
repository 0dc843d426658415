import { describe, expect, it } from '@jest/globals';
import { LoopSlices } from '@app/common/loop-slices';
import { matchesRunnerSearch, parseRunnerSearch, type RunnerSearch } from '@app/domain';
import type { RunnerView } from '@app/projections';
import { SearchAnswers, type SearchedFleet } from './search-answers';

/** Runners by id with a description each, as the index sees them: all() is replaced on every change, never mutated. */
class Descriptions implements SearchedFleet {
  private readonly byId = new Map<number, RunnerView>();
  private sorted: readonly RunnerView[] = [];

  constructor(private readonly answers: SearchAnswers) {}

  set(id: number, description: string | null | undefined): void {
    if (description === undefined) this.byId.delete(id);
    else this.byId.set(id, { id, description } as RunnerView);
    this.sorted = [...this.byId.values()].sort((a, b) => a.id - b.id);
    // What RunnerAttributeIndex.apply tells it.
    this.answers.move(id, description ?? null);
  }

  all(): readonly RunnerView[] {
    return this.sorted;
  }

  get(id: number): RunnerView | undefined {
    return this.byId.get(id);
  }

  /** The answer by testing every runner now. */
  expected(search: RunnerSearch): number[] {
    return this.sorted.filter((runner) => matchesRunnerSearch(search, runner.description)).map((runner) => runner.id);
  }
}

const BUILDER = parseRunnerSearch('builder')!;
/** A slice per runner, so that changes land between any two. */
const everyRunner = () => new LoopSlices(0, 1);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function fleetOf(count: number) {
  const answers = new SearchAnswers();
  const fleet = new Descriptions(answers);
  for (let id = 1; id <= count; id++) fleet.set(id, id % 3 === 0 ? `linux builder ${id}` : `shell ${id}`);
  return { answers, fleet };
}

describe('the answers of runner searches', () => {
  it('given a search asked once, its answer is remembered and kept current as descriptions change', () => {
    const { answers, fleet } = fleetOf(30);
    expect([...answers.find(BUILDER, fleet)]).toEqual(fleet.expected(BUILDER));
    fleet.set(4, 'Builder of things');
    fleet.set(3, 'shell');
    fleet.set(6, undefined);
    fleet.set(31, 'new builder');
    expect([...answers.remembered(BUILDER)!]).toEqual(fleet.expected(BUILDER));
  });

  it('given a scan in turns while descriptions change, runners come and go, its answer is the fleet as it is at the end', async () => {
    const { answers, fleet } = fleetOf(60);
    const scanning = answers.scan(BUILDER, fleet, everyRunner());
    for (let turn = 0; turn < 40; turn++) {
      await nextTurn();
      // Behind the scan, ahead of it, new and gone.
      fleet.set(1 + ((turn * 7) % 60), turn % 2 === 0 ? 'builder again' : null);
      if (turn % 5 === 0) fleet.set(100 + turn, 'late builder');
      if (turn % 7 === 0) fleet.set(3 * (turn + 1), undefined);
    }
    await scanning;
    expect([...answers.remembered(BUILDER)!]).toEqual(fleet.expected(BUILDER));
  });

  it('given a fleet walked without yielding (a small one), the answer is remembered all the same', async () => {
    const { answers, fleet } = fleetOf(20);
    await answers.scan(BUILDER, fleet);
    expect([...answers.remembered(BUILDER)!]).toEqual(fleet.expected(BUILDER));
  });

  it('given the same search asked again while it is being scanned, both wait for the one scan', async () => {
    const { answers, fleet } = fleetOf(20);
    let turns = 0;
    const counted = new LoopSlices(0, 1, () => performance.now(), async () => {
      turns++;
      await nextTurn();
    });
    const first = answers.scan(BUILDER, fleet, counted);
    const second = answers.scan(BUILDER, fleet, counted);
    await Promise.all([first, second]);
    expect(turns).toBe(20);
    expect(answers.remembered(BUILDER)).toBeDefined();
  });

  it('given the fleet replaced wholesale during a scan (cleared), its answer is not remembered', async () => {
    const { answers, fleet } = fleetOf(20);
    const scanning = answers.scan(BUILDER, fleet, everyRunner());
    await nextTurn();
    answers.clear();
    await scanning;
    expect(answers.remembered(BUILDER)).toBeUndefined();
  });

  it('given more than 16 searches, the least recently asked is forgotten first', () => {
    const { answers, fleet } = fleetOf(3);
    const searches = Array.from({ length: 17 }, (_, i) => parseRunnerSearch(`term${i}`)!);
    for (const search of searches.slice(0, 16)) answers.find(search, fleet);
    answers.remembered(searches[0]);
    answers.find(searches[16], fleet);
    expect(answers.remembered(searches[0])).toBeDefined();
    expect(answers.remembered(searches[1])).toBeUndefined();
  });
});
