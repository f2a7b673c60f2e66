import { describe, expect, it } from 'vitest'
import type { Session } from '../../client/data/api.js'
import {
  forgetWaitingChanges,
  noteWaitingChanges,
  waitingElsewhere,
} from '../../client/data/waitingChanges.js'

/** An in-memory localStorage. */
function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

const session = (organisationId: string): Session =>
  ({
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    user: { id: 'u1' },
    organisations: [
      { id: 'weber', name: 'Weber', role: 'provider' },
      { id: 'acme', name: 'Acme', role: 'admin' },
    ],
    organisationId,
  }) as unknown as Session

const read = (storage: ReturnType<typeof memoryStorage>) =>
  JSON.parse(storage.getItem('uniservice.waiting.u1') ?? '{}') as Record<string, number>

describe("changes waiting in the user's other organisations", () => {
  it('are told in the other organisations, by name, until sent', () => {
    const storage = memoryStorage()
    noteWaitingChanges('u1', 'weber', 1, storage)
    noteWaitingChanges('u1', 'acme', 0, storage)
    // In Acme: Weber's change still waits there.
    expect(waitingElsewhere(read(storage), session('acme'))).toEqual([
      { organisationName: 'Weber', count: 1 },
    ])
    // In Weber its own pill counts it: nothing elsewhere.
    expect(waitingElsewhere(read(storage), session('weber'))).toEqual([])
    // Sent (back in Weber, online): no longer told anywhere.
    noteWaitingChanges('u1', 'weber', 0, storage)
    expect(waitingElsewhere(read(storage), session('acme'))).toEqual([])
  })

  it('leave out an organisation the user no longer belongs to, and go with sign-out', () => {
    const storage = memoryStorage()
    noteWaitingChanges('u1', 'gone', 3, storage)
    expect(waitingElsewhere(read(storage), session('acme'))).toEqual([])
    noteWaitingChanges('u1', 'weber', 2, storage)
    forgetWaitingChanges('u1', storage)
    expect(waitingElsewhere(read(storage), session('acme'))).toEqual([])
  })
})
