import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react'
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
  /** Long lines wrap. */
  wrap: boolean
  onChange(code: string): void
  /** replace(text): the whole text as one undoable edit (reset to the starter code). */
  handle?: Ref<{ replace(text: string): void }>
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
          wrap: latest.current.wrap,
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

  useEffect(() => {
    editor.current?.setWrap(props.wrap)
  }, [props.wrap])

  const fallback = useRef<HTMLTextAreaElement>(null)
  useImperativeHandle(props.handle, () => ({
    replace(text: string) {
      if (editor.current) return editor.current.replace(text)
      // The plain field: set it and say so, as typing would.
      if (fallback.current) fallback.current.value = text
      latest.current.onChange(text)
    },
  }))

  if (state === 'failed')
    return (
      // The editor could not load (an old browser, a failed chunk): a plain field still works.
      <textarea
        ref={fallback}
        className={`t-code-fallback${props.wrap ? '' : ' t-nowrap'}`}
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
