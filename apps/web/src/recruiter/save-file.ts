/**
 * Hands a Blob to the browser as a download: an object URL behind a temporary <a download>,
 * so a file fetched with the Authorization header saves like a plain link would.
 */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.hidden = true
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Some browsers read the URL after click() returns: revoke it only once they surely have.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
