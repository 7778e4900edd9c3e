/**
 * CodeMirror 6 for the code questions, loaded on demand (it is most of the bundle): the
 * maintained packages for history, indentation, brackets and highlighting. Tab is left to the
 * browser so a keyboard user can leave the editor (indent with Ctrl+] / Ctrl+[ instead).
 */

import type { CodeLanguage } from '@assess/core'
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from '@codemirror/commands'
import { cpp } from '@codemirror/lang-cpp'
import { go } from '@codemirror/lang-go'
import { java } from '@codemirror/lang-java'
import { javascript } from '@codemirror/lang-javascript'
import { php } from '@codemirror/lang-php'
import { python } from '@codemirror/lang-python'
import { rust } from '@codemirror/lang-rust'
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language'
import { csharp } from '@codemirror/legacy-modes/mode/clike'
import { ruby } from '@codemirror/legacy-modes/mode/ruby'
import { Compartment, EditorState, type Extension } from '@codemirror/state'
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view'
import { tags as t } from '@lezer/highlight'

export type EditorLanguage = CodeLanguage

/**
 * Token colours as classes (styles.css): each reads at 4.5:1 or more on the editor's background
 * and its active line (CodeMirror's default palette has lighter ones that do not).
 */
const readableHighlight = HighlightStyle.define([
  {
    tag: [
      t.keyword,
      t.operatorKeyword,
      t.modifier,
      t.controlKeyword,
      t.definitionKeyword,
      t.moduleKeyword,
    ],
    class: 't-cm-kw',
  },
  { tag: [t.string, t.special(t.string), t.regexp, t.escape, t.character], class: 't-cm-str' },
  { tag: [t.number, t.integer, t.float], class: 't-cm-num' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], class: 't-cm-com' },
  { tag: [t.bool, t.null, t.atom, t.self, t.processingInstruction, t.meta], class: 't-cm-atom' },
  {
    tag: [t.function(t.definition(t.variableName)), t.definition(t.variableName)],
    class: 't-cm-def',
  },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], class: 't-cm-type' },
  { tag: t.invalid, class: 't-cm-invalid' },
])

/** Each language's highlighting and indentation, and the indent its developers use. */
const SUPPORT: Record<CodeLanguage, { support: () => Extension; unit: string }> = {
  javascript: { support: () => javascript(), unit: '  ' },
  typescript: { support: () => javascript({ typescript: true }), unit: '  ' },
  python: { support: () => python(), unit: '    ' },
  java: { support: () => java(), unit: '    ' },
  cpp: { support: () => cpp(), unit: '    ' },
  c: { support: () => cpp(), unit: '    ' },
  csharp: { support: () => StreamLanguage.define(csharp), unit: '    ' },
  go: { support: () => go(), unit: '\t' },
  rust: { support: () => rust(), unit: '    ' },
  ruby: { support: () => StreamLanguage.define(ruby), unit: '  ' },
  php: { support: () => php(), unit: '    ' },
}

export interface CreateEditorOptions {
  parent: HTMLElement
  doc: string
  language: EditorLanguage
  label: string
  describedBy?: string
  wrap?: boolean
  onChange(code: string): void
}

export interface EditorHandle {
  setEditable(editable: boolean): void
  /** Long lines wrap instead of scrolling sideways. */
  setWrap(wrap: boolean): void
  /** Replaces the whole text as one edit (Ctrl+Z brings the old text back). */
  replace(text: string): void
  focus(): void
  destroy(): void
}

export function createEditor(options: CreateEditorOptions): EditorHandle {
  const { support: supportOf, unit } = SUPPORT[options.language]
  const support = supportOf()
  const editable = new Compartment()
  const wrapping = new Compartment()
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
        syntaxHighlighting(readableHighlight),
        indentUnit.of(unit),
        EditorState.tabSize.of(unit === '\t' ? 4 : unit.length),
        keymap.of([
          { key: 'Mod-]', run: indentMore, preventDefault: true },
          { key: 'Mod-[', run: indentLess, preventDefault: true },
          ...closeBracketsKeymap,
          ...historyKeymap,
          ...defaultKeymap,
        ]),
        editable.of([EditorView.editable.of(true), EditorState.readOnly.of(false)]),
        wrapping.of(options.wrap ? EditorView.lineWrapping : []),
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
    setWrap(wrap) {
      view.dispatch({ effects: wrapping.reconfigure(wrap ? EditorView.lineWrapping : []) })
    },
    replace(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  }
}
