/**
 * An endpoint's delivery log while it is open: read again every few seconds (deliveries and retries
 * land by themselves), every second while a delivery is on its way (waiting to be queued, or queued
 * for its first try), and at once after a replay, so a replayed delivery's row moves on to
 * "delivered" (or its failure) without reloading the page. When the last delivery on its way
 * settles, `onSettled` runs (the endpoint's failing state may have changed with it).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { WebhookDelivery } from '../../../shared/webhooks.js'
import type { WebhookActions } from '../../data/index.js'

/** How often an open log is read again when nothing is on its way. */
export const LOG_REFRESH_MS = 3000
/** How often while a delivery is on its way (it is usually sent within a second). */
export const LOG_REFRESH_BUSY_MS = 1000

/** A delivery the relay or the queue is about to send (a retry waits its turn: not this). */
export function onItsWay(delivery: Pick<WebhookDelivery, 'status' | 'attempts'>): boolean {
  return delivery.status === 'pending' || (delivery.status === 'queued' && delivery.attempts === 0)
}

export interface DeliveryLog {
  /** Null while closed. */
  log: WebhookDelivery[] | null
  /** Opens (or reads again) the log; rejects when the read fails. */
  open(): Promise<void>
  /** Replays a delivery: its row reads as the server answered (pending) at once, then moves on. */
  replay(deliveryId: number): Promise<void>
}

export function useDeliveryLog(
  endpointId: string,
  actions: WebhookActions,
  onSettled: () => void,
): DeliveryLog {
  const [log, setLog] = useState<WebhookDelivery[] | null>(null)
  // Each finished read (or failed one) schedules the next.
  const [reads, setReads] = useState(0)
  // Bumped by a replay: a read of the log begun before it would show the delivery as it was.
  const replays = useRef(0)
  const read = useCallback(async () => {
    const before = replays.current
    try {
      const fresh = await actions.deliveries(endpointId)
      if (replays.current === before) setLog(fresh)
    } finally {
      setReads((n) => n + 1)
    }
  }, [actions, endpointId])

  const replay = useCallback(
    async (deliveryId: number) => {
      const replayed = await actions.replay(deliveryId)
      replays.current += 1
      setLog((rows) => rows?.map((row) => replayed.find((r) => r.id === row.id) ?? row) ?? null)
      // Read again at once: the relay usually has it queued or sent by the time this answers.
      read().catch(() => {})
    },
    [actions, read],
  )

  const logOpen = log !== null
  const busy = log?.some(onItsWay) ?? false
  useEffect(() => {
    if (!logOpen) return
    void reads // each finished read schedules the next
    // A failed read keeps the last log on screen (the next one may work).
    const timer = setTimeout(() => read().catch(() => {}), busy ? LOG_REFRESH_BUSY_MS : LOG_REFRESH_MS)
    return () => clearTimeout(timer)
  }, [logOpen, busy, reads, read])

  const wasBusy = useRef(false)
  const settled = useRef(onSettled)
  settled.current = onSettled
  useEffect(() => {
    if (wasBusy.current && !busy) settled.current()
    wasBusy.current = busy
  }, [busy])

  return { log, open: read, replay }
}
