import { describe, expect, it } from 'vitest'
import type { Session } from '../../client/data/api.js'
import {
  forgetWaitingChanges,
  noteWaitingChanges,
  signOutQuestion,
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

describe('the question before signing out', () => {
  const here = (count: number) => ({ organisationName: 'Acme', count })

  it('is not asked when no change waits anywhere on the device', () => {
    expect(signOutQuestion(here(0), [])).toBeNull()
  })

  it('counts the current organisation’s changes as before when none wait elsewhere', () => {
    expect(signOutQuestion(here(1), [])).toBe('1 unsynced change will be lost. Sign out?')
    expect(signOutQuestion(here(2), [])).toBe('2 unsynced changes will be lost. Sign out?')
  })

  it('counts and names the changes waiting in another organisation (its database goes too)', () => {
    expect(signOutQuestion(here(0), [{ organisationName: 'Weber', count: 1 }])).toBe(
      '1 unsynced change in Weber will be lost. Sign out?',
    )
    expect(
      signOutQuestion(here(2), [
        { organisationName: 'Weber', count: 1 },
        { organisationName: 'Ortiz', count: 3 },
      ]),
    ).toBe('6 unsynced changes will be lost (2 in Acme, 1 in Weber, 3 in Ortiz). Sign out?')
  })
})
