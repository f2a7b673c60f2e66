/**
 * The slot window a view fetches is kept per API client (one per session and organisation), so a
 * week fetched in one organisation never shows in another after a switch (a provider walk saw, offline
 * in a new organisation, the slots of the one they had switched from), and a failed fetch is asked
 * again by the next view instead of being remembered as "nothing".
 */
import { firstValueFrom, of } from 'rxjs'
import { filter, toArray } from 'rxjs/operators'
import { describe, expect, it } from 'vitest'
import type { SlotDoc } from '../../shared/replication.js'
import type { ServerApi } from '../../client/data/serverApi.js'
import { firstWindowSlots } from '../../client/data/slotWindow.js'

const week = { from: '2031-03-03T00:00:00.000Z', to: '2031-03-10T00:00:00.000Z' }

function fakeApi(answer: () => Promise<unknown>): ServerApi & { asked: string[] } {
  const asked: string[] = []
  const get = <T>(path: string) => {
    asked.push(path)
    return answer() as Promise<T>
  }
  const unused = () => Promise.reject(new Error('not used'))
  return { asked, get, getWithHeaders: unused, getText: unused, post: unused, patch: unused, delete: unused }
}

const slot = (id: string) => ({ id, providerId: 'p', serviceId: 's' }) as unknown as SlotDoc

describe('the slot window cache', () => {
  it("never shows one organisation's window in another's client", async () => {
    const weber = fakeApi(async () => [slot('weber-slot')])
    const acme = fakeApi(async () => [])
    const firstOf = async (api: ServerApi) =>
      firstValueFrom(firstWindowSlots(api, of(null), week).pipe(filter((docs) => docs !== null)))
    expect((await firstOf(weber))?.map((d) => d.id)).toEqual(['weber-slot'])
    expect(await firstOf(acme)).toEqual([])
    expect(acme.asked).toHaveLength(1)
    // The same client's views share one fetch.
    await firstOf(weber)
    expect(weber.asked).toHaveLength(1)
  })

  it('asks again after a failed fetch', async () => {
    let up = false
    const api = fakeApi(async () => {
      if (!up) throw new Error('offline')
      return [slot('later')]
    })
    const emitted = await firstValueFrom(firstWindowSlots(api, of(null), week).pipe(toArray()))
    // Nothing to show from the server: the stored copy is all there is, this time.
    expect(emitted).toEqual([null])
    up = true
    const later = await firstValueFrom(
      firstWindowSlots(api, of(null), week).pipe(filter((docs) => docs !== null)),
    )
    expect(later?.map((d) => d.id)).toEqual(['later'])
    expect(api.asked).toHaveLength(2)
  })
})
