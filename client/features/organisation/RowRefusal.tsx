import { useEffect, useRef } from 'react'

/**
 * Why the server refused what the admin just did on a row (a member with upcoming work, the last
 * admin), said at that row: the page is long, so its top is often off-screen. The note takes the
 * focus (the button pressed may be gone, leaving it on the page's body), which brings it into view
 * and has a screen reader read it.
 */
export function RowRefusal({ message, testId }: { message: string; testId?: string }) {
  const note = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    note.current?.focus()
  }, [])
  return (
    <p ref={note} tabIndex={-1} className="note note--error row-refusal" role="alert" data-testid={testId}>
      {message}
    </p>
  )
}
