/**
 * Turns a candidate's JavaScript or TypeScript into a plain script for QuickJS. Runs inside the
 * sandbox child: parsing untrusted source is itself attack surface the worker should not carry.
 */

export type PreparedSource = { ok: true; source: string } | { ok: false; error: string }

/**
 * Boilerplate often exports the solution; QuickJS evaluates a script, where `export` is a syntax
 * error, so exports on declarations are dropped and export lists removed.
 */
export function stripExports(source: string): string {
  return source
    .replace(/^([ \t]*)export[ \t]+default[ \t]+(?=(?:async[ \t]+)?function\b|class\b)/gm, '$1')
    .replace(
      /^([ \t]*)export[ \t]+(?=(?:async[ \t]+)?function\b|class\b|const\b|let\b|var\b)/gm,
      '$1',
    )
    .replace(/^[ \t]*export[ \t]*\{[^}]*\}[ \t]*;?[ \t]*$/gm, '')
    .replace(/^[ \t]*export[ \t]+default[ \t]+[A-Za-z_$][\w$]*[ \t]*;?[ \t]*$/gm, '')
}

interface TranspileMessage {
  message?: string
  position?: { line?: number; lineText?: string } | null
}

function describeTranspileError(error: unknown): string {
  const list = (error as { errors?: TranspileMessage[] })?.errors
  const first = Array.isArray(list) ? list[0] : undefined
  if (first?.message) {
    const line = first.position?.line
    return `SyntaxError: ${first.message}${line ? ` (line ${line})` : ''}`
  }
  return `SyntaxError: ${error instanceof Error ? error.message : String(error)}`
}

export function prepareSource(language: string, code: string): PreparedSource {
  if (language !== 'typescript') return { ok: true, source: stripExports(code) }
  try {
    // Types are stripped only: no bundling, no imports resolved, no checking.
    const js = new Bun.Transpiler({ loader: 'ts' }).transformSync(code)
    return { ok: true, source: stripExports(js) }
  } catch (error) {
    return { ok: false, error: describeTranspileError(error) }
  }
}
