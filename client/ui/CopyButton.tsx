import { type RefObject, useState } from 'react'

interface CopyButtonProps {
  /** What is copied: the text shown in `shownIn`. */
  text: string
  /** The element showing the text, selected when the clipboard cannot be written. */
  shownIn: RefObject<HTMLInputElement | HTMLElement | null>
  /** How the status names the text when it has to be copied by hand: "the link". */
  what: string
  label?: string
  testId?: string
}

/** Selects the text of an input, or of any other element, so the user can copy it themselves. */
function selectText(element: HTMLInputElement | HTMLElement): void {
  element.focus()
  if (element instanceof HTMLInputElement) {
    element.select()
    return
  }
  const selection = window.getSelection()
  if (!selection) return
  const range = document.createRange()
  range.selectNodeContents(element)
  selection.removeAllRanges()
  selection.addRange(range)
}

/**
 * A button that copies a text shown beside it to the clipboard and says "Copied" in a status message
 * (read out by screen readers). Where the page may not write to the clipboard (no Clipboard API, as on
 * a page not served over HTTPS, or the browser refuses), the text is selected on screen instead and
 * the status says how to copy it.
 */
export function CopyButton({ text, shownIn, what, label = 'Copy', testId }: CopyButtonProps) {
  const [status, setStatus] = useState<{ text: string; message: string } | null>(null)

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      setStatus({ text, message: 'Copied' })
    } catch {
      if (shownIn.current) selectText(shownIn.current)
      setStatus({
        text,
        message: `Could not copy: ${what} is selected, press Ctrl+C (⌘C on a Mac) to copy it.`,
      })
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={copy}
        data-testid={testId}
      >
        {label}
      </button>
      {/* Always in the page, so the message is read out when it appears; a new text starts without one. */}
      <span role="status" className="muted" data-testid={testId ? `${testId}-status` : undefined}>
        {status?.text === text ? status.message : null}
      </span>
    </>
  )
}
