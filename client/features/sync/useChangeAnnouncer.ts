import { useCallback, useEffect, useRef } from 'react'
import { type ProviderChange, useProviderChanges, useSyncStatus } from '../../data/index.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { useBrowserOnline } from './useBrowserOnline.js'

export const OFFLINE_SUFFIX = 'Saved on this device, sent when you are back online.'

function toastKey(changeKey: string, online: boolean): string {
  return `${online ? 'change' : 'change-offline'}:${changeKey}`
}

/**
 * Announces a provider's change. Offline (the browser says so, or the server cannot be reached) the
 * toast says the change is kept on the device and sent later, not that it is done.
 */
export function useChangeAnnouncer(): {
  online: boolean
  announceChange: (done: string, key?: string) => void
} {
  const announce = useAnnounce()
  const browserOnline = useBrowserOnline()
  const status = useSyncStatus()
  const online = browserOnline && status.online
  const announceChange = useCallback(
    (done: string, key?: string) =>
      announce(online ? done : `${done} ${OFFLINE_SUFFIX}`, key && toastKey(key, online)),
    [announce, online],
  )
  return { online, announceChange }
}

/**
 * When the server answers a provider's change, the toast about it is stale: an accepted change's
 * "sent when you are back online" goes, and a refused change's toast goes whatever it said (the
 * refusal is shown in the list of refused changes instead).
 */
export function useSettledChangeToasts(): void {
  const changes = useProviderChanges()
  const withdraw = useWithdrawAnnouncement()
  const queued = useRef(new Set<string>())
  useEffect(() => {
    const now = new Map(changes.map((c: ProviderChange) => [c.key, c]))
    for (const key of queued.current) {
      const change = now.get(key)
      if (change?.state === 'queued') continue
      withdraw(toastKey(key, false))
      if (change?.state === 'refused') withdraw(toastKey(key, true))
    }
    queued.current = new Set(changes.filter((c) => c.state === 'queued').map((c) => c.key))
  }, [changes, withdraw])
}
