/**
 * What the booking dialog says when its slot fills while it is open (another customer took the last
 * seat), above the waitlist it then offers; kept pure (test/unit/slotFilledText.test.ts).
 */
export function slotFilledWords(noteTyped: boolean): string {
  const filled = 'This slot just filled: another customer took the last seat while you were booking.'
  return noteTyped
    ? `${filled} Your note was not sent; it is kept here if a seat frees while this stays open (the waitlist takes no note).`
    : filled
}
