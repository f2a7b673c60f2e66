/**
 * True when two plain records hold the same values, key by key (one level deep). The data hooks build
 * fresh view objects at each database emission, so a card memoized on identity would re-render every
 * slot of the week whenever any one document changes; compared by fields, only the changed card does.
 */
export function sameFields<T extends object>(a: T | null | undefined, b: T | null | undefined): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const keys = Object.keys(a) as (keyof T)[]
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]))
}
