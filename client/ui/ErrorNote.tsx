/** An error in a form or dialog, announced when it appears; nothing when there is none. */
export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null
  return (
    <p className="note note--error" role="alert">
      {error}
    </p>
  )
}
