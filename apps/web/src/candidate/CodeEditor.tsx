import { useEffect, useRef, useState } from 'react'
import type { EditorHandle, EditorLanguage } from './code-editor-setup.ts'

/**
 * A CodeMirror 6 editor (loaded on demand). Uncontrolled: `initial` is read once, so remount
 * it (key) for another question. Its content element is labelled "Code editor".
 */
export function CodeEditor(props: {
  initial: string
  language: EditorLanguage
  disabled: boolean
  describedBy?: string
  onChange(code: string): void
}) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<EditorHandle | null>(null)
  const latest = useRef(props)
  latest.current = props
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const { language, describedBy } = props
  const initial = useRef(props.initial)

  useEffect(() => {
    let cancelled = false
    let handle: EditorHandle | null = null
    import('./code-editor-setup.ts')
      .then(({ createEditor }) => {
        if (cancelled || !host.current) return
        handle = createEditor({
          parent: host.current,
          doc: initial.current,
          language,
          label: 'Code editor',
          describedBy,
          onChange: (code) => latest.current.onChange(code),
        })
        handle.setEditable(!latest.current.disabled)
        editor.current = handle
        setState('ready')
      })
      .catch(() => {
        if (!cancelled) setState('failed')
      })
    return () => {
      cancelled = true
      handle?.destroy()
      editor.current = null
    }
  }, [language, describedBy])

  useEffect(() => {
    editor.current?.setEditable(!props.disabled)
  }, [props.disabled])

  if (state === 'failed')
    return (
      // The editor could not load (an old browser, a failed chunk): a plain field still works.
      <textarea
        className="t-code-fallback"
        aria-label="Code editor"
        aria-describedby={describedBy}
        defaultValue={initial.current}
        disabled={props.disabled}
        spellCheck={false}
        onChange={(e) => props.onChange(e.target.value)}
      />
    )
  return (
    <div className="t-editor" aria-busy={state === 'loading'}>
      {state === 'loading' ? <p className="muted t-editor-loading">Loading the editor…</p> : null}
      <div ref={host} />
    </div>
  )
}
