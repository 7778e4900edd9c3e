/**
 * Copies text: the async Clipboard API where the page may use it (secure contexts), else the
 * old hidden-textarea `execCommand('copy')`. Resolves false when neither works.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Permission denied or unfocused document: try the fallback.
  }
  const active = document.activeElement as HTMLElement | null
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.top = '0'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  active?.focus()
  return ok
}

/** Selects an element's text, so the user can copy it by hand. */
export function selectContents(element: HTMLElement | null) {
  if (!element) return
  const selection = window.getSelection()
  selection?.selectAllChildren(element)
}
