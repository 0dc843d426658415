/**
 * Freezes a value and everything it reaches. In strict-mode code (every compiled module), a write
 * into a frozen object throws, so a test that freezes what a function was given proves the function
 * never wrote into it.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
