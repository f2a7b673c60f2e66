import { type ReactNode, useEffect, useId, useRef } from 'react'
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

/**
 * A modal on the native <dialog>: showModal() gives the focus trap, Escape to close, an inert
 * background and focus returning to the opener, without a library. While open it has a history
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
