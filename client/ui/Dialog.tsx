import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react'
import { MODAL_OPENED } from './Announcer.js'
import { dialogHistory } from './dialogHistory.js'

interface DialogProps {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  /** Extra line under the title. */
  description?: ReactNode
  testId?: string
}

const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'

/**
 * Tab from the last control, or Shift+Tab from the first, goes round to the other end. showModal()
 * makes the page behind inert but does not trap the focus: Tab from the last control left for the
 * document (<body>) and the browser's own controls before coming back.
 */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.matches(':disabled') && el.getClientRects().length > 0,
  )
  const [first, last] = [controls[0], controls.at(-1)]
  const from = event.shiftKey ? first : last
  if (!from || document.activeElement !== from) return
  event.preventDefault()
  ;(event.shiftKey ? last : first)?.focus()
}

/**
 * A modal on the native <dialog>: showModal() gives Escape to close, an inert background and focus
 * returning to the opener, without a library; Tab goes round inside it (keepFocusInside). While open it has a history
 * entry of its own, so the browser's Back closes it and leaves the page as it was (dialogHistory.ts).
 */
export function Dialog({ open, title, onClose, children, description, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const closeRef = useRef(onClose)
  closeRef.current = onClose

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      document.dispatchEvent(new Event(MODAL_OPENED))
    }
    if (!open && dialog.open) dialog.close()
  }, [open])

  // Back closes it; closed otherwise (or unmounted while open), its history entry goes.
  useEffect(() => {
    if (!open) return
    return dialogHistory().opened(() => closeRef.current())
  }, [open])

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onKeyDown={keepFocusInside}
      data-testid={testId}
    >
      {open && (
        <>
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
              ×
            </button>
          </header>
          {description && (
            <p id={descriptionId} className="dialog__description">
              {description}
            </p>
          )}
          <div className="dialog__body">{children}</div>
        </>
      )}
    </dialog>
  )
}
