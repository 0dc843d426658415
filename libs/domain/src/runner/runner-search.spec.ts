import { describe, expect, it } from '@jest/globals';
import { matchesRunnerSearch, parseRunnerSearch } from './runner-search';

/** Whether `description` is found by searching `text`, by GitLab's fuzzy_search rule. */
const finds = (text: string, description: string | null) => {
  const search = parseRunnerSearch(text);
  if (!search) throw new Error('a blank search filters nothing');
  return matchesRunnerSearch(search, description);
};

describe("a runner list's search (Gitlab::SQL::Pattern.fuzzy_search on the description)", () => {
  it('given a term of 3 characters or more, it finds descriptions containing it, ignoring case', () => {
    expect(finds('build', 'Linux BUILDER')).toBe(true);
    expect(finds('BUILD', 'linux builder')).toBe(true);
    expect(finds('build', 'Linux')).toBe(false);
  });

  it('given several terms, it finds descriptions containing every one, in any order', () => {
    expect(finds('builder linux', 'Linux builder 3')).toBe(true);
    expect(finds('builder linux', 'Linux runner')).toBe(false);
  });

  it('given terms shorter than 3 characters beside longer ones, only the longer ones count', () => {
    expect(finds('eu build', 'Linux builder')).toBe(true);
    expect(finds('eu build', 'builder in us')).toBe(true);
  });

  it('given no term of 3 characters, it finds only a description equal to the whole text, ignoring case', () => {
    expect(finds('go', 'Go')).toBe(true);
    expect(finds('go', 'golang builder')).toBe(false);
    expect(finds('a b', 'A B')).toBe(true);
    expect(finds('a b', 'a b c')).toBe(false);
  });

  it('given a quoted phrase, it is one term, spaces included', () => {
    expect(finds('"linux builder"', 'my Linux Builder')).toBe(true);
    expect(finds('"linux builder"', 'builder for linux')).toBe(false);
    expect(finds('"linux builder" gpu', 'gpu linux builder')).toBe(true);
  });

  it('given a quote inside a word, it is part of the word', () => {
    expect(finds('a"bc"d', 'xa"bc"dx')).toBe(true);
  });

  it('given extra whitespace, it is squished first', () => {
    expect(finds('  linux   builder ', 'builder linux')).toBe(true);
    expect(finds(' a \t b ', 'a b')).toBe(true);
  });

  it('given characters outside the basic plane, a term is counted in characters, as Ruby counts', () => {
    // Two characters, four UTF-16 units: too short for a partial match.
    expect(finds('🚀🚀', 'fast 🚀🚀 runner')).toBe(false);
    expect(finds('🚀🚀', '🚀🚀')).toBe(true);
  });

  it('given a runner without a description, it finds nothing', () => expect(finds('build', null)).toBe(false));

  it('given a blank text, there is no search', () => {
    expect(parseRunnerSearch('')).toBeNull();
    expect(parseRunnerSearch('  \t ')).toBeNull();
  });
});
