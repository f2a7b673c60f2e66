import { useCallback, useEffect, useRef } from 'react'
import { documentKey, useProviderChanges, useSyncStatus } from '../../data/index.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { useBrowserOnline } from './useBrowserOnline.js'

export const OFFLINE_SUFFIX = 'Saved on this device, sent when you are back online.'

/**
 * The key of the toast about slots made offline ("2 slots created. Saved on this device, sent when
 * you are back online."): one toast for several new slots, withdrawn once none made on the device
 * waits to be sent (each was taken, or refused and listed under "Changes not saved").
 */
export const NEW_SLOTS_OFFLINE_TOAST = 'change-offline:new-slots'

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
 * When the server answers a provider's changes, the toast about them is stale: an accepted change's
 * "sent when you are back online" goes, and a refused change's toast goes whatever it said (the
 * refusal is shown in the list of refused changes instead). Toasts are per document (the latest
 * change to a slot or booking), so they go once none of the document's changes is queued; the toast
 * about new slots made offline (one for all of them) goes once no new slot is queued.
 */
export function useSettledChangeToasts(): void {
  const changes = useProviderChanges()
  const withdraw = useWithdrawAnnouncement()
  const seen = useRef({ waiting: new Set<string>(), refused: new Set<string>(), creating: false })
  useEffect(() => {
    const queued = changes.filter((c) => c.state === 'queued')
    const waiting = new Set(queued.map(documentKey))
    const creating = queued.some((c) => c.tried.kind === 'create')
    if (seen.current.creating && !creating) withdraw(NEW_SLOTS_OFFLINE_TOAST)
    const refusals = changes.filter((c) => c.state === 'refused')
    // Refused since the last look (an older refusal of the same slot is not this answer).
    const justRefused = new Set(refusals.filter((c) => !seen.current.refused.has(c.key)).map(documentKey))
    for (const key of seen.current.waiting) {
      if (waiting.has(key)) continue
      withdraw(toastKey(key, false))
      if (justRefused.has(key)) withdraw(toastKey(key, true))
    }
    seen.current = { waiting, refused: new Set(refusals.map((c) => c.key)), creating }
  }, [changes, withdraw])
}
