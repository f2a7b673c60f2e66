/** True when two lists hold the same items (by identity) in the same order; null equals only null. */
export function sameItems<T>(a: readonly T[] | null, b: readonly T[] | null): boolean {
  return a === b || (a !== null && b !== null && a.length === b.length && a.every((item, i) => item === b[i]))
}
