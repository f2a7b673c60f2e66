/**
 * Which toasts show together (client/ui/toastList.ts): a confirmation replaces the toast before it,
 * news the user must not miss (a refusal) is not put away by a later toast. CI saw two offline moves
 * refused in the same moment, and only the second was ever drawn.
 */
import { describe, expect, it } from 'vitest'
import { MAX_LASTING, type Toast, withToast } from '../../client/ui/toastList.js'

const toast = (id: number, key?: string, lasting = false): Toast => ({ id, message: `t${id}`, key, lasting })
const ids = (toasts: readonly Toast[]) => toasts.map((t) => t.id)

describe('withToast', () => {
  it('a confirmation replaces the confirmation before it', () => {
    expect(ids(withToast([toast(1, 'a')], toast(2, 'b')))).toEqual([2])
  })

  it('two refusals announced one after the other both show', () => {
    const first = withToast([], toast(1, 'not-moved:1', true))
    expect(ids(withToast(first, toast(2, 'not-moved:2', true)))).toEqual([1, 2])
  })

  it('a later confirmation does not put a refusal away', () => {
    const refused = withToast([toast(1, 'a')], toast(2, 'not-moved:1', true))
    expect(ids(withToast(refused, toast(3, 'c')))).toEqual([2, 3])
  })

  it('a toast under the same key replaces the one before, lasting or not', () => {
    expect(ids(withToast([toast(1, 'k', true)], toast(2, 'k', true)))).toEqual([2])
    expect(ids(withToast([toast(1, 'k', true)], toast(2, 'k')))).toEqual([2])
  })

  it('at most MAX_LASTING refusals show, the newest, and a confirmation beside them', () => {
    let shown: Toast[] = []
    for (let id = 1; id <= MAX_LASTING + 2; id++) shown = withToast(shown, toast(id, `n${id}`, true))
    expect(ids(shown)).toEqual([3, 4, 5].slice(-MAX_LASTING))
    expect(ids(withToast(shown, toast(9)))).toEqual([...ids(shown), 9])
  })
})
