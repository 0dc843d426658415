import { describe, expect, it } from '@jest/globals';
import { parseRunnerSearch, type RunnerSearch } from '@app/domain';
import { DescriptionIndex } from './description-index';

const DESCRIPTIONS = ['Linux builder', 'buil ilder', 'docker', 'Go', 'gpu box'];

/** An index of DESCRIPTIONS (runner ids 1…), and how often a search had to read a description. */
function indexed() {
  const index = new DescriptionIndex();
  DESCRIPTIONS.forEach((description, i) => index.move(i + 1, null, description));
  const reads: number[] = [];
  const find = (text: string) => [...index.find(parseRunnerSearch(text) as RunnerSearch, (id) => (reads.push(id), DESCRIPTIONS[id - 1]))];
  return { index, reads, find };
}

describe('the description index (what the lists search)', () => {
  it('given terms of exactly 3 characters, the trigrams are the answer: no description is read', () => {
    const { reads, find } = indexed();
    expect(find('UIL')).toEqual([1, 2]);
    expect(find('lin der')).toEqual([1]);
    expect(reads).toEqual([]);
  });

  it('given a longer term, only the runners with all its trigrams are read, and those without the term dropped', () => {
    const { reads, find } = indexed();
    expect(find('build')).toEqual([1]);
    expect(reads).toEqual([1, 2]);
  });

  it('given a short text, a description equal to it is found without reading any', () => {
    const { reads, find } = indexed();
    expect(find('go')).toEqual([4]);
    expect(reads).toEqual([]);
  });

  it('given a search asked before, its answer is remembered and kept current as descriptions change', () => {
    const { index, reads, find } = indexed();
    expect(find('builder')).toEqual([1]);
    index.move(3, 'docker', 'docker builder');
    index.move(1, 'Linux builder', null);
    expect(find('Builder')).toEqual([3]);
    expect(reads).toEqual([1, 2]);
  });
});
