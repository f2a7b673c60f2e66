/**
 * Which toasts show together (Announcer.tsx). One toast at a time, a newer one replacing it (stacked
 * toasts covered the page on phones), except news the user must not miss (`lasting`: a booking or a
 * move refused): a later toast does not put that away. Two moves made offline and both refused on
 * reconnect answer in the same moment; the second toast replaced the first before it was ever drawn,
 * so one refusal was never told (CI saw it in test/e2e/unsentMove.test.ts). At most MAX_LASTING pieces
 * of news stay, the newest; a toast under a key replaces the one under the same key, lasting or not.
 */
export interface Toast {
  id: number
  message: string
  /** Names what the toast is about, so it can be withdrawn or replaced when that thing changes. */
  key?: string
  lasting?: boolean
}

export const MAX_LASTING = 3

/** The toasts shown once `next` is announced: the lasting ones kept, then `next`. */
export function withToast(current: readonly Toast[], next: Toast): Toast[] {
  const kept = current.filter((t) => t.lasting && (next.key === undefined || t.key !== next.key))
  const room = next.lasting ? MAX_LASTING - 1 : MAX_LASTING
  return [...kept.slice(Math.max(0, kept.length - room)), next]
}
