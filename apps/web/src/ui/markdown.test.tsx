import { expect, test } from 'bun:test'
import { renderToStaticMarkup } from 'react-dom/server'
import { Markdown } from './Markdown.tsx'

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />)

test('the Markdown authors write: emphasis, code, lists, tables, headings below the page', () => {
  expect(html('Return **the sum** of *a* and `b`.')).toBe(
    '<div class="md"><p>Return <strong>the sum</strong> of <em>a</em> and <code>b</code>.</p></div>',
  )
  expect(html('# Task\n\n- one\n- two')).toBe(
    '<div class="md"><h3>Task</h3><ul><li>one</li><li>two</li></ul></div>',
  )
  expect(html('```js\nconst x = 1 < 2\n```')).toBe(
    '<div class="md"><pre class="t-pre"><code>const x = 1 &lt; 2</code></pre></div>',
  )
  expect(html('| n | n² |\n|---|---|\n| 3 | 9 |')).toContain('<td>3</td><td>9</td>')
  // A single newline stays a line break, as prompts written as plain text expect.
  expect(html('Input: n\nOutput: n²')).toContain('Input: n<br/>Output: n²')
})

test('nothing written is ever HTML: raw tags are text, only http(s) and mail links are links', () => {
  const out = html(
    '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [go](javascript:alert(1))',
  )
  expect(out).not.toContain('<script')
  expect(out).not.toContain('<img')
  expect(out).toContain('&lt;script&gt;')
  expect(out).not.toContain('href="javascript')
  expect(html('[docs](https://example.com/a?b=1&c=2)')).toContain(
    '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">docs</a>',
  )
  expect(html('![a chart](https://example.com/x.png)')).toBe(
    '<div class="md"><p>[a chart]</p></div>',
  )
})
