import { describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../client/data/api.js'
import { listedAsNotSaved, syncWords } from '../../client/features/sync/syncWords.js'

const online: SyncStatus = {
  online: true,
  offline: false,
  connecting: false,
  syncing: false,
  pendingChanges: 0,
  lastSyncedAt: '2026-11-27T11:06:39Z',
  error: null,
  retryAt: null,
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
    const words = syncWords({ ...online, online: false, pendingChanges: 1 }, false, 3)
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
    expect(syncWords({ ...starting, connecting: false }, false, 0).announcement).toBe(
      'Offline. Changes are kept on this device until you are back online.',
    )
    expect(syncWords(online, true, 0).announcement).toBe('Online.')
  })

  it('lists refused and replaced changes as not saved, not the queued ones', () => {
    expect(listedAsNotSaved({ state: 'refused' })).toBe(true)
    expect(listedAsNotSaved({ state: 'superseded' })).toBe(true)
    expect(listedAsNotSaved({ state: 'queued' })).toBe(false)
  })

  it('names a server that cannot be reached while the network is up, when it retries, and offers Retry now', () => {
    const now = Date.parse('2026-11-27T12:00:00Z')
    const outage: SyncStatus = {
      ...online,
      online: false,
      syncing: true,
      pendingChanges: 1,
      error: 'The server could not be reached (the gateway answered 502).',
      retryAt: now + 19_200,
    }
    expect(syncWords(outage, true, 0, { now })).toMatchObject({
      state: 'unreachable',
      headline: "Can't reach the server",
      waiting: '1 change waiting',
      retry: 'retrying in 20 s',
      canRetry: true,
      announcement: "Can't reach the server. Changes are kept on this device and sent once it answers.",
    })
    expect(syncWords({ ...outage, retryAt: now - 10 }, true, 0, { now }).retry).toBe('retrying…')
    // The browser offline: it says so, and retrying is for when the network is back.
    expect(syncWords(outage, false, 0, { now })).toMatchObject({
      state: 'offline',
      retry: null,
      canRetry: false,
    })
  })

  it("is offline, not 'Can't reach the server', while the status is the one read offline", () => {
    // Back online, the browser tells the pill a moment before the status is read again: a walk saw
    // "Can't reach the server" (announced too) then, at every reconnect.
    const readOffline: SyncStatus = {
      ...online,
      online: false,
      offline: true,
      pendingChanges: 3,
      error: 'fetch failed: offline',
      retryAt: Date.parse('2026-11-27T12:00:02Z'),
    }
    expect(syncWords(readOffline, true, 0)).toMatchObject({ state: 'offline', canRetry: false })
    expect(syncWords({ ...readOffline, offline: false }, true, 0).state).toBe('unreachable')
  })

  it('a failed request waiting to be retried is a sync problem, not "Syncing…"', () => {
    const now = 0
    const failing: SyncStatus = {
      ...online,
      syncing: true,
      error: 'The server answered 500.',
      retryAt: 4_000,
    }
    expect(syncWords(failing, true, 0, { now })).toMatchObject({
      state: 'error',
      headline: 'Sync problem',
      retry: 'retrying in 4 s',
      canRetry: true,
    })
    expect(syncWords({ ...failing, error: null, retryAt: null }, true, 0, { now })).toMatchObject({
      state: 'syncing',
      retry: null,
      canRetry: false,
    })
  })

  it("tells of changes waiting in the user's other organisations, never 'all changes saved' meanwhile", () => {
    const elsewhere = [{ organisationName: 'Weber', count: 1 }]
    expect(syncWords(online, true, 0, { elsewhere })).toMatchObject({
      elsewhere: '1 change waiting in Weber — switch back to send it',
      saved: null,
    })
    const two = [
      { organisationName: 'Weber', count: 2 },
      { organisationName: 'Acme', count: 1 },
    ]
    expect(syncWords(online, true, 0, { elsewhere: two }).elsewhere).toBe(
      '2 changes waiting in Weber, 1 change waiting in Acme — switch back to send them',
    )
    expect(syncWords(online, true, 0, { elsewhere: [] })).toMatchObject({
      elsewhere: null,
      saved: 'all changes saved',
    })
  })
})
