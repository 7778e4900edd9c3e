/**
 * CodeMirror 6 for the code questions, loaded on demand (it is most of the bundle): the
 * maintained packages for history, indentation, brackets and highlighting. Tab is left to the
 * browser so a keyboard user can leave the editor (indent with Ctrl+] / Ctrl+[ instead).
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from '@codemirror/commands'
import { javascript } from '@codemirror/lang-javascript'
import { python } from '@codemirror/lang-python'
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language'
import { Compartment, EditorState } from '@codemirror/state'
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view'

export type EditorLanguage = 'javascript' | 'typescript' | 'python'

export interface CreateEditorOptions {
  parent: HTMLElement
  doc: string
  language: EditorLanguage
  label: string
  describedBy?: string
  onChange(code: string): void
}

export interface EditorHandle {
  setEditable(editable: boolean): void
  focus(): void
  destroy(): void
}

export function createEditor(options: CreateEditorOptions): EditorHandle {
  const support =
    options.language === 'python'
      ? python()
      : javascript({ typescript: options.language === 'typescript' })
  const unit = options.language === 'python' ? '    ' : '  '
  const editable = new Compartment()
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        drawSelection(),
        highlightActiveLine(),
        history(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        support,
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        indentUnit.of(unit),
        EditorState.tabSize.of(unit.length),
        keymap.of([
          { key: 'Mod-]', run: indentMore, preventDefault: true },
          { key: 'Mod-[', run: indentLess, preventDefault: true },
          ...closeBracketsKeymap,
          ...historyKeymap,
          ...defaultKeymap,
        ]),
        editable.of([EditorView.editable.of(true), EditorState.readOnly.of(false)]),
        EditorView.contentAttributes.of({
          'aria-label': options.label,
          'aria-multiline': 'true',
          ...(options.describedBy && { 'aria-describedby': options.describedBy }),
          autocapitalize: 'off',
          autocorrect: 'off',
          spellcheck: 'false',
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString())
        }),
      ],
    }),
  })
  return {
    setEditable(on) {
      view.dispatch({
        effects: editable.reconfigure([EditorView.editable.of(on), EditorState.readOnly.of(!on)]),
      })
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  }
}
