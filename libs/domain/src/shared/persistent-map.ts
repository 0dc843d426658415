import { fnv1a32 } from './string-hash';

/**
 * An immutable map from strings, with structural sharing: a hash array mapped trie (HAMT, as in
 * Clojure's and Immutable.js's maps). `set` and `delete` return a new map that shares every node
 * they did not touch with the old one, and leave the old one exactly as it was.
 *
 * Why here: a decider's evolve must not change the state it is given (cached states are shared
 * by later commands), yet copying a plain record of 2,000 entries on every event makes a fold
 * quadratic. Here an update copies one path of at most seven 32-wide nodes, whatever the size.
 *
 * Any string is a key, `__proto__` included: nothing is looked up on an object's prototype.
 * Iteration follows the keys' hashes, not insertion: deterministic, but not meaningful.
 */
export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    return findLeaf(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return findLeaf(this.root, hashOf(key), key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    const existing = findLeaf(this.root, hash, key);
    if (existing && Object.is(existing.value, value)) return this;
    const leaf: Leaf<V> = { kind: LEAF, hash, key, value };
    return new PersistentMap(this.root ? insert(this.root, 0, leaf) : leaf, existing ? this.size : this.size + 1);
  }

  delete(key: string): PersistentMap<V> {
    const hash = hashOf(key);
    if (!this.root || !findLeaf(this.root, hash, key)) return this;
    const root = remove(this.root, 0, hash, key);
    return root ? new PersistentMap(root, this.size - 1) : PersistentMap.empty();
  }

  *entries(): IterableIterator<[string, V]> {
    if (this.root) yield* entriesOf(this.root);
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** Logs and JSON show the entries, not the trie. */
  toJSON(): Record<string, V> {
    const record: Record<string, V> = {};
    for (const [key, value] of this.entries()) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    return record;
  }
}

const LEAF = 0;
const COLLISION = 1;
const BRANCH = 2;

interface Leaf<V> {
  readonly kind: typeof LEAF;
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}

/** Keys whose 32-bit hashes are equal: rare, kept in a plain list. */
interface Collision<V> {
  readonly kind: typeof COLLISION;
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}

/** Up to 32 children, one per 5-bit slice of the hash at this depth; `bitmap` says which are present. */
interface Branch<V> {
  readonly kind: typeof BRANCH;
  readonly bitmap: number;
  readonly children: readonly Node<V>[];
}

type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

const BITS_PER_LEVEL = 5;
const SLOT_MASK = 0b11111;

const hashOf = fnv1a32;

const slotOf = (hash: number, shift: number): number => (hash >>> shift) & SLOT_MASK;

function popcount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Where a branch keeps the child of slot `bit`: how many present slots come before it. */
const indexIn = (bitmap: number, bit: number): number => popcount(bitmap & (bit - 1));

function findLeaf<V>(root: Node<V> | undefined, hash: number, key: string): Leaf<V> | undefined {
  let node = root;
  for (let shift = 0; node; shift += BITS_PER_LEVEL) {
    if (node.kind === LEAF) return node.hash === hash && node.key === key ? node : undefined;
    if (node.kind === COLLISION) return node.hash === hash ? node.leaves.find((leaf) => leaf.key === key) : undefined;
    const bit = 1 << slotOf(hash, shift);
    node = node.bitmap & bit ? node.children[indexIn(node.bitmap, bit)] : undefined;
  }
  return undefined;
}

/** A new node holding `leaf` too (replacing the leaf of the same key); `node` is left as it was. */
function insert<V>(node: Node<V>, shift: number, leaf: Leaf<V>): Node<V> {
  switch (node.kind) {
    case LEAF:
      if (node.key === leaf.key) return leaf;
      return node.hash === leaf.hash ? { kind: COLLISION, hash: leaf.hash, leaves: [node, leaf] } : join(node, leaf, shift);
    case COLLISION: {
      if (node.hash !== leaf.hash) return join(node, leaf, shift);
      const others = node.leaves.filter((other) => other.key !== leaf.key);
      return { kind: COLLISION, hash: node.hash, leaves: [...others, leaf] };
    }
    case BRANCH: {
      const bit = 1 << slotOf(leaf.hash, shift);
      const index = indexIn(node.bitmap, bit);
      const children = node.children.slice();
      if (node.bitmap & bit) children[index] = insert(node.children[index], shift + BITS_PER_LEVEL, leaf);
      else children.splice(index, 0, leaf);
      return { kind: BRANCH, bitmap: node.bitmap | bit, children };
    }
  }
}

/**
 * A branch holding two nodes of different hashes that met at depth `shift`. Two different 32-bit
 * hashes differ in some slot by the last level (shift 30), so this never goes deeper than that.
 */
function join<V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number): Branch<V> {
  const [slotA, slotB] = [slotOf(a.hash, shift), slotOf(b.hash, shift)];
  if (slotA === slotB) return { kind: BRANCH, bitmap: 1 << slotA, children: [join(a, b, shift + BITS_PER_LEVEL)] };
  return { kind: BRANCH, bitmap: (1 << slotA) | (1 << slotB), children: slotA < slotB ? [a, b] : [b, a] };
}

/**
 * A new node without `key` (which must be present), or undefined when nothing is left. A branch
 * left with one leaf becomes that leaf, so the trie stays as shallow as its keys need.
 */
function remove<V>(node: Node<V>, shift: number, hash: number, key: string): Node<V> | undefined {
  switch (node.kind) {
    case LEAF:
      return undefined;
    case COLLISION: {
      const leaves = node.leaves.filter((leaf) => leaf.key !== key);
      return leaves.length === 1 ? leaves[0] : { kind: COLLISION, hash: node.hash, leaves };
    }
    case BRANCH: {
      const bit = 1 << slotOf(hash, shift);
      const index = indexIn(node.bitmap, bit);
      const child = remove(node.children[index], shift + BITS_PER_LEVEL, hash, key);
      const children = node.children.slice();
      if (child) children[index] = child;
      else children.splice(index, 1);
      const bitmap = child ? node.bitmap : node.bitmap & ~bit;
      if (children.length === 0) return undefined;
      if (children.length === 1 && children[0].kind !== BRANCH) return children[0];
      return { kind: BRANCH, bitmap, children };
    }
  }
}

function* entriesOf<V>(node: Node<V>): IterableIterator<[string, V]> {
  if (node.kind === LEAF) yield [node.key, node.value];
  else if (node.kind === COLLISION) for (const leaf of node.leaves) yield [leaf.key, leaf.value];
  else for (const child of node.children) yield* entriesOf(child);
}
