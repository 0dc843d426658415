/**
 * The runner lists' `search` (beyond GitLab's REST lists; GitLab's admin runners page and GraphQL
 * `runners(search:)` have it): the description half of Ci::Runner.search (app/models/ci/runner.rb),
 * Gitlab::SQL::Pattern.fuzzy_search (lib/gitlab/sql/pattern.rb):
 * - the text is squished: trimmed, each run of whitespace inside made one space;
 * - its terms are its "quoted phrases" and the words of the rest; each term of at least 3
 *   characters must be contained in the description, ignoring case (`ILIKE '%term%'`, ANDed);
 * - with no such term, the whole squished text must equal the description, ignoring case
 *   (`ILIKE 'text'`): `go` finds a runner named "Go", not every description with "go" in it.
 *
 * GitLab's other half, a runner whose token is the text, is left out: a token in a list's query
 * string would end up in every proxy's access log (a token is checked with POST /runners/verify).
 */
export interface RunnerSearch {
  /** Lowercased terms of at least 3 characters; a matching description contains each. */
  readonly terms: readonly string[];
  /** When no term is that long: the lowercased squished text, which a matching description equals. */
  readonly exact: string | null;
}

/** GitLab's MIN_CHARS_FOR_PARTIAL_MATCHING. */
export const MIN_SEARCH_TERM_CHARS = 3;

/** A phrase in double quotes, preceded by the start or a space and followed by a space or the end (REGEX_QUOTED_TERM). */
const QUOTED_TERM = /(?<=^| )"[^"]+"(?= |$)/g;

/** The search `text` asks for; null when it is blank, and then it filters nothing (as in GitLab). */
export function parseRunnerSearch(text: string): RunnerSearch | null {
  const squished = text.trim().replace(/\s+/g, ' ');
  if (squished === '') return null;
  const quoted: string[] = [];
  const words = squished
    .replace(QUOTED_TERM, (phrase) => {
      quoted.push(phrase.slice(1, -1));
      return '';
    })
    .split(' ');
  // Ruby counts characters, not UTF-16 units.
  const terms = [...words, ...quoted].filter((term) => [...term].length >= MIN_SEARCH_TERM_CHARS).map((term) => term.toLowerCase());
  return terms.length > 0 ? { terms, exact: null } : { terms: [], exact: squished.toLowerCase() };
}

/** Whether a runner with this description is found by the search (a runner without one never is). */
export function matchesRunnerSearch(search: RunnerSearch, description: string | null): boolean {
  if (description === null) return false;
  const lower = description.toLowerCase();
  if (search.exact !== null) return lower === search.exact;
  return search.terms.every((term) => lower.includes(term));
}
