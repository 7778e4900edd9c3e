import { Lexer, type Token, type Tokens } from 'marked'
import { Fragment, type ReactNode } from 'react'

/**
 * A question's prompt in Markdown, rendered the same for the recruiter (the editor's preview,
 * the report) and the candidate. marked only tokenizes; the tokens become React elements here,
 * so nothing the author wrote is ever parsed as HTML: raw HTML shows as text, links go only to
 * http(s) and mail addresses and open in a new tab, images show as their description (the CSP
 * allows no outside image anyway). Headings start at `h3`: the page owns h1 and h2.
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  const tokens = new Lexer({ gfm: true, breaks: true }).lex(text)
  return <div className={`md${className ? ` ${className}` : ''}`}>{blocks(tokens)}</div>
}

const SAFE_LINK = /^(https?:\/\/|mailto:)/i

/** Each token with a key: where it starts in the text (the prompt is static). */
function keyed(tokens: Token[]): [Token, string][] {
  let at = 0
  return tokens.map((token) => {
    const key = `k${at}`
    at += token.raw.length
    return [token, key]
  })
}

function blocks(tokens: Token[]): ReactNode[] {
  return keyed(tokens).map(([token, key]) => block(token, key))
}

function block(token: Token, key: string): ReactNode {
  const t = token as Token & { tokens?: Token[] }
  switch (token.type) {
    case 'heading': {
      const h = token as Tokens.Heading
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[Math.min(3, Math.max(0, h.depth - 1))] ?? 'h6'
      return <Tag key={key}>{inline(h.tokens)}</Tag>
    }
    case 'paragraph':
      return <p key={key}>{inline(t.tokens ?? [])}</p>
    case 'code': {
      const c = token as Tokens.Code
      return (
        <pre key={key} className="t-pre">
          <code>{c.text}</code>
        </pre>
      )
    }
    case 'blockquote':
      return <blockquote key={key}>{blocks(t.tokens ?? [])}</blockquote>
    case 'list': {
      const l = token as Tokens.List
      const items = l.items.map((item, j) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a prompt's list never reorders
        <li key={j}>{item.loose ? blocks(item.tokens) : tight(item.tokens)}</li>
      ))
      return l.ordered ? (
        <ol key={key} start={typeof l.start === 'number' && l.start !== 1 ? l.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      )
    }
    case 'table': {
      const tb = token as Tokens.Table
      return (
        <table key={key} className="md-table">
          <thead>
            <tr>
              {tb.header.map((cell, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static table
                <th key={j} scope="col">
                  {inline(cell.tokens)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tb.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static table
              <tr key={r}>
                {row.map((cell, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static table
                  <td key={j}>{inline(cell.tokens)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )
    }
    case 'hr':
      return <hr key={key} />
    case 'space':
      return null
    case 'html':
      return <p key={key}>{(token as Tokens.HTML).text}</p>
    default:
      return t.tokens ? <p key={key}>{inline(t.tokens)}</p> : <p key={key}>{token.raw}</p>
  }
}

/** A tight list item's tokens: its text without wrapping paragraphs. */
function tight(tokens: Token[]): ReactNode[] {
  return keyed(tokens).map(([token, key]) => {
    const t = token as Token & { tokens?: Token[] }
    if (token.type === 'text' && t.tokens) return <Fragment key={key}>{inline(t.tokens)}</Fragment>
    return block(token, key)
  })
}

function inline(tokens: Token[]): ReactNode[] {
  return keyed(tokens).map(([token, i]) => {
    const t = token as Token & { tokens?: Token[]; text?: string }
    switch (token.type) {
      case 'strong':
        return <strong key={i}>{inline(t.tokens ?? [])}</strong>
      case 'em':
        return <em key={i}>{inline(t.tokens ?? [])}</em>
      case 'del':
        return <del key={i}>{inline(t.tokens ?? [])}</del>
      case 'codespan':
        return <code key={i}>{decode(t.text ?? '')}</code>
      case 'br':
        return <br key={i} />
      case 'link': {
        const l = token as Tokens.Link
        if (!SAFE_LINK.test(l.href)) return <Fragment key={i}>{inline(l.tokens)}</Fragment>
        return (
          <a key={i} href={l.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(l.tokens)}
          </a>
        )
      }
      case 'image':
        return <Fragment key={i}>[{(token as Tokens.Image).text}]</Fragment>
      case 'text':
        return t.tokens ? (
          <Fragment key={i}>{inline(t.tokens)}</Fragment>
        ) : (
          <Fragment key={i}>{decode(t.text ?? '')}</Fragment>
        )
      case 'escape':
        return <Fragment key={i}>{decode(t.text ?? '')}</Fragment>
      default:
        return <Fragment key={i}>{token.raw}</Fragment>
    }
  })
}

/** marked escapes a few characters in text it would print as HTML; React escapes for us. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}
