import { type FormEvent, useState } from 'react'
import type { z } from 'zod'
import { useAnnounce } from '../../ui/Announcer.js'

/**
 * Validates a form's body with its zod schema, sends it, announces the result and closes the form;
 * on failure keeps the form open with the first problem shown.
 */
export function useSubmitSlots<Schema extends z.ZodType>(
  schema: Schema,
  send: (body: z.infer<Schema>) => Promise<string>,
  onDone: () => void,
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
      announce(await send(parsed.data))
      onDone()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The slots could not be created.')
      setBusy(false)
    }
  }

  return { busy, error, submit }
}
