import { type FormEvent, useState } from 'react'
import type { z } from 'zod'
import { useAnnounce } from '../../ui/Announcer.js'
import { NEW_SLOTS_OFFLINE_TOAST } from '../sync/useChangeAnnouncer.js'

export interface SlotsSent {
  message: string
  /**
   * Made on the device, to be sent when back online (the message says so): the toast is withdrawn
   * once the server has answered for them (useSettledChangeToasts).
   */
  queued: boolean
  /** Start of the first slot created; null when nothing was (the message then says why). */
  firstStart: string | null
}

/**
 * Validates a form's body with its zod schema, sends it, announces the result and hands over the
 * first created slot's start; on failure (or nothing created) keeps the form open with the reason shown.
 */
export function useSubmitSlots<Schema extends z.ZodType>(
  schema: Schema,
  send: (body: z.infer<Schema>) => Promise<SlotsSent>,
  onCreated: (startTime: string) => void,
) {
  const announce = useAnnounce()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent, body: unknown) {
    event.preventDefault()
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message).join('. '))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const sent = await send(parsed.data)
      setBusy(false)
      if (!sent.firstStart) {
        setError(sent.message)
        return
      }
      announce(sent.message, sent.queued ? NEW_SLOTS_OFFLINE_TOAST : undefined)
      onCreated(sent.firstStart)
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The slots could not be created.')
      setBusy(false)
    }
  }

  return { busy, error, submit }
}
