/** Offers text to the user as a file download (e.g. an .ics the calendar app opens). */
export function saveTextFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the object URL; release it after the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
