/**
 * The first thing a keyboard reaches on every page: past the navigation and the test's top bar
 * to the page's content (its <main>, focused).
 */
export function SkipLink() {
  return (
    // biome-ignore lint/a11y/useValidAnchor: a same-page link; pages share no id, so the click focuses their <main>
    <a
      href="#main"
      className="skip-link"
      onClick={(e) => {
        const main = document.querySelector('main')
        if (!main) return
        e.preventDefault()
        main.setAttribute('tabindex', '-1')
        main.focus()
      }}
    >
      Skip to content
    </a>
  )
}
