import { RoaringBitmap32 } from 'roaring';
import { matchesRunnerSearch, type RunnerSearch } from '@app/domain';
import { KeyedBitmaps } from './keyed-bitmaps';

/** Indexed substrings are this many UTF-16 units long; every term a search matches partially has one (MIN_SEARCH_TERM_CHARS). */
const GRAM = 3;

const NONE: readonly never[] = [];
const EMPTY = new RoaringBitmap32().freeze();

/** The distinct trigrams of a lowercased text (none when it is shorter than one). */
function trigramsOf(lower: string | null): readonly string[] {
  if (lower === null || lower.length < GRAM) return NONE;
  const grams = new Set<string>();
  for (let i = 0; i + GRAM <= lower.length; i++) grams.add(lower.slice(i, i + GRAM));
  return [...grams];
}

/** How many searches' answers are kept current (a console's search box asks the same few again and again). */
const REMEMBERED_SEARCHES = 16;

/**
 * The runners' descriptions as the lists' search reads them (parseRunnerSearch): a bitmap of runner
 * ids per trigram of the lowercased descriptions (as PostgreSQL's pg_trgm index serves GitLab's
 * ILIKE), and one per lowercased description too short to have one. A search's candidates are the
 * runners that have every trigram of every term, smallest bitmap first: the answer itself when
 * each term is a single trigram; otherwise a superset, each checked against the rule. In real
 * descriptions a candidate has every trigram of a term without the term only by chance, so the
 * check costs about what the answer does. Before this index, every search tested every runner.
 *
 * The answers of the latest searches are kept and kept current: a description that changes is
 * tested against each of them, so a search asked again costs nothing, whatever else moved in the
 * fleet meanwhile (statuses change all the time, descriptions seldom).
 */
export class DescriptionIndex {
  private readonly trigrams = new KeyedBitmaps<string>();
  private readonly short = new KeyedBitmaps<string>();
  /** Answers by search, least recently asked first. */
  private readonly answers = new Map<string, { readonly search: RunnerSearch; readonly ids: RoaringBitmap32 }>();

  /** Files runner `id` under its new description instead of its old one (null: none, or no runner). */
  move(id: number, before: string | null, after: string | null): void {
    const [was, is] = [before?.toLowerCase() ?? null, after?.toLowerCase() ?? null];
    if (was === is) return;
    this.trigrams.move(id, trigramsOf(was), trigramsOf(is));
    this.short.move(id, shortKey(was), shortKey(is));
    for (const { search, ids } of this.answers.values()) {
      if (matchesRunnerSearch(search, after)) ids.add(id);
      else ids.delete(id);
    }
  }

  /**
   * The ids of the runners whose description `search` finds, given `descriptionOf` each runner
   * (to check candidates). The bitmap is kept current: read it before yielding, never change it.
   */
  find(search: RunnerSearch, descriptionOf: (id: number) => string | null): RoaringBitmap32 {
    const key = JSON.stringify(search);
    const remembered = this.answers.get(key);
    if (remembered) {
      this.answers.delete(key);
      this.answers.set(key, remembered);
      return remembered.ids;
    }
    const { ids: candidates, exact } = this.candidates(search);
    const ids = exact ? candidates.clone() : new RoaringBitmap32();
    if (!exact) for (const id of candidates.toUint32Array()) if (matchesRunnerSearch(search, descriptionOf(id))) ids.add(id);
    if (this.answers.size >= REMEMBERED_SEARCHES) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, { search, ids });
    return ids;
  }

  private candidates(search: RunnerSearch): { ids: RoaringBitmap32; exact: boolean } {
    if (search.exact !== null && search.exact.length < GRAM) return { ids: this.short.get(search.exact) ?? EMPTY, exact: true };
    const texts = search.exact !== null ? [search.exact] : search.terms;
    const sets: RoaringBitmap32[] = [];
    for (const gram of new Set(texts.flatMap((text) => trigramsOf(text)))) {
      const ids = this.trigrams.get(gram);
      if (!ids) return { ids: EMPTY, exact: true };
      sets.push(ids);
    }
    sets.sort((a, b) => a.size - b.size);
    const exact = search.exact === null && search.terms.every((term) => term.length === GRAM);
    if (sets.length === 1) return { ids: sets[0], exact };
    const ids = RoaringBitmap32.and(sets[0], sets[1]);
    for (let i = 2; i < sets.length && !ids.isEmpty; i++) ids.andInPlace(sets[i]);
    return { ids, exact };
  }

  clear(): void {
    this.trigrams.clear();
    this.short.clear();
    this.answers.clear();
  }
}

const shortKey = (lower: string | null): readonly string[] => (lower !== null && lower.length < GRAM ? [lower] : NONE);
