import { useId, useLayoutEffect, useRef, useState } from 'react'

/**
 * A note typed by a customer, shown with its line breaks (as typed in the booking dialog), cut to a
 * few lines on a card: a 500-character note made a booking card about 600 px tall on a phone. "Show
 * more" appears only when the note is cut (measured, since where lines wrap depends on the width), and
 * says whether it is open (aria-expanded) and what it opens (aria-controls).
 */
export function ClampedNote({
  text,
  className,
  testId,
}: {
  text: string
  className: string
  testId?: string
}) {
  const id = useId()
  const ref = useRef<HTMLParagraphElement>(null)
  const [open, setOpen] = useState(false)
  const [cut, setCut] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new text is measured again (a note cut to four lines keeps its box size, so the observer would not see it)
  useLayoutEffect(() => {
    const note = ref.current
    // Open, the note is whole: what it overflowed when closed still holds (the button stays).
    if (!note || open) return
    const measure = () => setCut(note.scrollHeight > note.clientHeight + 1)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(note)
    return () => observer.disconnect()
  }, [open, text])
  return (
    <>
      <p
        ref={ref}
        id={id}
        className={`${className} clamped-note${open ? '' : ' clamped-note--closed'}`}
        data-testid={testId}
      >
        “{text}”
      </p>
      {cut && (
        <button
          type="button"
          className="clamped-note__toggle"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          data-testid="note-toggle"
        >
          {open ? 'Show less' : 'Show more'}
        </button>
      )}
    </>
  )
}
