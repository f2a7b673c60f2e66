import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../client/data/api.js'
import { listedAsNotSaved, syncWords } from '../../client/features/sync/syncWords.js'

const online: SyncStatus = {
  online: true,
  connecting: false,
  syncing: false,
  pendingChanges: 0,
  lastSyncedAt: '2026-11-27T11:06:39Z',
  error: null,
}

describe('sync status words', () => {
  it('says "all changes saved" only when nothing waits and nothing refused is listed', () => {
    expect(syncWords(online, true, 0)).toMatchObject({
      state: 'online',
      headline: 'Online',
      waiting: null,
      notSaved: null,
      saved: 'all changes saved',
    })
  })

  it('counts the refused changes still listed, instead of "all changes saved"', () => {
    expect(syncWords(online, true, 2)).toMatchObject({
      headline: 'Online',
      notSaved: '2 changes not saved',
      saved: null,
    })
    expect(syncWords(online, true, 1).notSaved).toBe('1 change not saved')
  })

  it('says both what waits and what was not saved', () => {
    const words = syncWords({ ...online, online: false, pendingChanges: 1 }, true, 3)
    expect(words).toMatchObject({
      state: 'offline',
      waiting: '1 change waiting',
      notSaved: '3 changes not saved',
      saved: null,
    })
  })

  it('says "Connecting…" before the first try to reach the server answers, never "Offline"', () => {
    const starting = { ...online, online: false, connecting: true, syncing: true, lastSyncedAt: null }
    expect(syncWords(starting, true, 0)).toMatchObject({
      state: 'connecting',
      headline: 'Connecting…',
      announcement: 'Connecting to the server…',
    })
    // Offline once the browser says so, or once the try failed.
    expect(syncWords(starting, false, 0)).toMatchObject({ state: 'offline', headline: 'Offline' })
    expect(syncWords({ ...starting, connecting: false }, true, 0).announcement).toBe(
      'Offline. Changes are kept on this device until you are back online.',
    )
    expect(syncWords(online, true, 0).announcement).toBe('Online.')
  })

  it('lists refused and replaced changes as not saved, not the queued ones', () => {
    expect(listedAsNotSaved({ state: 'refused' })).toBe(true)
    expect(listedAsNotSaved({ state: 'superseded' })).toBe(true)
    expect(listedAsNotSaved({ state: 'queued' })).toBe(false)
  })
})
